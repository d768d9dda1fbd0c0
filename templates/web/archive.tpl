{# 归档与审计: run `dangan archive` (file the records into the branch's archive) and `dangan audit` (check the
   archive, with its 检查情况反馈单) in the background; each run has a progress page. #}
{% include "web/top.tpl" %}
{% include "web/problems.tpl" %}
{% if configured %}
<p>档案文件夹：<code>{{ archive }}</code>（启动网页版时用 --archive 指定）。</p>
<div class="actions">
  {% if not read_only %}
  <form method="post" action="{{ base }}/archive/run" class="inline">
    <input type="hidden" name="token" value="{{ token }}">
    <button type="submit" id="run-archive">归档</button>
  </form>
  {% endif %}
  <form method="post" action="{{ base }}/audit/run" class="inline">
    <input type="hidden" name="token" value="{{ token }}">
    <button type="submit" id="run-audit">审计档案，生成反馈单</button>
  </form>
</div>
<p>归档与命令 <code>dangan archive 数据文件夹 --to 档案文件夹</code> 相同：每件会议记录一个文件夹，档号一经编定不再改变。
   审计与 <code>dangan audit 档案文件夹 --out 反馈单.pdf</code> 相同。</p>
{% else %}
<p class="message" id="no-archive">没有指定档案文件夹。请这样启动网页版：<code>dangan serve 数据文件夹 --archive 档案文件夹</code>
（多支部服务器：在 server.json 该支部下写 "archive"）。</p>
{% endif %}
<h2>本次启动以来的任务</h2>
<table class="list" id="jobs">
  <tr><th>任务</th><th>启动人</th><th>结果</th></tr>
  {% for j in jobs %}
  <tr><td><a href="{{ j.link }}">{{ j.name }}</a></td><td>{{ j.who }}</td><td>{{ j.state }}</td></tr>
  {% else %}
  <tr><td colspan="3">还没有任务。</td></tr>
  {% endfor %}
</table>
{% include "web/bottom.tpl" %}
