{# 换届选举: each election dossier's steps in the order of the rules' chain — recorded (with date, title and
   document number) or 【缺】 — as the 换届选举 dossier prints them; each step opens its form. #}
{% include "web/top.tpl" %}
{% include "web/problems.tpl" %}
{% for e in elections %}
<section class="applicant">
  <h2>{{ e.title }}</h2>
  {% if e.seats %}<p class="summary">应选 {{ e.seats }} 名委员{% if e.term_years %}，任期 {{ e.term_years }} 年{% endif %}。</p>{% endif %}
  <p class="summary vote">选举结果：{{ e.vote }}。<a href="{{ e.vote_link }}">候选人和选举结果</a></p>
  <ol class="timeline">
  {% for s in e.steps %}
    <li class="{% if s.present %}done{% elif s.required %}missing{% else %}later{% endif %}{% if s.flagged %} flagged{% endif %}">
      <span class="step"><a href="{{ s.link }}">{{ s.name }}</a></span>
      <span class="when">{% if s.present %}{{ s.date }}{% elif s.required %}【缺】{% else %}未记{% endif %}</span>
      {% if s.title or s.reference %}<span class="limits">{{ s.title }}{% if s.reference %} {{ s.reference }}{% endif %}</span>{% endif %}
    </li>
  {% endfor %}
  </ol>
</section>
{% else %}
<p>没有换届选举材料（kind: election）。</p>
{% endfor %}
{% include "web/bottom.tpl" %}
