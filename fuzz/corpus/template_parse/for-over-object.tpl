{% for key, value in counts %}
{{ key }}：{{ value }}人
{% endfor %}
{% for key in counts %}{{ key }} {% endfor %}
