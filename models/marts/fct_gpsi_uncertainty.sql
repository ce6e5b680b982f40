{#- Uncertainty of the ranking, every published year: per country-year, the nominal rank
    and score beside the median rank and the 5th-95th percentile intervals of rank and
    score over the method.mc_draws independent draws (samples A and B of
    int_uncertainty_design) of dimension and indicator weights, aggregation,
    normalisation, gap filling and vintage (seeds/method/uncertainty_levels.csv).
    Year by year: an incremental run recomputes the years whose draws it rewrote. -#}
{{ uncertainty_by_year_config('year') }}
with

gpsi as (
    select * from {{ ref('fct_gpsi') }}
    where gpsi_score is not null
),

draws as (
    select draw_id from {{ ref('int_uncertainty_draws') }}
    where sample_matrix in ('A', 'B')
),

ranks as (
    select draw_ranks.*
    from {{ ref('int_uncertainty_draw_ranks') }} as draw_ranks
    inner join draws on draw_ranks.draw_id = draws.draw_id
    where {{ uncertainty_years_rewritten('draw_ranks.reference_year') }}
),

summary as (
    select
        iso3,
        reference_year,
        count(*) as n_draws,
        {{ quantiles_continuous('draw_rank', [0.05, 0.5, 0.95]) }} as rank_quantiles,
        {{ quantiles_continuous('draw_score', [0.05, 0.5, 0.95]) }} as score_quantiles
    from ranks
    group by iso3, reference_year
)

select
    gpsi.iso3,
    gpsi.year,
    gpsi.gpsi_rank as rank_nominal,
    cast({{ array_item('summary.rank_quantiles', 2) }} as double) as rank_median,
    cast({{ array_item('summary.rank_quantiles', 1) }} as double) as rank_q05,
    cast({{ array_item('summary.rank_quantiles', 3) }} as double) as rank_q95,
    gpsi.gpsi_score as score_nominal,
    cast({{ array_item('summary.score_quantiles', 2) }} as double) as score_median,
    cast({{ array_item('summary.score_quantiles', 1) }} as double) as score_q05,
    cast({{ array_item('summary.score_quantiles', 3) }} as double) as score_q95,
    cast(summary.n_draws as integer) as n_draws,
    gpsi.method_version
from gpsi
inner join summary
    on
        gpsi.iso3 = summary.iso3
        and gpsi.year = summary.reference_year
