{#- Road injury deaths (IHME GBD 2017). The header repeats Year; the loader
    lands the 4 real fields. -#}
with

source as (
    select * from {{ source('ihme_road_owid', 'ihme_road_owid__death_counts') }}
),

renamed as (
    select
        -- entity
        {{ clean_text('entity') }} as entity_name,
        {{ clean_text('code') }} as entity_code,
        -- observation
        cast(year as integer) as reference_year,
        {{ to_number('road_injury_deaths_deaths') }}
            as deaths,
        -- provenance
        _source_file as source_file,
        _source_row as source_row,
        _source_sha256 as source_sha256,
        _loaded_at as loaded_at
    from source
)

select * from renamed
