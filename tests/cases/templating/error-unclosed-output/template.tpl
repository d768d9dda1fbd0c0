<p>
  {{ meeting.title
