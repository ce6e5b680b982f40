{#- Global Food Security Index 2021: overall score and four pillars per country.
    Tied ranks are written "=9": the rank keeps the number, `is_tied_rank` the mark. -#}
with

source as (
    select * from {{ source('gfsi', 'gfsi__pillar_scores') }}
),

renamed as (
    select
        -- entity
        {{ clean_text('iso_code') }} as entity_code,
        {{ clean_text('country') }} as entity_name,
        -- observation
        {{ clean_text('indicator') }} as pillar,
        2021 as edition_year,
        {{ to_number('score') }} as score,
        cast(replace(trim(ranking), '=', '') as integer) as gfsi_rank,
        left(trim(ranking), 1) = '=' as is_tied_rank,
        -- provenance
        {{ provenance_columns() }}
    from source
)

select * from renamed
