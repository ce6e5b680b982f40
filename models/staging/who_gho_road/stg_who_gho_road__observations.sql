{#- GHO export rows for RS_196 (deaths), RS_198 (death rate per 100,000) and RS_246
    (share of deaths by road-user type). `Value` is a display string such as
    "22.8 [19.0-26.5]": the numbers come from NumericValue, Low and High. -#}
with

source as (
    select * from {{ source('who_gho_road', 'who_gho_road__observations') }}
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
        {{ to_number('numericvalue') }} as value,
        {{ to_number('low') }} as lower_bound,
        {{ to_number('high') }} as upper_bound,
        {{ clean_text('value') }} as display_value,
        {{ clean_text('comments') }} as publisher_comment,
        cast({{ clean_text('date') }} as timestamp) as published_at,
        -- provenance
        {{ provenance_columns() }}
    from source
)

select * from renamed
