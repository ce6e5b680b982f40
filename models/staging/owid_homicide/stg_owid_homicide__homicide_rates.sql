with

source as (
    select * from {{ source('owid_homicide', 'owid_homicide__homicide_rate') }}
),

renamed as (
    select
        -- entity
        {{ clean_text('entity') }} as entity_name,
        {{ clean_text('code') }} as entity_code,
        -- observation
        cast(year as integer) as reference_year,
        {{ to_number('homicide_rate_per_100_000_population') }} as homicide_rate,
        {{ clean_text('world_region_according_to_owid') }} as owid_region,
        -- provenance
        _source_file as source_file,
        _source_row as source_row,
        _source_sha256 as source_sha256,
        _loaded_at as loaded_at
    from source
)

select * from renamed
