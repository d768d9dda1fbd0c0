<row>
    {%- for c in cells -%}
    <cell>{{ c }}</cell>
    {%- endfor -%}
</row>
<p>  {{- " 紧贴 " -}}  </p>
<keep>
    {%+ if true +%}
    kept
    {% endif %}
</keep>
