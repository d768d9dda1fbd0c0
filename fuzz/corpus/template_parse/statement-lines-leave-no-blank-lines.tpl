<section>
  {% if show %}
  <p>显示</p>
  {% endif %}
  {# 注释行 #}
  {% set x = 1 %}
  <p>{{ x }}</p>
</section>
