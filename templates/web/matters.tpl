{# 档号: every matter of the branch (meetings, 换届, 发展, 党费台账) with the 档号 the one numbering gives it, as
   the shared index holds it; filed ones (the archive issued the number) are marked. #}
{% include "web/top.tpl" %}
{% include "web/problems.tpl" %}
<form method="get" action="{{ base }}/matters" class="inline"><input type="search" name="q" value="{{ q }}" placeholder="档号或题名中的文字"> <button>查找</button></form>
<table class="list" id="matters">
  <tr><th>档号</th><th>类别</th><th>日期</th><th>题名</th><th>归档</th></tr>
  {% for m in matters %}
  <tr><td class="code">{{ m.code }}</td><td>{{ m.kind }}</td><td>{{ m.date }}</td><td>{{ m.title }}</td><td>{% if m.issued %}已归档{% endif %}</td></tr>
  {% else %}
  <tr><td colspan="5">{% if indexed %}没有{% if q %}符合“{{ q }}”的{% endif %}已编号的记录（日期不完整的记录不编号）。{% else %}本服务没有索引。{% endif %}</td></tr>
  {% endfor %}
</table>
{% include "web/bottom.tpl" %}
