<table>
{% for p in people %}
  <row><cell>{{ p }}</cell></row>
</table>
