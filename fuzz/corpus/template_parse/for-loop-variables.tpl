{% for p in people %}
{{ loop.index }}/{{ loop.length }} (index0={{ loop.index0 }}){% if loop.first %} first{% endif %}{% if loop.last %} last{% endif %}: {{ p }}
{% endfor %}
