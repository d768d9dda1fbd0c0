{# 花名册: the members of organisation.json, with their role in the committee and their 党小组. #}
{% include "web/top.tpl" %}
{% include "web/problems.tpl" %}
{% if not read_only %}<p><a class="button" id="new-member" href="{{ base }}/members/new">新增党员</a></p>{% endif %}
<table class="list" id="members">
  <tr><th>姓名</th><th>性别</th><th>类别</th><th>职务</th><th>党小组</th><th>入党时间</th><th>转正时间</th></tr>
  {% for m in members %}
  <tr><td><a href="{{ m.link }}">{{ m.name }}</a></td><td>{{ m.gender }}</td><td>{{ m.status }}党员</td><td>{{ m.role }}</td><td>{{ m.group }}</td>
      <td>{{ m.joined }}</td><td>{{ m.full_member }}</td></tr>
  {% else %}
  <tr><td colspan="7">organisation.json 中还没有党员名单（members）。</td></tr>
  {% endfor %}
</table>
{% include "web/bottom.tpl" %}
