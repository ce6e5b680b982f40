{#- The last (first) non-null value of `expr` in a window frame: append `over (...)`.
    DuckDB and Spark spell "ignore nulls" differently. -#}
{% macro last_value_ignoring_nulls(expr) -%}
    {{ return(adapter.dispatch('last_value_ignoring_nulls', 'gpsi')(expr)) }}
{%- endmacro %}

{% macro default__last_value_ignoring_nulls(expr) -%}
    last_value({{ expr }} ignore nulls)
{%- endmacro %}

{% macro spark__last_value_ignoring_nulls(expr) -%}
    last_value({{ expr }}, true)
{%- endmacro %}

{% macro first_value_ignoring_nulls(expr) -%}
    {{ return(adapter.dispatch('first_value_ignoring_nulls', 'gpsi')(expr)) }}
{%- endmacro %}

{% macro default__first_value_ignoring_nulls(expr) -%}
    first_value({{ expr }} ignore nulls)
{%- endmacro %}

{% macro spark__first_value_ignoring_nulls(expr) -%}
    first_value({{ expr }}, true)
{%- endmacro %}
