{# 工作提醒表：what is due, overdue or coming on one day (dangan remind --out FILE.pdf).
   Data: org; remind {as_of, within_days, overdue, due, open, upcoming, rows [{status: overdue|due|open|upcoming,
   status_words, due, since, category, subject, message, basis}]} (overdue first, then by deadline). Status "open"
   (可办理): a step that may be taken from a day already past; `since` is then true and `due` is that day.
   `basis` is plain Chinese: rule ids and caveats stay in the JSON output (--format json). #}
<document title="工作提醒表（{{ remind.as_of | date }}）" author="{{ org.name }}" subject="工作提醒表">
  {# Page: A4 landscape, a working sheet for the branch secretary; not a 公文. #}
  <page orientation="landscape" margin-top="20mm" margin-bottom="18mm" margin-left="20mm" margin-right="20mm"/>
  <style name="sub" font="楷体" size="四号" align="center" indent="0pt" space-after="0.5字"/>
  <style name="cell" font="宋体" size="小五" align="left" line-pitch="12.5pt"/>
  <style name="note" font="楷体" size="五号" align="left" indent="0pt" space-before="0.3字"/>
  <footer><p style="footer">工作提醒表  第 <page-number/> 页  共 <page-count/> 页</p></footer>
  <section numbering="arabic" start="1">
  <h1>工作提醒表</h1>
  <p style="sub">{{ org.name }}　截至{{ remind.as_of | date }}（提前{{ remind.within_days }}天提醒）</p>
  {% if remind.rows %}
  <table widths="5% 8% 12% 7% 13% * 24%" padding="2pt" style="cell">
    <row header="yes"><cell align="center"><b>序号</b></cell><cell align="center"><b>状态</b></cell><cell align="center"><b>期限</b></cell><cell align="center"><b>类别</b></cell><cell align="center"><b>对象</b></cell><cell align="center"><b>事项</b></cell><cell align="center"><b>依据</b></cell></row>
    {% for r in remind.rows %}
    <row><cell align="center">{{ loop.index }}</cell><cell align="center">{% if r.status == "overdue" %}<b>{{ r.status_words }}</b>{% else %}{{ r.status_words }}{% endif %}</cell><cell align="center">{% if r.since %}自{{ r.due | date }}起{% elif r.due %}{{ r.due | date }}{% else %}—{% endif %}</cell><cell align="center">{{ r.category }}</cell><cell>{{ r.subject }}</cell><cell>{{ r.message }}</cell><cell>{{ r.basis | default("—") }}</cell></row>
    {% endfor %}
  </table>
  <p style="note">共{{ remind.rows | length }}项：已逾期{{ remind.overdue }}项，近期到期{{ remind.due }}项，{% if remind.open %}可办理{{ remind.open }}项，{% endif %}待办{{ remind.upcoming }}项。</p>
  {% else %}
  <p>截至{{ remind.as_of | date }}，没有到期或逾期的事项。</p>
  {% endif %}
  <space height="6mm"/>
  <signature width="40mm">党支部书记（签阅）：</signature>
  </section>
</document>
