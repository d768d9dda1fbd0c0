{# A page that only says something: an error, a refusal. #}
{% include "web/top.tpl" %}
<p class="message">{{ message }}</p>
<p><a href="/">回到概览</a></p>
{% include "web/bottom.tpl" %}
