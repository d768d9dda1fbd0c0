{# 检查情况汇总表: the first part of `dangan audit PARENT --branches --format pdf --out 汇总.pdf`, one row per
   branch; each branch's 检查情况反馈单 (audit_feedback.tpl) follows it in the same file.
   Data: summary {title, as_of, count, rows [{index, name, errors, warnings, infos, total, grade, problems}],
   four_properties [{name, count}]}. #}
<document title="{{ summary.title }}" author="dangan" subject="检查情况汇总表">
  {# Page: landscape, so the main problems have room; the inspector's own form, not a 公文 page. #}
  <page orientation="landscape" margin-top="20mm" margin-bottom="18mm" margin-left="20mm" margin-right="20mm"/>
  <style name="sub" font="楷体" size="四号" align="center" indent="0pt" space-after="0.5字"/>
  <style name="cell" font="宋体" size="小五" align="left" line-pitch="12.5pt"/>
  <style name="note" font="楷体" size="五号" align="left" indent="0pt" space-before="0.3字"/>
  <footer><p style="footer">检查情况汇总表  第 <page-number/> 页  共 <page-count/> 页</p></footer>
  <section numbering="arabic" start="1">
  <h1>{{ summary.title }}</h1>
  <p style="sub">检查日期：{{ summary.as_of | date }}　共{{ summary.count }}个支部</p>
  <table widths="5% 25% 6% 6% 6% 7% 8% *" padding="2pt" style="cell">
    <row header="yes"><cell align="center"><b>序号</b></cell><cell align="center"><b>支部</b></cell><cell align="center"><b>错误</b></cell><cell align="center"><b>警告</b></cell><cell align="center"><b>提示</b></cell><cell align="center"><b>得分</b></cell><cell align="center"><b>等次</b></cell><cell align="center"><b>主要问题</b></cell></row>
    {% for r in summary.rows %}
    <row><cell align="center">{{ r.index }}</cell><cell>{{ r.name }}</cell><cell align="center">{{ r.errors }}</cell><cell align="center">{{ r.warnings }}</cell><cell align="center">{{ r.infos }}</cell><cell align="center"><b>{{ r.total }}</b></cell><cell align="center">{{ r.grade | default("—") }}</cell><cell>{{ r.problems }}</cell></row>
    {% endfor %}
  </table>
  <p style="note">四性检测（错误和警告，DA/T 70-2018）：{% for p in summary.four_properties %}{{ p.name }}{{ p.count }}项{% if not loop.last %}，{% endif %}{% endfor %}。提示不扣分；各支部的问题明细见其后的检查情况反馈单。</p>
  </section>
</document>
