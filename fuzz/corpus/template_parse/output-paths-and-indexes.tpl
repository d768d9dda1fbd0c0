会议：{{ meeting.title }}
应到{{ meeting.attendance.expected }}人，实到{{ meeting.attendance.present }}人。
第一项：{{ meeting.topics[0] }}；最后一项：{{ meeting.topics[-1] }}
{{ meeting["title"] }}
