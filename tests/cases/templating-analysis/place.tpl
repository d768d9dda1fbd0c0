<p>{{ it.page_range }}</p>
