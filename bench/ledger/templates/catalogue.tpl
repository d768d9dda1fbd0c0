{# The benchmark book's 目录 (bench/ledger.sh): a ruled table 序号、题名、日期、页码 like the raw-libharu
   baseline draws, 页码 being each record's first page in the bound book (item.first_page), and "— N —"
   footers counted through the book. Data: org, book, items (see templates/catalogue.tpl). #}
<document title="{{ book.title }} 目录" author="{{ org.name }}">
  <page preset="record"/>
  <style name="toc-title" font="黑体" size="二号" align="center" indent="0pt" space-after="0.5字"/>
  <style name="toc" font="宋体" size="五号" align="left" indent="0pt" line-pitch="16pt"/>
  <footer style="gbt9704" scope="book"/>
  <section numbering="arabic">
  <p style="toc-title">目　录</p>
  <table widths="10% * 18% 10%" padding="3pt" style="toc">
    <row header="yes"><cell><b>序号</b></cell><cell><b>题名</b></cell><cell><b>日期</b></cell><cell><b>页码</b></cell></row>
    {% for it in items %}
    <row><cell>{{ it.sequence }}</cell><cell>{{ it.title }}</cell><cell>{{ it.date_iso }}</cell><cell align="right">{{ it.first_page }}</cell></row>
    {% endfor %}
  </table>
  </section>
</document>
