{# One background run of archive or audit. While it runs the page polls its state (static/app.js) and
   reloads itself when it is done; without JavaScript, reload by hand. #}
{% include "web/top.tpl" %}
{% if done %}
<p class="{{ 'saved' if code == 0 else 'message' }}" id="job-done">{{ state }}（用时 {{ seconds }} 秒）</p>
{% if pdf %}<p><a class="button" id="feedback-pdf" href="{{ pdf }}" target="_blank">打开检查情况反馈单（PDF）</a></p>{% endif %}
<pre id="job-output">{{ output }}</pre>
{% else %}
<p id="job-running" data-status="{{ status_url }}">正在{{ "归档" if kind == "archive" else "审计" }}……已用 <span id="job-seconds">{{ seconds }}</span> 秒。完成后本页自动显示结果。</p>
<p><progress id="job-progress" max="100"></progress> <span id="job-phase"></span> <span id="job-percent"></span></p>
{% endif %}
<p><a href="{{ base }}/archive">回到归档与审计</a></p>
{% include "web/bottom.tpl" %}
