{#- Zero-filled GTD country-year counts. GTD has no 1993 records (they were lost):
    the published 1993 zeros are kept here and flagged, and the observation layer
    excludes them under the known-gap rule in seeds/reference/source_known_gaps.csv. -#}
with

source as (
    select * from {{ source('owid_gtd', 'owid_gtd__attacks_fatalities_injuries') }}
),

renamed as (
    select
        -- entity
        {{ clean_text('entity') }} as entity_name,
        {{ clean_text('code') }} as entity_code,
        -- observation
        cast(year as integer) as reference_year,
        {{ to_number('terrorist_attacks') }} as attacks,
        {{ to_number('terrorism_deaths') }} as deaths,
        {{ to_number('terrorism_non_fatal_injuries') }} as injuries,
        -- provenance
        _source_file as source_file,
        _source_row as source_row,
        _source_sha256 as source_sha256,
        _loaded_at as loaded_at
    from source
)

select * from renamed
