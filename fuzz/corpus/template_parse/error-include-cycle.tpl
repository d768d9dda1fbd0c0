<doc>
  {% include "partials/a.tpl" %}
</doc>
