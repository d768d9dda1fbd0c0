{# 换届选举 dossier (一事一档): the document chain, the candidates in 姓氏笔画 order, the vote and its checks.
   Data: org; election {id, title, seats, term_years, archive_code, date}; steps [{name, present, required, date,
   title, reference, by, record, content}]; candidates [{name, gender, position, votes, elected, role, majority}]
   (already in 姓氏笔画 order); elected; voting {expected, present, ballots_issued, ballots_returned, excluded,
   quorum_rule, quorum_ok, winner_rule}; margin {candidates, seats, needed, ok, percent}; profile. #}
<document title="{{ election.title }}" author="{{ org.name }}" subject="换届选举">
  {# Page: the "record" preset. These are the branch's own working papers of the election (the 请示 and 批复
     themselves are filed as received); GB/T 9704 (preset="gbt9704") is for a 公文 the branch issues. #}
  <page preset="record"/>
  <style name="cover-title" font="小标宋" size="一号" align="center" indent="0pt" space-after="1字"/>
  <style name="cover-sub" font="楷体" size="二号" align="center" indent="0pt" space-after="3字"/>
  <style name="cover-cell" font="宋体" size="三号" align="left" indent="0pt"/>
  <style name="cover-org" font="楷体" size="三号" align="center" indent="0pt"/>
  <style name="code" font="宋体" size="五号" align="right" indent="0pt"/>
  <style name="body" font="仿宋" size="小四" line-pitch="22pt" indent="2字"/>
  <style name="cell" font="仿宋" size="五号" align="left"/>
  <style name="section" font="黑体" size="四号" align="left" indent="0pt" space-before="0.8字" space-after="0.3字" keep-with-next="yes"/>
  <style name="stephead" font="黑体" size="小四" align="left" indent="0pt" space-before="0.6字" space-after="0.2字" keep-with-next="yes"/>
  <style name="note" font="楷体" size="五号" align="left" indent="0pt"/>
  <style name="grid" font="宋体" size="小五" align="left" line-pitch="13pt"/>
  <footer><p style="footer">换届选举材料  第 <page-number/> 页  共 <page-count/> 页</p></footer>

  <section numbering="none">
  {% include "partials/archive-stamp.tpl" %}
  <p style="code">档号：{{ election.archive_code | default("＿＿＿＿＿＿＿＿") }}</p>
  <space height="30mm"/>
  <p style="cover-title">换届选举材料</p>
  <p style="cover-sub">{{ election.title }}</p>
  <table widths="32% *" padding="6pt" style="cover-cell">
    <row><cell align="center">选举日期</cell><cell>{{ election.date | date if election.date else "【缺】" }}</cell></row>
    <row><cell align="center">应选名额</cell><cell>{{ election.seats | default("—") }}名</cell></row>
    <row><cell align="center">任　　期</cell><cell>{% if election.term_years %}{{ election.term_years }}年{% else %}—{% endif %}</cell></row>
    <row><cell align="center">材料件数</cell><cell>{{ steps | length }}件{% set absent = steps | map("present") %}{% if false in absent %}（其中有缺件，见目录）{% endif %}</cell></row>
  </table>
  <space height="25mm"/>
  <p style="cover-org">{{ org.name }}</p>
  </section>

  <section numbering="arabic" start="1">
  <h1>{{ election.title }}</h1>
  <p style="section">一、材料目录</p>
  <table widths="6% 14% * 20% 17%" padding="2pt" style="grid">
    <row header="yes"><cell align="center"><b>序号</b></cell><cell align="center"><b>环节</b></cell><cell align="center"><b>题名</b></cell><cell align="center"><b>文号</b></cell><cell align="center"><b>日期</b></cell></row>
    {% for s in steps %}
    <row><cell align="center">{{ loop.index }}</cell><cell>{{ s.name }}</cell><cell>{% if s.present %}{{ s.title | default(s.name) }}{% else %}<b>【缺】本环节没有材料</b>{% endif %}</cell><cell>{{ s.reference | default("—") }}</cell><cell align="center">{% if s.present %}{{ s.date | date }}{% else %}<b>缺</b>{% endif %}</cell></row>
    {% endfor %}
  </table>

  <p style="section">二、候选人名单（按姓氏笔画为序）</p>
  <table widths="7% 15% 8% * 10% 10% 13%" padding="2pt" style="grid">
    <row header="yes"><cell align="center"><b>序号</b></cell><cell align="center"><b>姓名</b></cell><cell align="center"><b>性别</b></cell><cell align="center"><b>现任职务</b></cell><cell align="center"><b>得票</b></cell><cell align="center"><b>当选</b></cell><cell align="center"><b>分工</b></cell></row>
    {% for c in candidates %}
    <row><cell align="center">{{ loop.index }}</cell><cell>{{ c.name }}</cell><cell align="center">{{ c.gender | default("—") }}</cell><cell>{{ c.position | default("—") }}</cell><cell align="center">{{ c.votes | default("—") }}</cell><cell align="center">{{ "当选" if c.elected else "未当选" }}</cell><cell align="center">{{ c.role | default("—") }}</cell></row>
    {% else %}
    <row><cell colspan="7"><b>【缺】没有候选人名单</b></cell></row>
    {% endfor %}
  </table>
  <p style="note">差额：应选{{ margin.seats | default("—") }}名，候选人{{ margin.candidates }}名{% if margin.needed %}，按多于应选人数{{ margin.percent }}%的要求应不少于{{ margin.needed }}名——{{ "符合" if margin.ok else "不符合" }}{% endif %}。</p>

  <p style="section">三、选举情况</p>
  <table widths="25% 25% 25% *" padding="2pt" style="grid">
    <row><cell align="center">应到会有选举权</cell><cell align="center">{{ voting.expected | default("—") }}人</cell><cell align="center">实到会</cell><cell align="center">{{ voting.present | default("—") }}人</cell></row>
    <row><cell align="center">发出选票</cell><cell align="center">{{ voting.ballots_issued | default("—") }}张</cell><cell align="center">收回选票</cell><cell align="center">{{ voting.ballots_returned | default("—") }}张</cell></row>
    <row><cell align="center">到会人数要求</cell><cell colspan="3">实到会人数应{{ voting.quorum_rule }}（以应到会有选举权的人数计）：{% if voting.quorum_ok is none %}无法判断（缺应到或实到人数）{% elif voting.quorum_ok %}符合，选举有效{% else %}<b>不符合，选举无效</b>{% endif %}</cell></row>
    <row><cell align="center">当选要求</cell><cell colspan="3">候选人获得的赞成票应{{ voting.winner_rule }}（以实到会有选举权的人数计）</cell></row>
    {% if voting.excluded %}<row><cell align="center">说明</cell><cell colspan="3">{{ voting.excluded }}</cell></row>{% endif %}
  </table>
  {% if elected %}
  <p style="section">四、新一届支部委员会</p>
  {% for c in elected if c.role == "书记" %}<p>书　记：{{ c.name }}</p>{% endfor %}
  {% for c in elected if c.role == "副书记" %}<p>副书记：{{ c.name }}</p>{% endfor %}
  <p>委　员（按姓氏笔画为序）：{{ elected | map("name") | join("、") }}</p>
  {% for c in elected if c.role and c.role != "书记" and c.role != "副书记" %}<p>{{ c.role }}：{{ c.name }}</p>{% endfor %}
  {% endif %}

  <p style="section">五、各环节材料</p>
  {% for s in steps %}
  <p style="stephead">{{ loop.index }}．{{ s.name }}{% if s.title and s.title != s.name %}：{{ s.title }}{% endif %}</p>
  {% if s.present %}
  <p>日期：{{ s.date | date }}{% if s.reference %}；文号：{{ s.reference }}{% endif %}{% if s.by %}；制发：{{ s.by }}{% endif %}</p>
  {% if s.record %}<p>{{ s.record }}</p>{% endif %}
  {% for para in s.content %}<p>{{ para }}</p>{% endfor %}
  {% else %}
  <p><b>【缺】</b>本环节没有材料，按{{ profile }}应当具备。</p>
  {% endif %}
  {% endfor %}
  </section>
</document>
