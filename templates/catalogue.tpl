{# 归档文件目录 (DA/T 22-2015): A4 landscape, columns 序号、档号、文号、责任者、题名、日期、密级、页数、备注;
   the header row repeats on every page. 页数 is each item's real page count.
   Data: org, book (as for the cover), items [{sequence, code, number, responsible, title, date, secrecy, pages, note}]. #}
<document title="{{ book.title }} 归档文件目录" author="{{ org.name }}">
  {# Page: A4 landscape, as DA/T 22-2015 lays out the 归档文件目录; not a 公文, so no GB/T 9704 preset. #}
  <page orientation="landscape" margin-top="25mm" margin-bottom="20mm" margin-left="25mm" margin-right="20mm"/>
  <style name="cat-title" font="小标宋" size="二号" align="center" indent="0pt" space-after="0.5字"/>
  <style name="cat-sub" font="宋体" size="小四" align="left" indent="0pt" space-after="0.5字"/>
  <style name="cat" font="宋体" size="五号" align="center" indent="0pt" line-pitch="14pt"/>
  {# On a landscape page the footer is drawn on the left short side, turned to read downwards, where the
     bound book's portrait pages have theirs (GB/T 9704 §8; docs/markup.md). #}
  <footer><p style="footer">第 <page-number/> 页  共 <page-count/> 页</p></footer>
  <section numbering="arabic" start="1">
  <p style="cat-title">归档文件目录</p>
  <p style="cat-sub">全宗名称：{{ org.archive.fonds_name | default(org.name) }}　　年度：{{ book.year }}　　保管期限：{{ book.retention_name }}　　{{ book.title }}</p>
  <table widths="5% 19% 7% 16% * 9% 5% 5% 8%" padding="3pt" style="cat">
    <row header="yes"><cell><b>序号</b></cell><cell><b>档号</b></cell><cell><b>文号</b></cell><cell><b>责任者</b></cell><cell><b>题名</b></cell><cell><b>日期</b></cell><cell><b>密级</b></cell><cell><b>页数</b></cell><cell><b>备注</b></cell></row>
    {% for it in items %}
    <row><cell>{{ it.sequence }}</cell><cell>{{ it.code }}</cell><cell>{{ it.number }}</cell><cell align="left">{{ it.responsible }}</cell><cell align="left">{{ it.title }}</cell><cell>{{ it.date }}</cell><cell>{{ it.secrecy }}</cell><cell>{{ it.pages }}</cell><cell align="left">{{ it.note }}</cell></row>
    {% else %}
    <row><cell colspan="9">（本年度没有可归档的记录）</cell></row>
    {% endfor %}
  </table>
  </section>
</document>
