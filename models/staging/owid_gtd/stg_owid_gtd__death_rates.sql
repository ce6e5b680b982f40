{#- OWID terrorism deaths per 100,000 (OWID population).
    Kept as published; the GPSI derives its own rates from World Bank population. -#}
with

source as (
    select * from {{ source('owid_gtd', 'owid_gtd__deaths_rate') }}
),

renamed as (
    select
        -- entity
        {{ clean_text('entity') }} as entity_name,
        {{ clean_text('code') }} as entity_code,
        -- observation
        cast(year as integer) as reference_year,
        {{ to_number('terrorism_deaths_per_100_000_people') }} as deaths_per_100k,
        -- provenance
        _source_file as source_file,
        _source_row as source_row,
        _source_sha256 as source_sha256,
        _loaded_at as loaded_at
    from source
)

select * from renamed
