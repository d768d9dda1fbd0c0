<p/>
{% if a
