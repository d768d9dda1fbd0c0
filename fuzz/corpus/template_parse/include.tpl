<document title="{{ branch }}会议记录">
{% include "partials/header.tpl" %}
{% for m in meetings %}
{% include "partials/meeting.tpl" %}
{% endfor %}
</document>
