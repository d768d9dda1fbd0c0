{% macro row(no, name) -%}
<row><cell>{{ no }}</cell><cell>{{ name }}</cell></row>
{%- endmacro %}
