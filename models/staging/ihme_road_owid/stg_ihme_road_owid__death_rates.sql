{#- Age-standardised road injury death rate per 100,000 (IHME GBD 2017), both sexes. -#}
with

source as (
    select * from {{ source('ihme_road_owid', 'ihme_road_owid__death_rates') }}
),

renamed as (
    select
        -- entity
        {{ clean_text('entity') }} as entity_name,
        {{ clean_text('code') }} as entity_code,
        -- observation
        cast(year as integer) as reference_year,
        {{ to_number(
            'deaths_road_injuries_sex_both_age_age_standardized_rate_deaths_per_100_000_'
            ~ 'individuals'
        ) }} as death_rate_age_standardised,
        -- provenance
        _source_file as source_file,
        _source_row as source_row,
        _source_sha256 as source_sha256,
        _loaded_at as loaded_at
    from source
)

select * from renamed
