{#- Development-aware comparison, every published country-year: where a country stands
    among its peers rather than the world. Peers are the countries ranked the same year in
    its UN region, and in its World Bank income group of that year (the group of the fiscal
    year covering it, int_income_groups_annualised). Percentiles are percent_rank x 100 over
    the peer group (100 = the most secure peer, 0 = the least; 50 for a group of one).
    development_adjusted_score = the GPSI minus the median GPSI of the country's income group
    that year: points above (+) or below (-) what countries at its level of development
    achieve. (No GDP-per-capita level series is in the snapshot, so the income group is the
    development measure, as the founding statement's "levels of development".) -#}
with

gpsi as (
    select
        iso3,
        year,
        gpsi_score,
        gpsi_rank,
        method_version
    from {{ ref('fct_gpsi') }}
    where gpsi_score is not null
),

countries as (
    select
        iso3,
        un_region
    from {{ ref('dim_country') }}
),

income_groups as (
    select
        iso3,
        reference_year,
        income_group
    from {{ ref('int_income_groups_annualised') }}
),

peers as (
    select
        gpsi.*,
        coalesce(countries.un_region, 'Unclassified') as region,
        coalesce(income_groups.income_group, 'Unclassified') as income_group
    from gpsi
    left join countries on gpsi.iso3 = countries.iso3
    left join income_groups
        on
            gpsi.iso3 = income_groups.iso3
            and gpsi.year = income_groups.reference_year
),

placed as (
    select
        *,
        count(*) over (partition by year, region) as region_countries,
        count(*) over (partition by year, income_group) as income_group_countries,
        case
            when count(*) over (partition by year, region) = 1 then 50.0
            else 100.0 * percent_rank() over (partition by year, region order by gpsi_score)
        end as region_percentile,
        case
            when count(*) over (partition by year, income_group) = 1 then 50.0
            else
                100.0
                * percent_rank() over (partition by year, income_group order by gpsi_score)
        end as income_group_percentile
    from peers
),

medians as (
    select
        year,
        income_group,
        {{ quantile_continuous('gpsi_score', 0.5) }} as income_group_median_score
    from peers
    group by year, income_group
),

reported as (
    select reported_year from {{ ref('int_reported_year') }}
),

mart_rows as (
    select
        placed.iso3,
        placed.year,
        placed.region,
        placed.income_group,
        placed.gpsi_score,
        placed.gpsi_rank,
        cast(placed.region_countries as integer) as region_countries,
        placed.region_percentile,
        cast(placed.income_group_countries as integer) as income_group_countries,
        placed.income_group_percentile,
        medians.income_group_median_score,
        placed.gpsi_score - medians.income_group_median_score as development_adjusted_score,
        cast(rank() over (
            partition by placed.year
            order by placed.gpsi_score - medians.income_group_median_score desc
        ) as integer) as development_adjusted_rank,
        placed.method_version
    from placed
    inner join medians
        on
            placed.year = medians.year
            and placed.income_group = medians.income_group
)

select
    mart_rows.*,
    -- a year after the reported one rests mostly on carried values: provisional
    mart_rows.year > reported.reported_year as is_provisional
from mart_rows
cross join reported
