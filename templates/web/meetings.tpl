{# 会议记录: every meeting record of the data folder in date order, with its problems and the ledgers. #}
{% include "web/top.tpl" %}
{% include "web/problems.tpl" %}
<p><a class="button" href="{{ base }}/meetings/new">新增会议记录</a>
{% for y in years %} <a class="button secondary" href="{{ base }}/render?year={{ y }}" target="_blank">{{ y }}年会议记录本（PDF）</a>{% endfor %}</p>
<table class="list" id="meetings">
  <tr><th>日期</th><th>会议</th><th>次数</th><th>题名</th><th>问题</th><th>文件</th></tr>
  {% for m in meetings %}
  <tr><td>{{ m.date }}</td><td><a href="{{ m.link }}">{{ m.kind }}</a></td><td>{{ m.number }}</td><td>{{ m.title }}</td>
      <td>{% if m.problems %}<span class="count">{{ m.problems }}</span>{% endif %}</td><td class="file">{{ m.file }}</td></tr>
  {% else %}
  <tr><td colspan="6">还没有会议记录。</td></tr>
  {% endfor %}
</table>
{% include "web/bottom.tpl" %}
