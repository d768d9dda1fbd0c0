{{ meeting.count | upper }}
