<p>会议：{{ meeting.title }}</p>
<p>{{ meting.date }}</p>
