{% macro again(n) %}{{ again(n + 1) }}{% endmacro %}<document>{{ again(1) }}</document>
