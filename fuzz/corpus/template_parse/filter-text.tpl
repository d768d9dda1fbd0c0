[{{ name | trim }}] [{{ code | upper }}] [{{ code | lower }}] [{{ name | trim | length }}]
{{ title | replace("会议", "会") }}
{{ missing | default("—") }} {{ empty | default("（未填写）") }} {{ zero | default(9) }}
{{ "共" ~ 3 ~ "项" }} {{ 12 | string ~ "号" }}
