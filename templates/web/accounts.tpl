{# 账户管理 (administrators): the accounts, and a form to add or replace one. #}
{% include "web/top.tpl" %}
{% if message %}<p class="message">{{ message }}</p>{% endif %}
<table class="list" id="accounts">
  <tr><th>账户</th><th>角色</th><th>支部</th></tr>
  {% for a in accounts %}<tr><td>{{ a.name }}</td><td>{{ a.role }}</td><td>{{ a.branch }}</td></tr>{% endfor %}
</table>
<h2>新增或重设账户</h2>
<form method="post" action="/admin/accounts">
  <input type="hidden" name="token" value="{{ token }}">
  <fieldset>
    <label>账户 <input name="name" required></label>
    <label>密码（至少 8 个字符） <input name="password" type="password" required minlength="8"></label>
    <label>角色 <select name="role"><option value="secretary">支部书记</option><option value="inspector">检查人员</option><option value="admin">管理员</option></select></label>
    <label>支部（支部书记） <select name="branch"><option value="">—</option>{% for b in branches %}<option value="{{ b.id }}">{{ b.name }}</option>{% endfor %}</select></label>
  </fieldset>
  <button type="submit">保存账户</button>
</form>
{% include "web/bottom.tpl" %}
