{#- UCDP deaths in organised violence (state-based, non-state, one-sided) in the
    country where they occurred, OWID aggregation: best estimate with UCDP's low and
    high estimates (five rows have best > high, as published: bounds are not
    reordered). -#}
with

source as (
    select * from {{ source('owid_conflict_deaths', 'owid_conflict_deaths__deaths') }}
),

renamed as (
    select
        -- entity
        {{ clean_text('entity') }} as entity_name,
        {{ clean_text('code') }} as entity_code,
        -- observation
        cast(year as integer) as reference_year,
        {{ to_number('best_estimate') }} as deaths_best,
        {{ to_number('low_estimate') }} as deaths_low,
        {{ to_number('high_estimate') }} as deaths_high,
        -- provenance
        _source_file as source_file,
        _source_row as source_row,
        _source_sha256 as source_sha256,
        _loaded_at as loaded_at
    from source
)

select * from renamed
