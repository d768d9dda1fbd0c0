<document>{% for i in range(0, 100000000) %}<p>{{ i }}</p>{% endfor %}</document>
