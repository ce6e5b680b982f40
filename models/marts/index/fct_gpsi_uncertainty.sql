{#- Uncertainty of the ranking, every published year: per country-year, the nominal rank
    and score beside the median rank and the 5th-95th percentile intervals of rank and
    score over the method.mc_draws independent draws (samples A and B of
    int_uncertainty_design) of dimension and indicator weights, aggregation,
    normalisation, gap filling and vintage (seeds/method/uncertainty_levels.csv),
    summarised in int_uncertainty_intervals_summarised. -#}
with

gpsi as (
    select * from {{ ref('fct_gpsi') }}
    where gpsi_score is not null
),

intervals as (
    select * from {{ ref('int_uncertainty_intervals_summarised') }}
),

reported as (
    select reported_year from {{ ref('int_reported_year') }}
),

mart_rows as (
    select
        gpsi.iso3,
        gpsi.year,
        gpsi.gpsi_rank as rank_nominal,
        intervals.rank_median,
        intervals.rank_q05,
        intervals.rank_q95,
        gpsi.gpsi_score as score_nominal,
        intervals.score_median,
        intervals.score_q05,
        intervals.score_q95,
        intervals.n_draws,
        gpsi.method_version
    from gpsi
    inner join intervals
        on
            gpsi.iso3 = intervals.iso3
            and gpsi.year = intervals.reference_year
)

select
    mart_rows.*,
    -- a year after the reported one rests mostly on carried values: provisional
    mart_rows.year > reported.reported_year as is_provisional
from mart_rows
cross join reported
