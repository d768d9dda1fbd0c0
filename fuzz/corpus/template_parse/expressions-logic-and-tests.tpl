{{ 1 + 2 * 3 }} {{ (1 + 2) * 3 }} {{ -n }} {{ n > 2 and n < 5 }} {{ not n }} {{ n == 3 or false }}
{{ "张三" in names }} {{ "赵六" not in names }} {{ "支" in "党支部" }} {{ "k" in obj }}
{{ obj.k is defined }} {{ obj.x is not defined }} {{ names is empty }} {{ [] is empty }} {{ n is odd }}
{{ "是" if n > 2 else "否" }}
{% for i in range(3) %}{{ i }}{% endfor %} {% for i in range(1, 10, 4) %}{{ i }}{% endfor %}
