<document>
  <section>
    <toc title="目  录" form="grid"/>
    <h2>{{ record.kind }}</h2>
  </section>
</document>
