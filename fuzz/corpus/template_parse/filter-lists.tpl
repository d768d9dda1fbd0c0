{{ people | map("name") | join("、") }}
{{ people | sort("age") | map("name") | join("、") }}
{{ nums | sort | join(",") }} {{ nums | sort | reverse | join(",") }}
{{ nums | first }} {{ nums | last }} {{ nums | length }}
{{ "党支部" | first }}{{ "党支部" | last }}
