<h2>{{ loop.index }}. {{ m.title }}</h2>
<p>会议时间：{{ m.date | date }}</p>
