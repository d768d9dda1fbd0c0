{% for g in groups %}
{% set gi = loop.index %}
第{{ gi | cn_number }}党小组：
{% for m in g.members %}
  {{ gi }}.{{ loop.index }} {{ m }}{% if loop.last %}（共{{ loop.length }}人）{% endif %}
{% endfor %}
{% endfor %}
