{{ n | cn_number }} {{ 10 | cn_number }} {{ 105 | cn_number }}
{{ n | ordinal }} {{ n | ordinal("条") }} {{ n | ordinal("") }}
{{ n | pad(4) }} {{ "42" | pad(3) }}
{{ 3.14159 | round(2) }} {{ 2.5 | round }}
{{ scores | sum }} {{ rows | sum("count") }}
{{ "12" | int + 1 }} {{ 7 / 2 }} {{ 7 // 2 }} {{ 7 % 2 }}
