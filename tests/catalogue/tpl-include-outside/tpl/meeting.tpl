<document>{% include "../../../etc/passwd" %}</document>
