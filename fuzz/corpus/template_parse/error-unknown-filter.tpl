<p>
  {{ meeting.date | dat("chinese") }}
</p>
