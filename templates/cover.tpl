{# 封面 of a 会议记录本: 全宗名称, 年度, 保管期限, 起止日期, 件数 (DA/T 22-2015 catalogue cover).
   Data: org, book {title, year, kind, retention, retention_name, first_date, last_date, count, first_code, last_code}. #}
<document title="{{ book.title }}" author="{{ org.name }}">
  {# Page: the cover of a bound book: GB/T 9704 margins left and right (订口 28 mm), a deeper top. #}
  <page margin-top="45mm" margin-bottom="35mm" margin-left="28mm" margin-right="26mm"/>
  <style name="cover-title" font="小标宋" size="小初" align="center" indent="0pt" space-after="2字"/>
  <style name="cover-sub" font="楷体" size="二号" align="center" indent="0pt" space-after="3字"/>
  <style name="cover-org" font="楷体" size="三号" align="center" indent="0pt"/>
  <style name="cover-cell" font="宋体" size="三号" align="left" indent="0pt"/>
  <section numbering="none">
  <p style="cover-title">{{ book.title }}</p>
  <p style="cover-sub">{{ book.year }}年度</p>
  <table widths="32% *" padding="6pt" style="cover-cell">
    <row><cell align="center">全宗名称</cell><cell>{{ org.archive.fonds_name | default(org.name) }}</cell></row>
    <row><cell align="center">全 宗 号</cell><cell>{{ org.archive.fonds }}</cell></row>
    <row><cell align="center">年　　度</cell><cell>{{ book.year }}</cell></row>
    <row><cell align="center">保管期限</cell><cell>{{ book.retention_name }}（{{ book.retention }}）</cell></row>
    <row><cell align="center">起止日期</cell><cell>{{ book.first_date | date }} 至 {{ book.last_date | date }}</cell></row>
    <row><cell align="center">件　　数</cell><cell>{{ book.count }} 件</cell></row>
    <row><cell align="center">档号范围</cell><cell>{{ book.first_code }} 至 {{ book.last_code }}</cell></row>
  </table>
  <space height="25mm"/>
  <p style="cover-org">{{ org.name }}</p>
  </section>
</document>
