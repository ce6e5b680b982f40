{#- Sheet 'Terrorism index 2023'. `Year` is the data year (the 2023 report covers
    2022). Region labels added by a third party are trimmed. -#}
with

source as (
    select * from {{ source('iep_gti', 'iep_gti__country_scores') }}
),

renamed as (
    select
        -- entity
        {{ clean_text('iso3c') }} as entity_code,
        {{ clean_text('country') }} as entity_name,
        -- observation
        cast({{ to_number('year') }} as integer) as reference_year,
        2023 as edition_year,
        {{ to_number('score') }} as gti_score,
        cast({{ to_number('rank') }} as integer) as gti_rank,
        {{ to_number('incidents') }} as incidents,
        {{ to_number('fatalities') }} as fatalities,
        {{ to_number('injuries') }} as injuries,
        {{ to_number('hostages') }} as hostages,
        {{ clean_text('regional_location') }} as regional_location,
        {{ clean_text('region') }} as region,
        -- provenance
        {{ provenance_columns() }}
    from source
)

select * from renamed
