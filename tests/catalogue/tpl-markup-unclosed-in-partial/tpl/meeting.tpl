{# A record template whose partial forgets to close its table: the error names the partial's line. #}
<document title="{{ item.title }}">
  <section>
  <p>{{ record.kind }}</p>
  {% include "partials/info.tpl" %}
  <p>完</p>
  </section>
</document>
