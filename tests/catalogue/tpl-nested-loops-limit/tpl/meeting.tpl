<document>{% for i in range(0, 1000) %}{% for j in range(0, 1001) %}{% endfor %}{% endfor %}</document>
