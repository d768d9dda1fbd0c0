{% for i in range(100) %}0123456789{% endfor %}
