<document>{% include "meeting.tpl" %}</document>
