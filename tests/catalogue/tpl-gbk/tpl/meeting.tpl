<document><p>»áÒé¼ÇÂ¼ {{ record.kind }}</p></document>
