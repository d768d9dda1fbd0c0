{# The vote tally table (R11): for / against / abstain and written opinions. #}
<table widths="* 16% 9% 9% 9% 9% 9%" padding="3pt" style="cell">
  <row header="yes"><cell align="center"><b>表决事项</b></cell><cell align="center"><b>表决方式</b></cell><cell align="center"><b>应到</b></cell><cell align="center"><b>实到</b></cell><cell align="center"><b>赞成</b></cell><cell align="center"><b>反对</b></cell><cell align="center"><b>弃权</b></cell></row>
  {% for v in record.votes %}
  <row><cell>{{ v.subject }}</cell><cell align="center">{{ v.method | default("—") }}</cell><cell align="center">{{ v.expected | default("—") }}</cell><cell align="center">{{ v.present | default("—") }}</cell><cell align="center">{{ v.yes | default("—") }}{% if v.written_yes %}（含书面{{ v.written_yes }}）{% endif %}</cell><cell align="center">{{ v.no | default("—") }}</cell><cell align="center">{{ v.abstain | default("—") }}</cell></row>
  {% endfor %}
</table>
