<document>
  <section>
  <p>{{ record.kind }} & 党小组</p>
  </section>
</document>
