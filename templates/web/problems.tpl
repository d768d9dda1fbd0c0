{# Problems reading the data folder (a broken file): shown on every page that reads it. #}
{% if problems %}
<section class="problems">
  <h2>数据文件有问题</h2>
  <p>下列文件不能完整读取；改正后刷新本页。</p>
  <ul>
  {% for p in problems %}
    <li><span class="sev">{{ p.severity_name }}</span> {{ p.where }}：{{ p.message }}</li>
  {% endfor %}
  </ul>
</section>
{% endif %}
