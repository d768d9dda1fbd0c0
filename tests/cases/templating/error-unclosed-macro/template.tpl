{% macro m() %}
x
