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
