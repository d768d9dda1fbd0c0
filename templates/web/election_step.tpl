{# One step of a 换届 dossier ("steps" of kind: election): its date, title, document number, who, and a
   note; the dossier's findings beside it, again as you type (static/app.js → elections/preview). Keys the
   form does not show (content, vote …) stay. #}
{% include "web/top.tpl" %}
{% if saved %}<p class="saved" id="saved">已保存到 {{ file }}。</p>{% endif %}
{% for m in messages %}<p class="message error">{{ m }}</p>{% endfor %}
<p class="summary" id="step-info">{{ election }}：{{ step }}{% if required %}（换届程序的必经步骤）{% endif %}。</p>
<div class="editor">
<form method="post" action="{{ base }}/elections/save" id="election-form" class="live-check" data-preview="{{ base }}/elections/preview">
  <input type="hidden" name="token" value="{{ token }}">
  <input type="hidden" name="file" value="{{ file }}">
  <input type="hidden" name="record" value="{{ record }}">
  <input type="hidden" name="step" value="{{ step }}">
  <input type="hidden" name="version" value="{{ version }}">
  <fieldset data-field="mine">
    <label>日期 <input type="date" name="date" id="election-date" value="{{ fields.date }}"></label>
    <label>标题 <input name="title" value="{{ fields.title }}"></label>
    <label>文号 <input name="reference" value="{{ fields.reference }}"></label>
    <label>经办（人或组织） <input name="by" value="{{ fields.by }}"></label>
  </fieldset>
  <label class="block">说明 <textarea name="record_text" rows="3">{{ fields.record_text }}</textarea></label>
  <p>{% if not read_only %}<button type="submit" id="save-election-step">保存</button> {% endif %}<a href="{{ base }}/elections">回到换届选举</a></p>
</form>
<aside id="findings" aria-live="polite">
  <h2>换届选举的检查结果</h2>
  <ul id="finding-list">
  {% for f in findings %}<li class="{{ f.severity }}" data-field="{{ f.field }}"><span class="sev">{{ f.severity_name }}</span>{{ f.message }}</li>
  {% else %}<li class="none">这次换届未发现问题。</li>{% endfor %}
  </ul>
</aside>
</div>
{% include "web/bottom.tpl" %}
