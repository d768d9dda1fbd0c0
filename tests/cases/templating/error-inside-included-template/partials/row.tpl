<row>
  <cell>{{ meeting.titel }}</cell>
</row>
