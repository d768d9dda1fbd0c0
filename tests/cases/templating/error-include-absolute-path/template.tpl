x
{% include "/etc/passwd" %}
