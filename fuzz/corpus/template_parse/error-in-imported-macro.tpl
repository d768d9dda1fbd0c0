{% from "partials/rows.tpl" import row %}
{{ row(1, person) }}
