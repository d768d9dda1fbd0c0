{# An election's vote: 应选 seats, the counts of the 选举大会 (应到, 实到, 发出 and 收回选票) and the candidates
   (name from the 花名册, 得票, 当选, 职务); the findings of R32/R33 beside the fields they name, again as you
   type (static/app.js → elections/vote/preview). A row whose name is emptied is taken out; keys the form does
   not show (a candidate's gender, 不计入人员 …) stay. #}
{% include "web/top.tpl" %}
{% if saved %}<p class="saved" id="saved">已保存到 {{ file }}。</p>{% endif %}
{% for m in messages %}<p class="message error">{{ m }}</p>{% endfor %}
<p class="summary" id="vote-info">{{ election }}：候选人和选举结果。实到人数应超过应到的五分之四，当选须得票超过实到人数的一半，候选人应多于应选人数（差额）。</p>
<div class="editor">
<form method="post" action="{{ base }}/elections/vote/save" id="vote-form" class="live-check" data-preview="{{ base }}/elections/vote/preview">
  <input type="hidden" name="token" value="{{ token }}">
  <input type="hidden" name="file" value="{{ file }}">
  <input type="hidden" name="record" value="{{ record }}">
  <input type="hidden" name="version" value="{{ version }}">
  <fieldset>
    <label>应选人数 <input name="seats" id="vote-seats" inputmode="numeric" size="4" value="{{ fields.seats }}"></label>
  </fieldset>
  <fieldset data-field="present"{% if flag_present %} class="has-finding"{% endif %}>
    <label>应到人数 <input name="expected" id="vote-expected" inputmode="numeric" size="4" value="{{ fields.expected }}"></label>
    <label>实到人数 <input name="present" id="vote-present" inputmode="numeric" size="4" value="{{ fields.present }}"></label>
  </fieldset>
  <fieldset data-field="ballots"{% if flag_ballots %} class="has-finding"{% endif %}>
    <label>发出选票 <input name="ballots_issued" inputmode="numeric" size="4" value="{{ fields.ballots_issued }}"></label>
    <label>收回选票 <input name="ballots_returned" inputmode="numeric" size="4" value="{{ fields.ballots_returned }}"></label>
  </fieldset>
  <datalist id="member-names">{% for m in members %}<option value="{{ m }}">{% endfor %}</datalist>
  <table class="list{% if flag_candidates %} has-finding{% endif %}" data-field="candidates" id="candidates">
    <tr><th>候选人</th><th>得票</th><th>当选</th><th>职务</th></tr>
    {% for c in candidates %}
    <tr data-field="{{ c.part }}"{% if c.flagged %} class="has-finding"{% endif %}>
      <td><input name="cand_name" list="member-names" aria-label="第 {{ c.number }} 位候选人姓名" value="{{ c.name }}"></td>
      <td><input name="cand_votes" inputmode="numeric" size="4" aria-label="第 {{ c.number }} 位候选人得票" value="{{ c.votes }}"></td>
      <td><select name="cand_elected" aria-label="第 {{ c.number }} 位候选人是否当选"><option value="">未当选</option><option value="1"{% if c.elected %} selected{% endif %}>当选</option></select></td>
      <td><input name="cand_role" size="8" aria-label="第 {{ c.number }} 位候选人职务" value="{{ c.role }}"></td>
    </tr>
    {% endfor %}
  </table>
  <p class="hint">新增候选人填在空行里；清空姓名即去掉这一行。</p>
  <p>{% if not read_only %}<button type="submit" id="save-vote">保存</button> {% endif %}<a href="{{ base }}/elections">回到换届选举</a></p>
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
