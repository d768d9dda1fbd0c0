{% include "partials/signature.tpl" %}
