{# 归档章 (DA/T 22-2015 附录A): top right of the first page of each 件, in the blank space above the text.
   Row 1: 全宗号 | 年度 | 件号; row 2: 机构（问题） | 保管期限 | 页数 — three 15 mm columns, two 8 mm rows.
   <item-pages/> is the 件's real page count, filled in after layout (the page count is not known while
   the template runs). Left out when the document has no 档号 yet (no item, or 件号 0). #}
{% if item is defined and item.item_number %}
  <box corner="top-right" x="26mm" y="10mm" width="45mm">
    <table widths="15mm 15mm 15mm" padding="1.6mm">
      <row><cell><p size="小五" align="center">{{ item.fonds }}</p></cell><cell><p size="小五" align="center">{{ item.year }}</p></cell><cell><p size="小五" align="center">{{ item.item_number | pad(4) }}</p></cell></row>
      <row><cell><p size="小五" align="center">{{ item.class }}</p></cell><cell><p size="小五" align="center">{{ item.retention_name }}</p></cell><cell><p size="小五" align="center"><item-pages/></p></cell></row>
    </table>
  </box>
{% endif %}
