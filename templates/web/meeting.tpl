{# The meeting form. Field names are those of the record files (docs/data-format.md); the findings of the
   same rules as `dangan check` are shown beside it, and again as you type (static/app.js → /api/preview). #}
{% include "web/top.tpl" %}
{% if saved %}<p class="saved" id="saved">已保存到 {{ file }}。</p>{% endif %}
{% for m in messages %}<p class="message error">{{ m }}</p>{% endfor %}
<div class="editor">
<form method="post" action="{{ base }}/meetings/save" id="meeting-form" data-base="{{ base }}">
  <input type="hidden" name="token" value="{{ token }}">
  <input type="hidden" name="file" value="{{ file }}">
  <input type="hidden" name="record" value="{{ record }}">
  <input type="hidden" name="version" value="{{ version }}">
  <fieldset>
    <label data-field="type">会议类型
      <select name="type" required>
        <option value="">（请选择）</option>
        {% for k in kinds %}<option{% if k == fields.type %} selected{% endif %}>{{ k }}</option>{% endfor %}
        {% if fields.type and fields.type not in kinds %}<option selected>{{ fields.type }}</option>{% endif %}
      </select></label>
    <label data-field="number">第几次 <input name="number" value="{{ fields.number }}" inputmode="numeric" size="4"></label>
    <label data-field="title" class="wide">题名（可不填） <input name="title" value="{{ fields.title }}"></label>
  </fieldset>
  <fieldset>
    <label data-field="date">日期
      {% if fields.date_is_iso %}<input type="date" name="date" value="{{ fields.date }}">
      {% else %}<input name="date" value="{{ fields.date }}" title="原记录的日期不完整，请改为年月日">{% endif %}</label>
    <label data-field="start">开始 <input type="time" name="start" value="{{ fields.start }}"></label>
    <label data-field="end">结束 <input type="time" name="end" value="{{ fields.end }}"></label>
    <label data-field="place" class="wide">地点 <input name="place" value="{{ fields.place }}"></label>
  </fieldset>
  <fieldset>
    <label data-field="host">主持人 <input name="host" value="{{ fields.host }}" list="people"></label>
    <label data-field="recorder">记录人 <input name="recorder" value="{{ fields.recorder }}" list="people"></label>
    <label data-field="expected">应到人数 <input name="expected" value="{{ fields.expected }}" inputmode="numeric" size="4"></label>
    <datalist id="people">{% for p in people %}<option value="{{ p.name }}">{% endfor %}</datalist>
  </fieldset>
  <fieldset data-field="present">
    <legend>出席（点选花名册中的人）</legend>
    <div class="people">{% for p in people %}<label class="person"><input type="checkbox" name="present" value="{{ p.name }}"{% if p.checked %} checked{% endif %}>{{ p.name }}</label>{% endfor %}</div>
    <label class="wide">其他出席人员（用顿号分隔） <input name="present_more" value="{{ fields.present_more }}"></label>
  </fieldset>
  <label data-field="absent" class="block">缺席（每行一人：姓名：原因） <textarea name="absent" rows="2">{{ fields.absent }}</textarea></label>
  <label data-field="attending" class="block">列席（用顿号分隔） <input name="attending" value="{{ fields.attending }}"></label>
  <label data-field="agenda" class="block">议题（每行一项） <textarea name="agenda" rows="3">{{ fields.agenda }}</textarea></label>
  <label data-field="content" class="block">会议内容（每行一段；“姓名：发言”记为该人的发言） <textarea name="content" rows="8">{{ fields.content }}</textarea></label>
  <label data-field="resolutions" class="block">会议决定（每行一项） <textarea name="resolutions" rows="3">{{ fields.resolutions }}</textarea></label>
  <p><button type="submit" id="save">保存</button> <a href="{{ base }}/meetings">返回列表</a></p>
</form>
<aside id="findings" aria-live="polite">
  <h2>检查结果</h2>
  <ul id="finding-list">
  {% for f in findings %}<li class="{{ f.severity }}" data-field="{{ f.field }}"><span class="sev">{{ f.severity_name }}</span>{{ f.message }}</li>
  {% else %}<li class="none">{% if file %}这条记录未发现问题。{% else %}填写后即时检查。{% endif %}</li>{% endfor %}
  </ul>
</aside>
</div>
{% include "web/bottom.tpl" %}
