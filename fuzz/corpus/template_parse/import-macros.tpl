{% from "partials/rows.tpl" import row, signature %}
<table widths="15% *">
{% for p in people %}
  {{ row(loop.index, p.name) }}
{% endfor %}
</table>
{{ signature("记录人", recorder) }}
