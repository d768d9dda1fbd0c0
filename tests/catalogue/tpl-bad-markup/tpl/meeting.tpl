<document><p>{{ record.kind }}</document>
