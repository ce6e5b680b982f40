{#- One row per country for the reported year: the last year ranking at least
    method.latest_year_min_coverage_share of the countries ranked in the best-covered
    year and whose mean imputed share is at most method.latest_year_max_imputed_share
    (later years rest mostly on carried-forward values). The headline index, its rank
    with its 90% interval (fct_gpsi_uncertainty), class, imputed share, mean data year,
    chain-linked change and comparability, and the founding four-dimension index.
    Dimension scores of the same year are in rpt_gpsi_latest_dimensions (one row per
    dimension, so a new dimension is a seed row, not a contract edit). -#}
with

gpsi as (
    select * from {{ ref('fct_gpsi') }}
),

countries as (
    select * from {{ ref('dim_country') }}
),

latest as (
    select * from {{ ref('int_reported_year') }}
),

intervals as (
    select * from {{ ref('fct_gpsi_uncertainty') }}
)

select
    countries.iso3,
    countries.country_name,
    countries.official_name_en,
    countries.un_region,
    countries.wb_region,
    countries.income_group,
    gpsi.year,
    gpsi.gpsi_score,
    gpsi.gpsi_score_arithmetic,
    gpsi.gpsi_rank,
    intervals.rank_q05 as gpsi_rank_low,
    intervals.rank_q95 as gpsi_rank_high,
    gpsi.countries_ranked,
    gpsi.risk_class,
    gpsi.change_from_previous_year,
    gpsi.change_from_source_changes,
    gpsi.dimensions_covered,
    gpsi.imputed_share,
    gpsi.mean_data_year,
    gpsi.is_comparable_with_previous_year,
    gpsi.founding_gpsi_score,
    gpsi.founding_gpsi_rank,
    gpsi.method_version
from gpsi
inner join latest on gpsi.year = latest.reported_year
inner join countries on gpsi.iso3 = countries.iso3
left join intervals on gpsi.iso3 = intervals.iso3 and gpsi.year = intervals.year
