{% macro row(no, name, opinion="同意") -%}
<row><cell>{{ no }}</cell><cell>{{ name }}</cell><cell>{{ opinion }}</cell></row>
{%- endmacro %}
<table widths="15% 35mm *">
{% for v in votes %}
  {{ row(loop.index, v.name, v.opinion | default("同意")) }}
{% endfor %}
  {{ row(9, "A&B") }}
</table>
