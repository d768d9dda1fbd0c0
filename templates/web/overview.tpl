{# 概览: this month's 工作提醒 and the findings of `dangan check` over the whole data folder. #}
{% include "web/top.tpl" %}
{% include "web/problems.tpl" %}
{% if indexed is defined %}
<p class="summary" id="index-summary">按审计评分标准：{% if indexed.score %}<strong>{{ indexed.score }} 分</strong>（{{ indexed.grade }}）{% else %}数据无法读取，未评分{% endif %}；
  已编号 {{ indexed.matters }} 件{% if indexed.coded %}，其中 {{ indexed.coded }} 件已归档{% endif %}（<a href="{{ base }}/matters">档号一览</a>）{% if indexed.last_job %}；最近一次：{{ indexed.last_job }}{% endif %}。</p>
{% endif %}
<section>
  <h2>工作提醒</h2>
  {% for r in reminders %}
  {% if loop.first %}<table class="list"><tr><th>类别</th><th>事项</th><th>说明</th><th>期限</th></tr>{% endif %}
  <tr{% if r.overdue %} class="overdue"{% endif %}><td>{{ r.category }}</td><td>{{ r.subject }}</td><td>{{ r.message }}</td><td>{% if r.since %}自{{ r.due | date }}起可办理{% elif r.due %}{{ r.due | date }}{% endif %}{% if r.overdue %}（已逾期）{% endif %}</td></tr>
  {% if loop.last %}</table>{% endif %}
  {% else %}
  <p>近期没有需要办理的事项。</p>
  {% endfor %}
</section>
<section>
  <h2>检查结果</h2>
  <p class="summary" id="summary">错误 {{ errors }} 项，警告 {{ warnings }} 项。</p>
  {% for f in findings %}
  {% if loop.first %}<table class="list findings"><tr><th>级别</th><th>记录</th><th>问题</th></tr>{% endif %}
  <tr class="{{ f.severity }}"><td>{{ f.severity_name }}</td><td>{% if f.link %}<a href="{{ f.link }}">{{ f.record }}</a>{% else %}{{ f.record }}{% endif %}</td><td>{{ f.message }}</td></tr>
  {% if loop.last %}</table>{% endif %}
  {% else %}
  <p>未发现问题。</p>
  {% endfor %}
</section>
{% include "web/bottom.tpl" %}
