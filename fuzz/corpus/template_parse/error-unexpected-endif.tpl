<p/>
{% endif %}
