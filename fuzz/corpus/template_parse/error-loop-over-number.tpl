{% for x in meeting.count %}{% endfor %}
