b
  {% include "partials/a.tpl" %}
