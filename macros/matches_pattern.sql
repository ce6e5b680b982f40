{#- True when the whole text `expr` matches the regular expression `pattern` (a SQL
    string literal). Dispatched: DuckDB regexp_full_match, Spark rlike with anchors. -#}
{% macro matches_pattern(expr, pattern) -%}
    {{ return(adapter.dispatch('matches_pattern', 'gpsi')(expr, pattern)) }}
{%- endmacro %}

{% macro default__matches_pattern(expr, pattern) -%}
    regexp_full_match({{ expr }}, {{ pattern }})
{%- endmacro %}

{% macro spark__matches_pattern(expr, pattern) -%}
    ({{ expr }} rlike concat('^(', {{ pattern }}, ')$'))
{%- endmacro %}
