{% set total = 0 %}
{% set unit = "人" %}
{% for n in [3, 4] %}
{% set total = total + n %}
本轮 {{ total }}{{ unit }}
{% endfor %}
循环外 {{ total }}{{ unit }}
{% set total = [3, 4] | sum %}
合计 {{ total }}{{ unit }}
