{# 表格行和签名，供各台账模板导入 #}
{% macro row(no, name) -%}
<row><cell>{{ no }}</cell><cell>{{ name }}</cell></row>
{%- endmacro %}
{% macro signature(label, name) -%}
<signature width="40mm">{{ label }}：{{ name }}</signature>
{%- endmacro %}
