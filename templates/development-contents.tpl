{# Contents page of the bound 发展党员纪实簿 (dangan dossier --merge).
   Data: org; books [{name, latest, latest_name, missing_count, pages, start}] (start = the page of the
   bound PDF where the person's 纪实簿 begins); as_of. #}
<document title="发展党员全程纪实簿（合订本）" author="{{ org.name }}" subject="发展党员纪实">
  {# Page: the "record" preset, as the 纪实簿 it introduces. #}
  <page preset="record"/>
  <style name="sub" font="楷体" size="三号" align="center" indent="0pt" space-after="1字"/>
  <style name="grid" font="宋体" size="五号" align="left"/>
  <style name="note" font="楷体" size="五号" align="left" indent="0pt" space-before="0.5字"/>
  <section numbering="none">
  <h1 toc="no">发展党员全程纪实簿</h1>
  <p style="sub">{{ org.name }}　目　录</p>
  <table widths="8% 18% * 14% 12% 12%" padding="3pt" style="grid">
    <row header="yes"><cell align="center"><b>序号</b></cell><cell align="center"><b>姓名</b></cell><cell align="center"><b>当前进度</b></cell><cell align="center"><b>缺记录</b></cell><cell align="center"><b>页数</b></cell><cell align="center"><b>起始页</b></cell></row>
    {% for b in books %}
    <row><cell align="center">{{ loop.index }}</cell><cell>{{ b.name }}</cell><cell>{% if b.latest %}第{{ b.latest }}步 {{ b.latest_name }}{% else %}尚无记录{% endif %}</cell><cell align="center">{% if b.missing_count %}<b>{{ b.missing_count }}步</b>{% else %}无{% endif %}</cell><cell align="center">{{ b.pages }}</cell><cell align="center">{{ b.start }}</cell></row>
    {% endfor %}
  </table>
  <p style="note">按姓氏笔画为序。起始页为合订本的顺序页次（本目录为第1页）；各纪实簿页脚的页码是本人纪实簿内的页码。截至{{ as_of | date }}。</p>
  </section>
</document>
