{#- World Bank income group for each country and reference year. The group for
    reference year Y is the classification based on GNI of year Y (the OGHIST fiscal
    year whose "Data for calendar year" is Y, published the following July). Up to
    method.income_group_carry_forward_years after the latest classification, the latest
    group is carried forward and flagged. -#}
with

oghist as (
    select * from {{ ref('stg_wb_income__oghist_income_groups') }}
),

countries as (
    select iso3 from {{ ref('int_countries_enriched') }}
),

groups as (
    select
        oghist.entity_code as iso3,
        oghist.gni_data_year as reference_year,
        oghist.fiscal_year,
        oghist.income_group_code,
        case oghist.income_group_base
            when 'L' then 'Low income'
            when 'LM' then 'Lower middle income'
            when 'UM' then 'Upper middle income'
            when 'H' then 'High income'
        end as income_group
    from oghist
    inner join countries on oghist.entity_code = countries.iso3
),

latest as (
    select
        iso3,
        max(reference_year) as latest_year
    from groups
    group by iso3
),

years as (
    {{ year_series(
        '(select min(reference_year) from groups)',
        '(select max(reference_year) from groups) + '
        ~ '(select income_group_carry_forward_years from ' ~ ref('method') ~ ')',
    ) }}
),

annualised as (
    select
        groups.iso3,
        years.year_value as reference_year,
        groups.fiscal_year,
        groups.income_group_code,
        groups.income_group,
        years.year_value > groups.reference_year as is_carried_forward
    from groups
    inner join latest
        on
            groups.iso3 = latest.iso3
            and groups.reference_year = latest.latest_year
    inner join years on latest.latest_year < years.year_value
    union all
    select
        iso3,
        reference_year,
        fiscal_year,
        income_group_code,
        income_group,
        false as is_carried_forward
    from groups
)

select * from annualised
where income_group is not null
