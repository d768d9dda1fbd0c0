<document><p>{{ recrod.kind }}</p></document>
