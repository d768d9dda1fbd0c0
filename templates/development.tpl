{# 发展党员全程纪实簿：one applicant's whole path, 一人一簿 (rules.md §1.5).
   Data: org; person {name, gender, birth_date, unit, education, position, archive_code, contacts, introducers};
   steps [{number, name, state: done|missing|pending, date, by, title, record, reference, earliest, due, basis,
   flag, vote, content}]; review_windows [{from, to, date, missing}]; reviews; thought_reports; training;
   notices; probation_end; latest, latest_name, missing_count, flag_count; profile; as_of.
   A missing step is printed as 【缺】, never as a blank cell. #}
<document title="发展党员全程纪实簿（{{ person.name }}）" author="{{ org.name }}" subject="发展党员纪实">
  {# Page: the "record" preset: a 纪实簿 is a running record, dense tables and notes, not a 公文. #}
  <page preset="record"/>
  <style name="cover-title" font="小标宋" size="一号" align="center" indent="0pt" space-after="1字"/>
  <style name="cover-name" font="楷体" size="二号" align="center" indent="0pt" space-after="3字"/>
  <style name="cover-cell" font="宋体" size="三号" align="left" indent="0pt"/>
  <style name="cover-org" font="楷体" size="三号" align="center" indent="0pt"/>
  <style name="code" font="宋体" size="五号" align="right" indent="0pt"/>
  <style name="body" font="仿宋" size="小四" line-pitch="22pt" indent="2字"/>
  <style name="cell" font="仿宋" size="五号" align="left"/>
  <style name="grid" font="宋体" size="小五" align="left" line-pitch="13pt"/>
  <style name="section" font="黑体" size="四号" align="left" indent="0pt" space-before="0.8字" space-after="0.3字" keep-with-next="yes"/>
  <style name="stephead" font="黑体" size="小四" align="left" indent="0pt" space-before="0.6字" space-after="0.2字" keep-with-next="yes"/>
  <style name="note" font="楷体" size="五号" align="left" indent="0pt"/>
  <footer><p style="footer">{{ person.name }} 纪实簿  第 <page-number/> 页  共 <page-count/> 页</p></footer>

  <section numbering="none">
  {% include "partials/archive-stamp.tpl" %}
  <p style="code">档号：{{ person.archive_code | default("＿＿＿＿＿＿＿＿") }}</p>
  <space height="30mm"/>
  <p style="cover-title">发展党员全程纪实簿</p>
  <p style="cover-name">{{ person.name }}</p>
  <table widths="32% *" padding="6pt" style="cover-cell">
    <row><cell align="center">姓　　名</cell><cell>{{ person.name }}{% if person.gender %}（{{ person.gender }}）{% endif %}</cell></row>
    <row><cell align="center">工作单位</cell><cell>{{ person.unit | default("（未填写）") }}</cell></row>
    <row><cell align="center">所在支部</cell><cell>{{ org.name | default("（未填写）") }}</cell></row>
    <row><cell align="center">申请入党</cell><cell>{{ steps[0].date | date if steps[0].date else "【缺】" }}</cell></row>
    <row><cell align="center">当前进度</cell><cell>{% if latest %}第{{ latest }}步 {{ latest_name }}{% else %}尚无记录{% endif %}</cell></row>
  </table>
  <space height="25mm"/>
  <p style="cover-org">{{ org.name }}</p>
  </section>

  <section numbering="arabic" start="1">
  <h1>{{ person.name }}同志发展党员全程纪实</h1>
  <p style="section">一、基本情况</p>
  <table widths="16% 34% 16% *" padding="3pt" style="cell">
    <row><cell align="center">姓名</cell><cell>{{ person.name }}</cell><cell align="center">性别</cell><cell>{{ person.gender | default("—") }}</cell></row>
    <row><cell align="center">出生日期</cell><cell>{{ person.birth_date | date if person.birth_date else "—" }}</cell><cell align="center">学历</cell><cell>{{ person.education | default("—") }}</cell></row>
    <row><cell align="center">工作单位</cell><cell colspan="3">{{ person.unit | default("—") }}{% if person.position %}　{{ person.position }}{% endif %}</cell></row>
    <row><cell align="center">培养联系人</cell><cell>{{ person.contacts | join("、") | default("【缺】") }}</cell><cell align="center">入党介绍人</cell><cell>{{ person.introducers | join("、") | default("—") }}</cell></row>
    <row><cell align="center">预备期满</cell><cell colspan="3">{% if probation_end %}{{ probation_end | date }}{% if extension_months %}（含延长预备期{{ extension_months }}个月）{% endif %}{% else %}—（尚未接收为预备党员）{% endif %}</cell></row>
  </table>

  <p style="section">二、发展程序纪实表</p>
  <p style="note">“时限”按{{ profile }}计算；【缺】表示其后步骤已有记录而本步骤没有纪实；“尚未进行”表示截至{{ as_of | date }}尚未到此步骤。{% if missing_count %}本簿缺{{ missing_count }}个步骤的纪实，请补齐。{% endif %}</p>
  <table widths="6% 20% 16% * 22% 7%" padding="2pt" style="grid">
    <row header="yes"><cell align="center"><b>序号</b></cell><cell align="center"><b>步骤</b></cell><cell align="center"><b>日期</b></cell><cell align="center"><b>经办人、形成材料</b></cell><cell align="center"><b>时限</b></cell><cell align="center"><b>备注</b></cell></row>
    {% for s in steps %}
    <row><cell align="center">{{ s.number }}</cell><cell>{{ s.name }}</cell><cell align="center">{% if s.state == "done" %}{{ s.date | date }}{% elif s.state == "missing" %}<b>【缺】</b>{% else %}尚未进行{% endif %}</cell><cell>{% if s.state == "done" %}{{ s.by }}{% if s.by and (s.title or s.record or s.reference) %}；{% endif %}{{ s.title }}{% if s.title and s.record %}；{% endif %}{{ s.record }}{% if s.reference %}（{{ s.reference }}）{% endif %}{% if not (s.by or s.title or s.record or s.reference) %}—{% endif %}{% elif s.state == "missing" %}<b>无纪实记录</b>{% else %}—{% endif %}</cell><cell>{% if s.earliest %}不早于{{ s.earliest | date }}{% endif %}{% if s.earliest and s.due %}<br/>{% endif %}{% if s.due %}不晚于{{ s.due | date }}{% endif %}{% if not (s.earliest or s.due) %}—{% endif %}</cell><cell align="center">{% if s.flag %}<b>{{ s.flag }}</b>{% elif s.state == "missing" %}<b>缺</b>{% endif %}</cell></row>
    {% endfor %}
  </table>

  <p style="section">三、各步骤纪实</p>
  {% for s in steps if s.state != "pending" %}
  <p style="stephead">第{{ s.number }}步　{{ s.name }}</p>
  {% if s.state == "missing" %}
  <p><b>【缺】</b>本步骤没有纪实记录，应补充{{ s.name }}的材料或说明。</p>
  {% else %}
  <p>日期：{{ s.date | date }}{% if s.by %}；经办：{{ s.by }}{% endif %}{% if s.reference %}；文号：{{ s.reference }}{% endif %}{% if s.flag %}；<b>{{ s.flag }}</b>（{{ s.basis }}）{% endif %}</p>
  {% if s.title %}<p>材料：{{ s.title }}</p>{% endif %}
  {% if s.record %}<p>纪实：{{ s.record }}</p>{% endif %}
  {% for para in s.content %}<p>{{ para }}</p>{% endfor %}
  {% if s.vote %}
  {% set v = s.vote %}
  {% include "partials/dossier-vote.tpl" %}
  {% endif %}
  {% endif %}
  {% endfor %}

  <p style="section">四、培养教育考察（每半年一次）</p>
  {% if review_windows %}
  <table widths="44% 22% *" padding="2pt" style="grid">
    <row header="yes"><cell align="center"><b>考察期间</b></cell><cell align="center"><b>考察日期</b></cell><cell align="center"><b>情况</b></cell></row>
    {% for w in review_windows %}
    <row><cell>{{ w.from | date }}至{{ w.to | date }}</cell><cell align="center">{% if w.missing %}<b>【缺】</b>{% else %}{{ w.date | date }}{% endif %}</cell><cell>{% if w.missing %}<b>本期没有培养考察记录</b>{% else %}已考察{% endif %}</cell></row>
    {% endfor %}
  </table>
  {% else %}
  <p>尚未确定为入党积极分子，或考察期未满半年。</p>
  {% endif %}
  {% if reviews %}
  <table widths="17% 18% *" padding="2pt" style="grid" space-before="4pt">
    <row header="yes"><cell align="center"><b>日期</b></cell><cell align="center"><b>考察人</b></cell><cell align="center"><b>考察意见</b></cell></row>
    {% for r in reviews %}
    <row><cell align="center">{{ r.date | date }}</cell><cell>{{ r.by | default("—") }}</cell><cell>{{ r.content | default("—") }}</cell></row>
    {% endfor %}
  </table>
  {% endif %}

  <p style="section">五、思想汇报</p>
  {% if thought_reports %}
  <p>共{{ thought_reports | length }}份：{% for r in thought_reports %}{{ r.date | date }}{% if r.title %}（{{ r.title }}）{% endif %}{% if not loop.last %}；{% endif %}{% endfor %}。</p>
  {% else %}
  <p><b>【缺】</b>没有思想汇报记录。</p>
  {% endif %}

  <p style="section">六、集中培训与公示</p>
  {% if training.start or training.end %}
  <p>集中培训：{{ training.start | date if training.start else "—" }}至{{ training.end | date if training.end else "—" }}{% if training.days %}，{{ training.days }}天{% endif %}{% if training.hours %}，{{ training.hours }}学时{% endif %}{% if training.organiser %}，由{{ training.organiser }}组织{% endif %}。</p>
  {% elif steps[10].state == "done" %}
  <p><b>【缺】</b>已记录第11步，但没有培训起止日期和学时。</p>
  {% else %}
  <p>尚未参加集中培训。</p>
  {% endif %}
  {% for n in notices %}
  <p>公示：{{ n.start | date }}至{{ n.end | date }}{% if n.before_name %}（{{ n.before_name }}前）{% endif %}。</p>
  {% else %}
  <p>没有公示记录。</p>
  {% endfor %}
  <space height="8mm"/>
  <signature width="40mm">党支部书记（签字）：</signature>
  <signature width="40mm">填 写 人（签字）：</signature>
  </section>
</document>
