<p>{{ text }}</p>
<p>{{ text | raw }}</p>
<p attr="{{ quote }}">{{ "5 > 3 & 2 < 4" }}</p>
