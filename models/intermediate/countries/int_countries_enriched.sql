{#- The country reference: every ISO 3166-1 country plus the supplementary ones
    (Kosovo), with codes, names, UN M49 regions, World Bank region and current income
    group, development-group flags and UN membership. -#}
with

iso as (
    select * from {{ ref('stg_iso3166__countries') }}
),

codes as (
    select * from {{ ref('stg_country_codes__countries') }}
),

wb_class as (
    select * from {{ ref('stg_wb_income__class_economies') }}
),

supplementary as (
    select * from {{ ref('supplementary_countries') }}
),

un_overrides as (
    select * from {{ ref('un_membership_overrides') }}
),

short_names as (
    select * from {{ ref('country_short_names') }}
),

base as (
    select
        iso3,
        iso2,
        iso_numeric,
        iso_name,
        un_region,
        un_sub_region,
        un_intermediate_region,
        cast(null as boolean) as declared_independent,
        'iso3166' as reference_source
    from iso
    union all
    select
        iso3,
        iso2,
        iso_numeric,
        name as iso_name,
        un_region,
        un_sub_region,
        cast(null as string) as un_intermediate_region,
        is_independent as declared_independent,
        'supplementary_countries' as reference_source
    from supplementary
),

enriched as (
    select
        base.iso3,
        base.iso2,
        base.iso_numeric,
        base.iso_name,
        codes.official_name_en,
        codes.cldr_display_name,
        codes.unterm_english_short,
        codes.unterm_french_short,
        codes.unterm_spanish_short,
        codes.unterm_russian_short,
        codes.unterm_chinese_short,
        codes.unterm_arabic_short,
        base.un_region,
        base.un_sub_region,
        base.un_intermediate_region,
        wb_class.wb_region,
        wb_class.income_group as income_group_current,
        wb_class.lending_category,
        base.reference_source,
        coalesce(
            short_names.short_name_en,
            codes.official_name_en,
            codes.cldr_display_name,
            base.iso_name
        ) as country_name,
        coalesce(codes.is_ldc, false) as is_ldc,
        coalesce(codes.is_lldc, false) as is_lldc,
        coalesce(codes.is_sids, false) as is_sids,
        coalesce(codes.independence_status = 'Yes', base.declared_independent, false)
            as is_independent,
        coalesce(
            un_overrides.is_un_member,
            codes.unterm_english_short is not null
            and codes.unterm_english_short not like '%*'
        ) as is_un_member
    from base
    left join codes on base.iso3 = codes.iso3
    left join wb_class on base.iso3 = wb_class.entity_code
    left join un_overrides on base.iso3 = un_overrides.iso3
    left join short_names on base.iso3 = short_names.iso3
)

select * from enriched
