{# 修改记录: every save and account change — who, when (UTC), which branch, what. #}
{% include "web/top.tpl" %}
<table class="list" id="changes">
  <tr><th>时间（UTC）</th><th>账户</th><th>支部</th><th>修改</th></tr>
  {% for c in changes %}<tr><td>{{ c.at }}</td><td>{{ c.who }}</td><td>{{ c.branch }}</td><td>{{ c.what }}</td></tr>
  {% else %}<tr><td colspan="4">还没有修改。</td></tr>{% endfor %}
</table>
{% include "web/bottom.tpl" %}
