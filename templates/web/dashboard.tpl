{# 各支部情况: the 工委's view — every branch with its errors, warnings and overdue work, worst first. #}
{% include "web/top.tpl" %}
<p>{% if admin %}<a class="button secondary" href="/admin/accounts">账户管理</a>{% endif %}<a class="button secondary" href="/changes">修改记录</a></p>
<table class="list" id="branches">
  <tr><th>支部</th><th>错误</th><th>警告</th><th>逾期事项</th><th>主要问题</th></tr>
  {% for b in branches %}
  <tr class="{% if b.unusable or b.errors %}error{% endif %}"><td><a href="/b/{{ b.id }}/">{{ b.name }}</a></td>
    <td>{% if b.unusable %}数据无法读取{% else %}{{ b.errors }}{% endif %}</td><td>{{ b.warnings }}</td><td>{{ b.overdue }}</td><td>{{ b.main }}</td></tr>
  {% endfor %}
</table>
{% include "web/bottom.tpl" %}
