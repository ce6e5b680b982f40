{#- ISO 3166-1 with UN M49 regions. Numeric codes are zero-padded text ("004");
    Namibia's alpha-2 'NA' is kept as text. -#}
with

source as (
    select * from {{ source('iso3166', 'iso3166__countries') }}
),

renamed as (
    select
        -- codes
        {{ clean_text('alpha_3') }} as iso3,
        {{ clean_text('alpha_2') }} as iso2,
        {{ clean_text('country_code') }} as iso_numeric_text,
        cast({{ to_number('country_code') }} as integer) as iso_numeric,
        -- names and regions
        {{ clean_text('name') }} as iso_name,
        {{ clean_text('region') }} as un_region,
        {{ clean_text('sub_region') }} as un_sub_region,
        {{ clean_text('intermediate_region') }} as un_intermediate_region,
        cast({{ to_number('region_code') }} as integer) as un_region_code,
        cast({{ to_number('sub_region_code') }} as integer) as un_sub_region_code,
        cast({{ to_number('intermediate_region_code') }} as integer)
            as un_intermediate_region_code,
        -- provenance
        {{ provenance_columns() }}
    from source
)

select * from renamed
