<document><blink>{{ record.kind }}</blink></document>
