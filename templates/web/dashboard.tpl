{# 各支部情况: the 工委's view, read from the shared index — every branch with the score and grade an audit's 反馈单 would give its findings
   (#12's scoring), its errors, warnings and overdue work (named), worst first. #}
{% include "web/top.tpl" %}
<p>{% if admin %}<a class="button secondary" href="/admin/accounts">账户管理</a>{% endif %}<a class="button secondary" href="/changes">修改记录</a></p>
<form method="get" action="/matters" class="inline"><input type="search" name="q" placeholder="档号或题名，查各支部"> <button>查找</button></form>
<p>得分与等级按审计评分标准（profiles/audit/scoring.json）计算各支部记录的检查结果；档案文件本身（清单、损坏的文件）须在“归档与审计”中审计后才计入反馈单。</p>
<table class="list" id="branches">
  <tr><th>支部</th><th>得分</th><th>等级</th><th>错误</th><th>警告</th><th>逾期事项</th><th>已编号（已归档）</th><th>主要问题</th></tr>
  {% for b in branches %}
  <tr class="{% if b.unusable or b.errors %}error{% endif %}"><td><a href="/b/{{ b.id }}/">{{ b.name }}</a></td>
    <td class="score">{{ b.score }}</td><td class="grade">{{ b.grade }}</td>
    <td>{% if b.unusable %}数据无法读取{% else %}{{ b.errors }}{% endif %}</td><td>{{ b.warnings }}</td>
    <td class="overdue">{{ b.overdue }}{% if b.overdue_items %}：{{ b.overdue_items }}{% endif %}</td><td class="matters">{{ b.matters }}{% if b.coded %}（{{ b.coded }}）{% endif %}</td>
    <td>{{ b.main }}{% if b.last_job %}<br><small>{{ b.last_job }}</small>{% endif %}</td></tr>
  {% endfor %}
</table>
{% include "web/bottom.tpl" %}
