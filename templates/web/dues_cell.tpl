{# One cell of the 党费 grid: a member's month — amount, date paid, note (党费台账 "members[].payments"). All
   three empty: not paid (the month's entry is removed). The ledger's findings beside it, again as you type. #}
{% include "web/top.tpl" %}
{% if saved %}<p class="saved" id="saved">已保存到 {{ file }}。</p>{% endif %}
{% for m in messages %}<p class="message error">{{ m }}</p>{% endfor %}
<div class="editor">
<form method="post" action="{{ base }}/dues/save" id="dues-form" class="live-check" data-preview="{{ base }}/dues/preview">
  <input type="hidden" name="token" value="{{ token }}">
  <input type="hidden" name="file" value="{{ file }}">
  <input type="hidden" name="record" value="{{ record }}">
  <input type="hidden" name="member" value="{{ member }}">
  <input type="hidden" name="month" value="{{ month }}">
  <input type="hidden" name="version" value="{{ version }}">
  <fieldset data-field="mine">
    <label>金额（元） <input name="amount" id="dues-amount" inputmode="decimal" value="{{ fields.amount }}"></label>
    <label>交纳日期 <input type="date" name="paid" id="dues-paid" value="{{ fields.paid }}"></label>
  </fieldset>
  <label class="block">备注 <input name="note" value="{{ fields.note }}"></label>
  <p>三项都空表示本月未交。</p>
  <p>{% if not read_only %}<button type="submit" id="save-dues">保存</button> {% endif %}<a href="{{ base }}/dues">回到党费台账</a></p>
</form>
<aside id="findings" aria-live="polite">
  <h2>党费台账的检查结果</h2>
  <ul id="finding-list">
  {% for f in findings %}<li class="{{ f.severity }}" data-field="{{ f.field }}"><span class="sev">{{ f.severity_name }}</span>{{ f.message }}</li>
  {% else %}<li class="none">这本台账未发现问题。</li>{% endfor %}
  </ul>
</aside>
</div>
{% include "web/bottom.tpl" %}
