{# One step of an applicant's 25 (发展党员纪实 "steps"): its date, who, what and the document's number; the
   step's earliest date and deadline from the rules; the dossier's findings beside it, again as you type
   (static/app.js → development/preview). Keys the form does not show (vote, attachments …) stay. #}
{% include "web/top.tpl" %}
{% if saved %}<p class="saved" id="saved">已保存到 {{ file }}。</p>{% endif %}
{% for m in messages %}<p class="message error">{{ m }}</p>{% endfor %}
<p class="summary" id="step-info">第{{ number }}步 {{ step.name | default("") }}{% if step.earliest %}：不早于 {{ step.earliest | date }}{% endif %}{% if step.due %}{% if step.earliest %}，{% else %}：{% endif %}不晚于 {{ step.due | date }}{% endif %}。</p>
<div class="editor">
<form method="post" action="{{ base }}/development/save" id="step-form" class="live-check" data-preview="{{ base }}/development/preview">
  <input type="hidden" name="token" value="{{ token }}">
  <input type="hidden" name="file" value="{{ file }}">
  <input type="hidden" name="record" value="{{ record }}">
  <input type="hidden" name="step" value="{{ number }}">
  <input type="hidden" name="version" value="{{ version }}">
  <fieldset data-field="mine">
    <label>日期 <input type="date" name="date" id="step-date" value="{{ fields.date }}"></label>
    <label>经办（人或组织） <input name="by" value="{{ fields.by }}"></label>
    <label>文号 <input name="reference" value="{{ fields.reference }}"></label>
  </fieldset>
  <label class="block">说明 <textarea name="record_text" rows="3">{{ fields.record_text }}</textarea></label>
  <p>{% if not read_only %}<button type="submit" id="save-step">保存</button> {% endif %}<a href="{{ base }}/development">回到发展党员</a></p>
</form>
<aside id="findings" aria-live="polite">
  <h2>{{ person }} 纪实的检查结果</h2>
  <ul id="finding-list">
  {% for f in findings %}<li class="{{ f.severity }}" data-field="{{ f.field }}"><span class="sev">{{ f.severity_name }}</span>{{ f.message }}</li>
  {% else %}<li class="none">这份纪实未发现问题。</li>{% endfor %}
  </ul>
</aside>
</div>
{% include "web/bottom.tpl" %}
