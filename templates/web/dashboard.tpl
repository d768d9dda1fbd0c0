{# 各支部情况: the 工委's view — every branch with the score and grade an audit's 反馈单 would give its findings
   (#12's scoring), its errors, warnings and overdue work (named), worst first. #}
{% include "web/top.tpl" %}
<p>{% if admin %}<a class="button secondary" href="/admin/accounts">账户管理</a>{% endif %}<a class="button secondary" href="/changes">修改记录</a></p>
<p>得分与等级按审计评分标准（profiles/audit/scoring.json）计算各支部记录的检查结果；档案文件本身（清单、损坏的文件）须在“归档与审计”中审计后才计入反馈单。</p>
<table class="list" id="branches">
  <tr><th>支部</th><th>得分</th><th>等级</th><th>错误</th><th>警告</th><th>逾期事项</th><th>主要问题</th></tr>
  {% for b in branches %}
  <tr class="{% if b.unusable or b.errors %}error{% endif %}"><td><a href="/b/{{ b.id }}/">{{ b.name }}</a></td>
    <td class="score">{{ b.score }}</td><td class="grade">{{ b.grade }}</td>
    <td>{% if b.unusable %}数据无法读取{% else %}{{ b.errors }}{% endif %}</td><td>{{ b.warnings }}</td>
    <td class="overdue">{{ b.overdue }}{% if b.overdue_items %}：{{ b.overdue_items }}{% endif %}</td><td>{{ b.main }}</td></tr>
  {% endfor %}
</table>
{% include "web/bottom.tpl" %}
