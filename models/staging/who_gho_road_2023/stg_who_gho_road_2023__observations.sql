{#- GHO portal export of the Global status report on road safety 2023 (data year
    2021): RS_198 (estimated death rate per 100,000) and RS_196 (estimated deaths,
    with 95% bounds). Both sexes only (the Dim columns are empty), so the
    disaggregation is 'BTSX' as in the 2000-2019 download. `Value` is a display string:
    the number comes from FactValueNumeric. A rate of exactly 0 (HKG, MAC, MCO, NIU) is
    WHO's "no estimate" placeholder, not a measured zero: it becomes null and
    is_placeholder_zero says so. -#}
with

source as (
    select * from {{ source('who_gho_road_2023', 'who_gho_road_2023__observations') }}
),

typed as (
    select
        *,
        {{ clean_text('indicatorcode') }} = 'RS_198'
        and {{ to_number('factvaluenumeric') }} = 0 as is_rate_placeholder
    from source
),

renamed as (
    select
        -- keys
        {{ clean_text('indicatorcode') }} as gho_indicator_code,
        -- entity
        {{ clean_text('spatialdimvaluecode') }} as entity_code,
        {{ clean_text('location') }} as entity_name,
        {{ clean_text('parentlocationcode') }} as who_region_code,
        -- observation
        cast(period as integer) as reference_year,
        coalesce({{ clean_text('dim1valuecode') }}, 'BTSX') as disaggregation_code,
        case
            when not is_rate_placeholder then {{ to_number('factvaluenumeric') }}
        end as value,
        {{ to_number('factvaluenumericlow') }} as lower_bound,
        {{ to_number('factvaluenumerichigh') }} as upper_bound,
        coalesce(is_rate_placeholder, false) as is_placeholder_zero,
        {{ clean_text('value') }} as display_value,
        -- provenance
        {{ provenance_columns() }}
    from typed
)

select * from renamed
