<document><p>{{ record.kind </p></document>
