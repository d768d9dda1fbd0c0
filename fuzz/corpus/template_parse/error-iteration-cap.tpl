{% for i in range(50) %}
{% for j in range(50) %}.{% endfor %}
{% endfor %}
