{% include "partials/b.tpl" %}
