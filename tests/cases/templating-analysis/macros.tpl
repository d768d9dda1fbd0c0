{% macro pages(x) %}{{ x.first_page }}{% endmacro %}
{% macro title(x) %}{{ x.title }}{% endmacro %}
