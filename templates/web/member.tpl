{# One member of the 花名册 (organisation.json "members"): the fields a secretary keeps; keys the form does not
   show (roles, notes …) stay as they are. #}
{% include "web/top.tpl" %}
{% if saved %}<p class="saved" id="saved">已保存到 {{ file }}。</p>{% endif %}
{% for m in messages %}<p class="message error">{{ m }}</p>{% endfor %}
<form method="post" action="{{ base }}/members/save" id="member-form">
  <input type="hidden" name="token" value="{{ token }}">
  <input type="hidden" name="index" value="{{ index }}">
  <input type="hidden" name="version" value="{{ version }}">
  <fieldset>
    <label>姓名 <input name="name" value="{{ fields.name }}" required></label>
    <label>性别 <select name="gender"><option value=""></option>
      {% for g in ["男", "女"] %}<option{% if g == fields.gender %} selected{% endif %}>{{ g }}</option>{% endfor %}</select></label>
    <label>出生日期 <input type="date" name="birth_date" value="{{ fields.birth_date }}"></label>
  </fieldset>
  <fieldset>
    <label>类别 <select name="status">
      {% for st in ["正式", "预备"] %}<option{% if st == fields.status %} selected{% endif %}>{{ st }}</option>{% endfor %}</select></label>
    <label>入党时间 <input type="date" name="joined" value="{{ fields.joined }}"></label>
    <label>转正时间 <input type="date" name="full_member" value="{{ fields.full_member }}"></label>
  </fieldset>
  <fieldset>
    <label>党小组 <input name="group" value="{{ fields.group }}" list="groups"></label>
    <datalist id="groups">{% for g in groups %}<option value="{{ g }}">{% endfor %}</datalist>
    <label class="wide">职务（工作岗位） <input name="position" value="{{ fields.position }}"></label>
  </fieldset>
  {% if not read_only %}<button type="submit" id="save-member">保存</button>{% endif %}
  <a class="button secondary" href="{{ base }}/members">回到花名册</a>
</form>
{% include "web/bottom.tpl" %}
