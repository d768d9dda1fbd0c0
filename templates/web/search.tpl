{# 各支部档号查询: matters of every branch whose 档号 or 题名 holds the text, from the shared index. #}
{% include "web/top.tpl" %}
<p><a class="button secondary" href="/">各支部情况</a></p>
<form method="get" action="/matters" class="inline"><input type="search" name="q" value="{{ q }}" placeholder="档号或题名中的文字"> <button>查找</button></form>
{% if q %}
<table class="list" id="matters">
  <tr><th>支部</th><th>档号</th><th>类别</th><th>日期</th><th>题名</th><th>归档</th></tr>
  {% for m in matters %}
  <tr><td><a href="/b/{{ m.branch }}/matters">{{ m.branch_name }}</a></td><td class="code">{{ m.code }}</td><td>{{ m.kind }}</td><td>{{ m.date }}</td><td>{{ m.title }}</td><td>{% if m.issued %}已归档{% endif %}</td></tr>
  {% else %}
  <tr><td colspan="6">没有档号或题名含“{{ q }}”的记录。</td></tr>
  {% endfor %}
</table>
{% endif %}
{% include "web/bottom.tpl" %}
