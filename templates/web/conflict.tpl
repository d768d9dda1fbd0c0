{# 409: the record changed on disk since the form was opened. Both versions are shown; nothing is lost. #}
{% include "web/top.tpl" %}
{% for m in messages %}<p class="message">{{ m }}</p>{% endfor %}
<div class="versions">
  <section><h2>您提交的版本（未保存）</h2><pre id="mine">{{ mine }}</pre></section>
  <section><h2>现在保存的版本</h2><pre id="theirs">{{ theirs }}</pre></section>
</div>
<p><a class="button" href="{{ link }}">重新打开这条记录</a></p>
{% include "web/bottom.tpl" %}
