{#- One row per calendar year from `first_year` to `last_year` (SQL expressions),
    as column `year_value`. -#}
{% macro year_series(first_year, last_year) -%}
    {{ return(adapter.dispatch('year_series', 'gpsi')(first_year, last_year)) }}
{%- endmacro %}

{% macro default__year_series(first_year, last_year) -%}
    select cast(year_value as integer) as year_value
    from range({{ first_year }}, ({{ last_year }}) + 1) as t (year_value)
{%- endmacro %}

{% macro spark__year_series(first_year, last_year) -%}
    select explode(sequence({{ first_year }}, {{ last_year }})) as year_value
{%- endmacro %}
