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
    <a href="/"{% if nav == "overview" %} class="here"{% endif %}>概览</a>
    <a href="/meetings"{% if nav == "meetings" %} class="here"{% endif %}>会议记录</a>
    <a href="/meetings/new">新增会议记录</a>
    <a href="/members"{% if nav == "members" %} class="here"{% endif %}>花名册</a>
    <a href="/development"{% if nav == "development" %} class="here"{% endif %}>发展党员</a>
    <a href="/dues"{% if nav == "dues" %} class="here"{% endif %}>党费</a>
  </nav>
  <div class="today">今天：{{ today | date }}</div>
</header>
<main>
<h1>{{ title }}</h1>
