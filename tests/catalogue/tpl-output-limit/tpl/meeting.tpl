<document>{% for i in range(0, 999999) %}<p>{{ record.place }}{{ record.place }}{{ record.place }}{{ record.place }}</p>{% endfor %}</document>
