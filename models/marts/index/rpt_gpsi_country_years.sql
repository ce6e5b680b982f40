{#- One row per ranked country-year: the index with its rank interval
    (fct_gpsi_uncertainty) and its development context (fct_gpsi_development), the
    three joined once for readers that show a country-year whole (the explorer's
    ranking, map and profile). -#}
with

gpsi as (
    select * from {{ ref('fct_gpsi') }}
    where gpsi_score is not null
),

intervals as (
    select * from {{ ref('fct_gpsi_uncertainty') }}
),

development as (
    select * from {{ ref('fct_gpsi_development') }}
)

select
    gpsi.iso3,
    gpsi.year,
    gpsi.gpsi_score,
    gpsi.gpsi_rank,
    gpsi.countries_ranked,
    gpsi.risk_class,
    intervals.rank_q05 as gpsi_rank_low,
    intervals.rank_q95 as gpsi_rank_high,
    gpsi.imputed_share,
    gpsi.change_from_previous_year,
    gpsi.is_comparable_with_previous_year,
    gpsi.change_from_source_changes,
    gpsi.mean_data_year,
    development.income_group,
    development.income_group_percentile,
    development.development_adjusted_score,
    development.development_adjusted_rank,
    gpsi.is_provisional,
    gpsi.method_version
from gpsi
left join intervals on gpsi.iso3 = intervals.iso3 and gpsi.year = intervals.year
left join development on gpsi.iso3 = development.iso3 and gpsi.year = development.year
