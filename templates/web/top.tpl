{# The top of every page of the web app (dangan serve): head, the branch's name, the menu. #}
<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }} — {{ org | default("dangan") }}</title>
<link rel="stylesheet" href="/static/app.css">
<script src="/static/app.js" defer></script>
</head>
<body>
<header>
  <div class="org">{{ org | default("") }}</div>
  <nav>
    <a href="{{ base }}/"{% if nav == "overview" %} class="here"{% endif %}>概览</a>
    <a href="{{ base }}/meetings"{% if nav == "meetings" %} class="here"{% endif %}>会议记录</a>
    <a href="{{ base }}/meetings/new">新增会议记录</a>
    <a href="{{ base }}/members"{% if nav == "members" %} class="here"{% endif %}>花名册</a>
    <a href="{{ base }}/development"{% if nav == "development" %} class="here"{% endif %}>发展党员</a>
    <a href="{{ base }}/elections"{% if nav == "elections" %} class="here"{% endif %}>换届选举</a>
    <a href="{{ base }}/dues"{% if nav == "dues" %} class="here"{% endif %}>党费</a>
    <a href="{{ base }}/matters"{% if nav == "matters" %} class="here"{% endif %}>档号</a>
    <a href="{{ base }}/workbook"{% if nav == "workbook" %} class="here"{% endif %}>台账工作簿</a>
    <a href="{{ base }}/archive"{% if nav == "archive" %} class="here"{% endif %}>归档与审计</a>
  </nav>
  <div class="today">今天：{{ today | date }}</div>
  {% if user is defined and user %}
  <div class="user">{{ user }}{% if read_only is defined and read_only %}（只读）{% endif %}
    <a href="/">各支部</a>
    <form method="post" action="/logout" class="inline"><input type="hidden" name="token" value="{{ token }}"><button class="link">退出</button></form>
  </div>
  {% endif %}
</header>
<main>
<h1>{{ title }}</h1>
