{# 发展党员: each applicant's 25 steps as a timeline — done, missing, not yet due — with the earliest date and
   the deadline the rules give (the same data as the 发展党员纪实簿). #}
{% include "web/top.tpl" %}
{% include "web/problems.tpl" %}
{% for p in people %}
<section class="applicant">
  <h2>{{ p.person.name }}</h2>
  <ol class="timeline">
  {% for s in p.steps %}
    <li class="{{ s.state }}{% if s.flag %} flagged{% endif %}">
      <span class="step"><a href="{{ s.link }}">第{{ s.number }}步 {{ s.name }}</a></span>
      <span class="when">{% if s.date %}{{ s.date | date if s.date is defined and s.state == "done" else s.date }}{% elif s.state == "missing" %}【缺】{% else %}未到{% endif %}</span>
      {% if s.earliest or s.due %}<span class="limits">{% if s.earliest %}不早于 {{ s.earliest | date }}{% endif %}{% if s.earliest and s.due %}，{% endif %}{% if s.due %}不晚于 {{ s.due | date }}{% endif %}</span>{% endif %}
      {% if s.flag %}<span class="flag">{{ s.flag }}</span>{% endif %}
    </li>
  {% endfor %}
  </ol>
</section>
{% else %}
<p>没有发展党员纪实材料（kind: development）。</p>
{% endfor %}
{% include "web/bottom.tpl" %}
