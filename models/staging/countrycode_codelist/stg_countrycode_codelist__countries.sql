{#- The countrycode project's code list: one row per country or historical state,
    with its ISO 3166 codes (blank for historical states), Gleditsch-Ward and
    Correlates of War numbers and English names. Used to resolve UCDP's
    Gleditsch-Ward numbers to ISO3. -#}
with

source as (
    select * from {{ source('countrycode_codelist', 'countrycode_codelist__countries') }}
),

renamed as (
    select
        {{ clean_text('iso3c') }} as iso3,
        cast({{ to_number('iso3n') }} as integer) as iso_numeric,
        cast({{ to_number('gwn') }} as integer) as gw_number,
        {{ clean_text('gwc') }} as gw_code,
        cast({{ to_number('cown') }} as integer) as cow_number,
        {{ clean_text('country_name_en') }} as country_name,
        {{ clean_text('un_name_en') }} as un_name,
        -- provenance
        {{ provenance_columns() }}
    from source
)

select * from renamed
