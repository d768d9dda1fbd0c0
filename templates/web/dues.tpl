{# 党费: each ledger as the paper one looks — members × months, paid / unpaid / not due; a cell opens its form. #}
{% include "web/top.tpl" %}
{% include "web/problems.tpl" %}
{% for l in ledgers %}
<h2>{{ l.title }}</h2>
<table class="list dues">
  <tr><th>姓名</th><th>基数</th><th>比例</th>{% for m in range(1, 13) %}<th>{{ m }}月</th>{% endfor %}<th>合计</th></tr>
  {% for r in l.rows %}
  <tr><td>{{ r.name }}</td><td>{{ r.base | default("—") }}</td><td>{{ r.rate | default("—") }}</td>
    {% for c in r.months %}<td class="{{ c.state }}"><a class="cell" href="{{ c.link }}">{% if c.state == "paid" %}{{ c.amount }}{% elif c.state == "unpaid" %}未交{% else %}&nbsp;{% endif %}</a></td>{% endfor %}
    <td>{{ r.total }}</td></tr>
  {% endfor %}
  <tr><th colspan="3">月合计</th>{% for t in l.month_totals %}<th>{{ t }}</th>{% endfor %}<th>{{ l.total }}</th></tr>
</table>
{% if l.unpaid_count %}<p class="message">有 {{ l.unpaid_count }} 个月份未交。</p>{% endif %}
{% else %}
<p>没有党费台账（kind: dues）。</p>
{% endfor %}
{% include "web/bottom.tpl" %}
