{#- One row per country of the reference (ISO 3166-1 plus Kosovo), with the income
    group of its latest World Bank classification. -#}
with

countries as (
    select * from {{ ref('int_countries_enriched') }}
)

select
    iso3,
    iso2,
    iso_numeric,
    country_name,
    official_name_en,
    unterm_english_short as name_en,
    unterm_french_short as name_fr,
    unterm_spanish_short as name_es,
    unterm_russian_short as name_ru,
    unterm_chinese_short as name_zh,
    unterm_arabic_short as name_ar,
    un_region,
    un_sub_region,
    wb_region,
    income_group_current as income_group,
    lending_category,
    is_un_member,
    is_independent,
    is_ldc,
    is_lldc,
    is_sids
from countries
