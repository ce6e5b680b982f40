{#- GHO export rows for RS_196 (deaths), RS_198 (death rate per 100,000) and RS_246
    (share of deaths by road-user type). `Value` is a display string such as
    "22.8 [19.0-26.5]": the numbers come from NumericValue, Low and High. An estimated
    death count or rate of exactly 0 with bounds [0-0] ("0 [0-0]": Antigua and Barbuda in
    16 years) is WHO's "no estimate" placeholder, as in the 2023 vintage, not a measured
    zero: it becomes null and is_placeholder_zero says so. -#}
with

source as (
    select * from {{ source('who_gho_road', 'who_gho_road__observations') }}
),

typed as (
    select
        *,
        {{ clean_text('indicatorcode') }} in ('RS_196', 'RS_198')
        and {{ to_number('numericvalue') }} = 0
        and {{ to_number('low') }} = 0
        and {{ to_number('high') }} = 0 as is_placeholder
    from source
),

renamed as (
    select
        -- keys
        cast(id as bigint) as gho_row_id,
        {{ clean_text('indicatorcode') }} as gho_indicator_code,
        -- entity: COUNTRY, REGION (WHO region) or WORLDBANKINCOMEGROUP
        {{ clean_text('spatialdimension') }} as spatial_type,
        {{ clean_text('spatialdimensionvaluecode') }} as entity_code,
        -- observation
        cast(timedim as integer) as reference_year,
        {{ clean_text('disaggregatingdimension1') }} as disaggregation_type,
        {{ clean_text('disaggregatingdimension1valuecode') }} as disaggregation_code,
        case
            when not coalesce(is_placeholder, false) then {{ to_number('numericvalue') }}
        end as value,
        {{ to_number('low') }} as lower_bound,
        {{ to_number('high') }} as upper_bound,
        coalesce(is_placeholder, false) as is_placeholder_zero,
        {{ clean_text('value') }} as display_value,
        {{ clean_text('comments') }} as publisher_comment,
        cast({{ clean_text('date') }} as timestamp) as published_at,
        -- provenance
        {{ provenance_columns() }}
    from typed
)

select * from renamed
