{#- datahub.io country codes. Namibia's alpha-2 code is the text 'NA' and is kept
    as text (never read as missing); single-space fields become null. -#}
with

source as (
    select * from {{ source('country_codes', 'country_codes__countries') }}
),

renamed as (
    select
        -- codes
        {{ clean_text('iso3166_1_alpha_3') }} as iso3,
        {{ clean_text('iso3166_1_alpha_2') }} as iso2,
        cast({{ to_number('iso3166_1_numeric') }} as integer) as iso_numeric,
        cast({{ to_number('m49') }} as integer) as m49_code,
        -- names
        {{ clean_text('official_name_en') }} as official_name_en,
        {{ clean_text('unterm_english_short') }} as unterm_english_short,
        {{ clean_text('unterm_french_short') }} as unterm_french_short,
        {{ clean_text('unterm_spanish_short') }} as unterm_spanish_short,
        {{ clean_text('unterm_russian_short') }} as unterm_russian_short,
        {{ clean_text('unterm_chinese_short') }} as unterm_chinese_short,
        {{ clean_text('unterm_arabic_short') }} as unterm_arabic_short,
        {{ clean_text('unterm_english_formal') }} as unterm_english_formal,
        {{ clean_text('cldr_display_name') }} as cldr_display_name,
        -- regions and groups
        {{ clean_text('region_name') }} as un_region,
        {{ clean_text('sub_region_name') }} as un_sub_region,
        {{ clean_text('intermediate_region_name') }} as un_intermediate_region,
        {{ clean_text('is_independent') }} as independence_status,
        {{ clean_text('least_developed_countries_ldc') }} = 'x' as is_ldc,
        {{ clean_text('land_locked_developing_countries_lldc') }} = 'x' as is_lldc,
        {{ clean_text('small_island_developing_states_sids') }} = 'x' as is_sids,
        {{ clean_text('capital') }} as capital,
        {{ clean_text('continent') }} as continent_code,
        -- provenance
        {{ provenance_columns() }}
    from source
)

select * from renamed
