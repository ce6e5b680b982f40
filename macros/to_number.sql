{#- Published text to a double. Missing-value tokens (vars.na_tokens in
    dbt_project.yml, the list the loader checks against) become null; anything else that
    is not a number fails the cast loudly (the loader already checked numeric columns).
    `thousands` strips a thousands separator such as "1,322.6". -#}
{% macro to_number(expr, thousands=none) -%}
    {{ return(adapter.dispatch('to_number', 'gpsi')(expr, thousands)) }}
{%- endmacro %}

{% macro default__to_number(expr, thousands) -%}
    case
        when trim({{ expr }}) in (
            {%- for token in var('na_tokens') %}'{{ token }}'{{ ', ' if not loop.last }}{% endfor -%}
        ) then null
        else cast(
            {%- if thousands %} replace(trim({{ expr }}), '{{ thousands }}', '')
            {%- else %} trim({{ expr }}){% endif %} as double
        )
    end
{%- endmacro %}

{#- Blank or whitespace-only text to null, other text trimmed. -#}
{% macro clean_text(expr) -%}
    nullif(trim({{ expr }}), '')
{%- endmacro %}
