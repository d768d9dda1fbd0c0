{# 台账工作簿: download the branch as 台账.xlsx; upload a workbook, see its problems (sheet!cell) or confirm it.
   stage: "start" (download and upload form), "problems" (the upload cannot be taken), "confirm" (what it
   brings; one button writes it), "done". #}
{% include "web/top.tpl" %}
{% include "web/problems.tpl" %}
{% if stage == "done" %}<p class="saved" id="imported">已将工作簿存入数据文件夹：{{ target }}。</p>{% endif %}
{% if stage == "start" or stage == "done" %}
<section>
  <h2>下载</h2>
  <p>本支部的全部记录（组织、花名册、会议、换届、发展、党费）导出为一个工作簿，与命令 <code>dangan export</code> 写出的相同。</p>
  <p><a class="button" id="download" href="{{ base }}/workbook/download">下载 台账.xlsx</a></p>
</section>
{% if not read_only %}
<section>
  <h2>上传</h2>
  <p>上传一个 .xlsx 工作簿（格式同 <code>dangan workbook</code> 生成的空白台账）。先检查，确认后才写入数据文件夹：
     与数据文件夹顶层已有的同名工作簿将被替换；否则作为新文件加入，与现有记录合并（重复的会议记录会被拒绝）。</p>
  <form method="post" action="{{ base }}/workbook/upload" enctype="multipart/form-data" id="upload-form">
    <input type="hidden" name="token" value="{{ token }}">
    <input type="file" name="workbook" accept=".xlsx" id="upload-file" required>
    <button type="submit" id="upload">检查工作簿</button>
  </form>
</section>
{% endif %}
{% endif %}
{% if stage == "problems" %}
<p class="message" id="refused">“{{ target }}”不能导入，数据文件夹没有任何改动。请在工作簿中改正下列问题后重新上传：</p>
<ul class="problems" id="upload-problems">
  {% for e in errors %}<li class="error">{{ e }}</li>{% endfor %}
  {% for d in duplicates %}<li class="error">数据文件夹中已有这条会议记录，导入会重复：{{ d }}</li>{% endfor %}
</ul>
<p><a class="button" href="{{ base }}/workbook">重新上传</a></p>
{% endif %}
{% if stage == "confirm" %}
<p id="confirm-what">“{{ target }}”检查通过，共有：会议记录 {{ meetings }} 条，换届 {{ elections }} 项，发展对象 {{ developments }} 人，党费台账 {{ dues }} 本，花名册 {{ members }} 人。</p>
{% if replaces %}<p class="message" id="will-replace">数据文件夹中已有“{{ target }}”：确认后它将被这个工作簿替换（其中的记录以新工作簿为准）。</p>
{% else %}<p id="will-add">确认后，这个工作簿将作为新文件“{{ target }}”存入数据文件夹，与现有记录合并。</p>{% endif %}
{% if warnings %}<h2>提示</h2><ul class="problems">{% for w in warnings %}<li class="warning">{{ w }}</li>{% endfor %}</ul>{% endif %}
<form method="post" action="{{ base }}/workbook/apply" id="apply-form">
  <input type="hidden" name="token" value="{{ token }}">
  <input type="hidden" name="upload" value="{{ upload }}">
  <button type="submit" id="apply">确认导入</button>
  <a class="button secondary" href="{{ base }}/workbook">取消</a>
</form>
{% endif %}
{% include "web/bottom.tpl" %}
