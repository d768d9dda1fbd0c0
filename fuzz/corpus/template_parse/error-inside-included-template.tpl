<doc>
  {% include "partials/row.tpl" %}
</doc>
