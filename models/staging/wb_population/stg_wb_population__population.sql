{#- World Bank SP.POP.TOTL, long, including aggregates (classified downstream). -#}
with

source as (
    select * from {{ source('wb_population', 'wb_population__population') }}
),

renamed as (
    select
        -- entity
        {{ clean_text('country_name') }} as entity_name,
        {{ clean_text('country_code') }} as entity_code,
        -- observation
        cast(year as integer) as reference_year,
        {{ to_number('value') }} as population,
        -- provenance
        _source_file as source_file,
        _source_row as source_row,
        _source_sha256 as source_sha256,
        _loaded_at as loaded_at
    from source
)

select * from renamed
