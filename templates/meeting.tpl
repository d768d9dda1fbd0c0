{# 会议记录：one meeting record (any kind) — 一事一档, one 件.
   Data: org (the branch), item (档号, 题名 …), record (the meeting; every key is always present).
   Edit freely: the language is described in docs/template-language.md, the markup in docs/markup.md. #}
<document title="{{ item.title }}" author="{{ org.name }}" subject="{{ record.kind }}会议记录">
  {# Page: the "record" preset, not GB/T 9704 (preset="gbt9704"). A 会议记录 is a record of the branch, not a
     公文: GB/T 9704's 三号 on 22 × 28 would more than double a year's book (and its 页数), and each 件 is
     numbered 第 N 页 共 M 页 so its 页数 can be checked against the 归档文件目录. #}
  <page preset="record"/>
  <style name="body" font="仿宋" size="小四" line-pitch="22pt" indent="2字"/>
  <style name="label" font="黑体" size="五号" align="center"/>
  <style name="cell" font="仿宋" size="五号" align="left"/>
  <style name="code" font="宋体" size="五号" align="right" indent="0pt"/>
  <style name="subtitle" based-on="h2" font="楷体" size="三号" align="center" space-after="0.5字"/>
  <style name="section" font="黑体" size="四号" align="left" indent="0pt" space-before="0.8字" space-after="0.3字" keep-with-next="yes"/>
  <footer><p style="footer">第 <page-number/> 页  共 <page-count/> 页</p></footer>
  <section numbering="arabic" start="1">
  {% include "partials/archive-stamp.tpl" %}
  <p style="code">档号：{{ item.code }}</p>
  <h1>{{ org.name }}</h1>
  <h2 style="subtitle">{{ item.title }}</h2>
  {% include "partials/meeting-info.tpl" %}
  {# Sections are numbered 一、二、… in the order they appear; empty ones are left out. #}
  {% set section = 0 %}
  {% if record.agenda %}
  {% set section = section + 1 %}
  <p style="section">{{ section | cn_number }}、会议议题</p>
  {% for topic in record.agenda %}
  <p>{{ loop.index | cn_number }}是{{ topic }}</p>
  {% endfor %}
  {% endif %}
  {% set section = section + 1 %}
  <p style="section">{{ section | cn_number }}、会议内容</p>
  {% for part in record.content %}
  {% if part.speaker %}<p><b>{{ part.speaker }}：</b>{{ part.text }}</p>{% else %}<p>{{ part.text }}</p>{% endif %}
  {% else %}
  <p>（本次会议未记录发言内容）</p>
  {% endfor %}
  {% if record.votes %}
  {% set section = section + 1 %}
  <p style="section">{{ section | cn_number }}、表决情况</p>
  {% include "partials/votes.tpl" %}
  {% endif %}
  {% if record.resolutions %}
  {% set section = section + 1 %}
  <p style="section">{{ section | cn_number }}、会议决定</p>
  {% for decision in record.resolutions %}
  <p>{{ loop.index }}. {{ decision }}</p>
  {% endfor %}
  {% endif %}
  {% include "partials/signatures.tpl" %}
  </section>
</document>
