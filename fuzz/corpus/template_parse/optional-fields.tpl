{% if meeting.notes %}备注：{{ meeting.notes }}{% else %}无备注{% endif %}
{% if meeting.chair.name is defined %}主持：{{ meeting.chair.name }}{% endif %}
{% if meeting.recorder is defined %}记录：{{ meeting.recorder }}{% endif %}
地点：{{ meeting.place | default("党员活动室") }}
{% for x in meeting.items | default([]) %}{{ x }}{% else %}（无议题）{% endfor %}
