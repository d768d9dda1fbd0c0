{% for m in meetings %}
{{ m.titel }}
{% endfor %}
