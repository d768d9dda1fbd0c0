{# 登录 for the multi-branch server (dangan serve --config). #}
{% include "web/top.tpl" %}
<form class="login" method="post" action="/login">
  {% if message %}<p class="message">{{ message }}</p>{% endif %}
  <label>账户 <input name="name" autocomplete="username" required autofocus></label>
  <label>密码 <input name="password" type="password" autocomplete="current-password" required></label>
  <button type="submit" id="login">登录</button>
</form>
{% include "web/bottom.tpl" %}
