{# 检查情况反馈单: the findings of `dangan audit` with the points each deducts under a scoring profile
   (dangan audit FOLDER --out FILE.pdf; profiles/audit/scoring.json).
   Data: sheet {title, unit, folder, as_of, full_score, total, grade, files, folders, records,
   items [{name, findings, deducted, max}], rows [{index, path, rule, severity_words, message, points, item}],
   errors, warnings}. #}
<document title="{{ sheet.title }}" author="dangan" subject="检查情况反馈单">
  {# Page: a form handed to the branch by the inspector; its own margins, not the GB/T 9704 公文 page. #}
  <page orientation="portrait" margin-top="25mm" margin-bottom="20mm" margin-left="25mm" margin-right="20mm"/>
  <style name="sub" font="楷体" size="四号" align="center" indent="0pt" space-after="0.5字"/>
  <style name="cell" font="宋体" size="小五" align="left" line-pitch="12.5pt"/>
  <style name="note" font="楷体" size="五号" align="left" indent="0pt" space-before="0.3字"/>
  <footer><p style="footer">检查情况反馈单  第 <page-number/> 页  共 <page-count/> 页</p></footer>
  <section numbering="arabic" start="1">
  <h1>{{ sheet.title }}</h1>
  <p style="sub">被检查单位：{{ sheet.unit }}　检查日期：{{ sheet.as_of | date }}</p>
  <table widths="25% 25% 25% 25%" padding="3pt" style="cell">
    <row><cell align="center"><b>检查范围</b></cell><cell>{{ sheet.folder }}</cell><cell align="center"><b>材料数量</b></cell><cell>文件{{ sheet.files }}个，识别记录{{ sheet.records }}份</cell></row>
    <row><cell align="center"><b>得分</b></cell><cell><b>{{ sheet.total }}</b>（满分{{ sheet.full_score }}）</cell><cell align="center"><b>等次</b></cell><cell><b>{{ sheet.grade | default("—") }}</b></cell></row>
  </table>
  <h2>一、评分情况</h2>
  <table widths="8% * 16% 16% 16%" padding="2pt" style="cell">
    <row header="yes"><cell align="center"><b>序号</b></cell><cell align="center"><b>检查项目</b></cell><cell align="center"><b>问题数</b></cell><cell align="center"><b>扣分</b></cell><cell align="center"><b>最多扣分</b></cell></row>
    {% for item in sheet.items %}
    <row><cell align="center">{{ loop.index }}</cell><cell>{{ item.name }}</cell><cell align="center">{{ item.findings }}</cell><cell align="center">{{ item.deducted }}</cell><cell align="center">{{ item.max }}</cell></row>
    {% endfor %}
  </table>
  <h2>二、存在问题</h2>
  {% if sheet.rows %}
  <table widths="6% 24% 12% * 8%" padding="2pt" style="cell">
    <row header="yes"><cell align="center"><b>序号</b></cell><cell align="center"><b>位置</b></cell><cell align="center"><b>类别</b></cell><cell align="center"><b>问题</b></cell><cell align="center"><b>扣分</b></cell></row>
    {% for r in sheet.rows %}
    <row><cell align="center">{{ r.index }}</cell><cell>{{ r.path | default("（全部档案）") }}</cell><cell align="center">{{ r.severity_words }}</cell><cell>{{ r.message }}</cell><cell align="center">{{ r.points }}</cell></row>
    {% endfor %}
  </table>
  <p style="note">共{{ sheet.rows | length }}个问题：错误{{ sheet.errors }}个，警告{{ sheet.warnings }}个。每项扣分以该项“最多扣分”为限。</p>
  {% else %}
  <p>未发现问题。</p>
  {% endif %}
  {% if sheet.rows %}
  <h2>三、整改要求</h2>
  <p>请对照上述问题逐项整改，补齐缺失材料、更正日期和编号，于一个月内将整改情况书面报告上级党组织。</p>
  {% endif %}
  <space height="8mm"/>
  <signature width="40mm">检查人（签名）：</signature>
  <signature width="40mm">被检查单位负责人（签名）：</signature>
  </section>
</document>
