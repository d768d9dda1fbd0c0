<document title="{{ item.title }}">
  <style name="tall" line-pitch="900pt"/>
  <p>{{ item.code }}</p>
  <table widths="40pt *" style="tall">
    <row><cell>1</cell><cell>{{ record.place }}</cell></row>
  </table>
</document>
