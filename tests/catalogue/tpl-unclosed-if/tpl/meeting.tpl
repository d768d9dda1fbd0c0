<document>{% if record.agenda %}<p>议题</p></document>
