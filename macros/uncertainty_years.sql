{#- The config and the filter of a model derived year by year from
    int_uncertainty_draw_ranks (fct_gpsi_uncertainty, fct_sensitivity). On DuckDB it is
    incremental: an incremental run recomputes the years whose draws this dbt invocation
    rewrote (delete+insert by year) and deletes the years the draws no longer have; a
    full build, or another engine, builds every year. -#}
{% macro uncertainty_by_year_config(year_column) %}
    {{ config(
        materialized='incremental' if target.type == 'duckdb' else 'table',
        incremental_strategy='delete+insert',
        unique_key=year_column,
        on_schema_change='fail',
        post_hook=(
            "{% if is_incremental() %}delete from {{ this }} where " ~ year_column
            ~ " not in (select distinct reference_year from "
            ~ "{{ ref('int_uncertainty_draw_ranks') }}){% endif %}"
        ),
    ) }}
{% endmacro %}

{#- A condition on `year_expr`: in an incremental run, the years whose draws this
    invocation rewrote; otherwise always true. -#}
{% macro uncertainty_years_rewritten(year_expr) %}
    {%- if is_incremental() -%}
        {{ year_expr }} in (
            select distinct reference_year
            from {{ ref('int_uncertainty_draw_ranks') }}
            where invocation_id = '{{ invocation_id }}'
        )
    {%- else -%}
        true
    {%- endif -%}
{% endmacro %}
