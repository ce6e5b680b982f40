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
        {{ provenance_columns() }}
    from source
)

select * from renamed
