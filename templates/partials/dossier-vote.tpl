{# One vote of a dossier (支部大会 接收 / 转正, R11): v {subject, method, expected, present, yes, no, abstain, written_yes}. #}
<table widths="* 16% 9% 9% 9% 9% 9%" padding="3pt" style="cell" space-before="3pt">
  <row header="yes"><cell align="center"><b>表决事项</b></cell><cell align="center"><b>表决方式</b></cell><cell align="center"><b>应到</b></cell><cell align="center"><b>实到</b></cell><cell align="center"><b>赞成</b></cell><cell align="center"><b>反对</b></cell><cell align="center"><b>弃权</b></cell></row>
  <row><cell>{{ v.subject | default("—") }}</cell><cell align="center">{{ v.method | default("—") }}</cell><cell align="center">{{ v.expected | default("—") }}</cell><cell align="center">{{ v.present | default("—") }}</cell><cell align="center">{{ v.yes | default("—") }}{% if v.written_yes %}（含书面{{ v.written_yes }}）{% endif %}</cell><cell align="center">{{ v.no | default("—") }}</cell><cell align="center">{{ v.abstain | default("—") }}</cell></row>
</table>
