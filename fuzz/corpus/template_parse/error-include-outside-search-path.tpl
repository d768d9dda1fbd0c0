{% include "../error-include-cycle/template.tpl" %}
