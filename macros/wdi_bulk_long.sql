{#- A World Bank bulk CSV (WDI, WGI: one row per economy, one column per year) as
    one row per economy, indicator and year with a value; blank cells are missing
    values and are dropped. `value_name` names the numeric column. Used by every
    staging model of a World Bank bulk file, so the layout is read in one place. -#}
{% macro wdi_bulk_long(relation, value_name) -%}
with

long as (
    {{ unpivot_year_columns(
        relation,
        ['country_name', 'country_code', 'indicator_code', '_source_file',
         '_source_row', '_source_sha256', '_loaded_at'],
        prefix='y',
    ) }}
),

renamed as (
    select
        -- entity
        {{ clean_text('country_name') }} as entity_name,
        {{ clean_text('country_code') }} as entity_code,
        -- observation
        {{ clean_text('indicator_code') }} as wdi_indicator_code,
        cast(year_label as integer) as reference_year,
        {{ to_number('value_text') }} as {{ value_name }},
        -- provenance
        {{ provenance_columns() }}
    from long
    where {{ clean_text('value_text') }} is not null
)

select * from renamed
{%- endmacro %}
