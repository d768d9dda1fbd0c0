{% if a %}
  {% if b %}
  x
  {% endif %}
