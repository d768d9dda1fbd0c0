{# 党费收缴台账：one row per member, twelve month cells (amount and date paid), totals.
   Data: org; ledger {id, title, year, archive_code (档号, when numbered), collection_day, rows [{name, category, base, rate, months [{state:
   paid|unpaid|open|none, amount, paid, paid_short}], total, note}], month_totals, total, unpaid_count, rates, basis}; as_of.
   A month due and not paid prints 未交 in bold; a month not yet due prints —; before the member had to pay ／. #}
<document title="{{ ledger.title }}" author="{{ org.name }}" subject="党费收缴台账 {{ ledger.year }}">
  {# Page: A4 landscape with narrow margins so twelve months fit in one row; a ledger, not a 公文. The top
     margin leaves room for the 归档章 (10–26 mm from the top edge) above the 档号 line. #}
  <page orientation="landscape" margin-top="28mm" margin-bottom="16mm" margin-left="18mm" margin-right="18mm"/>
  <style name="title" based-on="h1" size="小二" space-after="0.2字"/>
  <style name="sub" font="楷体" size="四号" align="center" indent="0pt" space-after="0.5字"/>
  <style name="cell" font="宋体" size="小五" align="center" line-pitch="10.5pt"/>
  <style name="note" font="楷体" size="小五" align="left" indent="0pt" line-pitch="12pt" space-before="2pt"/>
  <style name="code" font="宋体" size="五号" align="right" indent="0pt"/>
  <footer><p style="footer">{{ ledger.year }}年党费收缴台账  第 <page-number/> 页  共 <page-count/> 页</p></footer>
  <section numbering="arabic" start="1">
  {% include "partials/archive-stamp.tpl" %}
  {% if ledger.archive_code %}<p style="code">档号：{{ ledger.archive_code }}</p>{% endif %}
  <h1 style="title">{{ ledger.title }}</h1>
  <p style="sub">{% if org.name and org.name not in ledger.title %}{{ org.name }}　{% endif %}{{ ledger.year }}年度{% if ledger.collection_day %}　固定收缴日：{{ ledger.collection_day }}{% endif %}　单位：元</p>
  <table widths="7.5% 6.5% 4.5% 6.3% 6.3% 6.3% 6.3% 6.3% 6.3% 6.3% 6.3% 6.3% 6.3% 6.3% 6.3% *" padding="1pt" style="cell">
    <row header="yes"><cell><b>姓名</b></cell><cell><b>基数</b></cell><cell><b>比例</b></cell>{% for m in range(1, 13) %}<cell><b>{{ m }}月</b></cell>{% endfor %}<cell><b>合计</b></cell></row>
    {% for r in ledger.rows %}
    <row><cell>{{ r.name }}</cell><cell>{{ r.base | default("—") }}</cell><cell>{{ r.rate | default("—") }}</cell>{% for c in r.months %}<cell>{% if c.state == "paid" %}{{ c.amount }}<br/><span size="六号">{{ c.paid_short }}</span>{% elif c.state == "unpaid" %}<b>未交</b>{% elif c.state == "none" %}／{% else %}—{% endif %}</cell>{% endfor %}<cell>{{ r.total }}</cell></row>
    {% endfor %}
    <row><cell><b>合计</b></cell><cell>—</cell><cell>—</cell>{% for t in ledger.month_totals %}<cell>{{ t }}</cell>{% endfor %}<cell><b>{{ ledger.total }}</b></cell></row>
  </table>
  <p style="note">说明：格内上为金额、下为交纳日期（月.日）；“未交”为截至{{ as_of | date }}已到期未交纳；“—”为尚未到期；“／”为尚不应交纳（预备党员自支部大会通过之日起交纳）。{% if ledger.unpaid_count %}本台账共有{{ ledger.unpaid_count }}个月次未交。{% endif %}</p>
  <p style="note">交纳比例：{% for b in ledger.rates %}{{ b }}{% if not loop.last %}。{% endif %}{% endfor %}。依据：{{ ledger.basis }}。</p>
  <p style="note" align="right">组织委员（签字）：＿＿＿＿＿＿＿＿　　党支部书记（签字）：＿＿＿＿＿＿＿＿</p>
  </section>
</document>
