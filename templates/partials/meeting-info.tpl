{# The information table at the head of every meeting record (R25: time, place, host, recorder,
   attendance with absentees and reasons, 列席). #}
<table widths="18% 32% 18% 32%" padding="3pt" style="cell">
  <row><cell align="center"><b>会议时间</b></cell><cell colspan="3">{{ record.date | date }}{% if record.start %} {{ record.start }}{% endif %}{% if record.end %}—{{ record.end }}{% endif %}</cell></row>
  <row><cell align="center"><b>会议地点</b></cell><cell colspan="3">{{ record.place | default("（未记录）") }}</cell></row>
  <row><cell align="center"><b>主 持 人</b></cell><cell>{{ record.host | default("（未记录）") }}</cell><cell align="center"><b>记 录 人</b></cell><cell>{{ record.recorder | default("（未记录）") }}</cell></row>
  <row><cell align="center"><b>应到人数</b></cell><cell>{% if record.expected is not none %}{{ record.expected }} 人{% else %}（未记录）{% endif %}</cell><cell align="center"><b>实到人数</b></cell><cell>{{ record.present | length }} 人</cell></row>
  <row><cell align="center"><b>出席人员</b></cell><cell colspan="3">{{ record.present | join("、") | default("（未记录）") }}</cell></row>
  <row><cell align="center"><b>缺席人员</b></cell><cell colspan="3">{% for a in record.absent %}{{ a.name }}（{{ a.reason | default("未注明原因") }}）{% if not loop.last %}、{% endif %}{% else %}无{% endfor %}</cell></row>
  {% if record.attending %}
  <row><cell align="center"><b>列席人员</b></cell><cell colspan="3">{{ record.attending | join("、") }}</cell></row>
  {% endif %}
</table>
