{# 信息表 #}
<table widths="30% *">
  <row><cell>会议类型</cell><cell>{{ record.kind }}</cell></row>
