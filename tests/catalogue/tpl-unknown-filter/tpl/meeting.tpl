<document><p>{{ record.date | shout }}</p></document>
