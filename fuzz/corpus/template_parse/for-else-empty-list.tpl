<absent>
{% for a in absent %}
  <p>{{ a.name }}（{{ a.reason }}）</p>
{% else %}
  <p>无</p>
{% endfor %}
</absent>
