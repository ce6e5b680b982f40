{#- An OWID download of FAO's prevalence of undernourishment (SDG 2.1.1), any vintage:
    the value column is landed by position as prevalence_pct because its header
    changes between vintages. Values are as published: 2.5 stands for FAO's "<2.5%"
    (the floor is applied by seeds/reported_floors.csv, not here). -#}
{% macro owid_undernourishment_staging(relation) -%}
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
        {{ to_number('prevalence_pct') }} as prevalence_pct,
        -- provenance
        _source_file as source_file,
        _source_row as source_row,
        _source_sha256 as source_sha256,
        _loaded_at as loaded_at
    from source
)

select * from renamed
{%- endmacro %}
