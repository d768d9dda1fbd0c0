{# Signature lines of the host and the recorder (R25 item 12). #}
<space height="8mm"/>
<signature width="40mm">主持人（签字）：</signature>
<signature width="40mm">记录人（签字）：</signature>
