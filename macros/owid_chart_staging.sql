{#- A long OWID chart download (Entity, Code, Year, value columns) staged: entity name
    and code cleaned, year cast, each value column to a number under its new name
    (`values`: raw column -> staged name), further text columns cleaned (`texts`),
    provenance kept. Every OWID single-series
    staging model uses it, so the layout is read in one place. -#}
{% macro owid_chart_staging(relation, values, texts={}) -%}
with

source as (
    select * from {{ relation }}
),

renamed as (
    select
        -- entity
        {{ clean_text('entity') }} as entity_name,
        {{ clean_text('code') }} as entity_code,
        -- observation
        cast(year as integer) as reference_year,
        {%- for raw_column, name in values.items() %}
        {{ to_number(raw_column) }} as {{ name }},
        {%- endfor %}
        {%- for raw_column, name in texts.items() %}
        {{ clean_text(raw_column) }} as {{ name }},
        {%- endfor %}
        -- provenance
        {{ provenance_columns() }}
    from source
)

select * from renamed
{%- endmacro %}
