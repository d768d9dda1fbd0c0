{% for m in meetings %}
{% if m.kind == "支部党员大会" %}
大会：{{ m.title }}
{% elif m.kind == "支委会" %}
支委会：{{ m.title }}
{% else %}
其他：{{ m.title }}
{% endif %}
{% endfor %}
