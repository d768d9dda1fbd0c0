<p>{{ it.title }}</p>
