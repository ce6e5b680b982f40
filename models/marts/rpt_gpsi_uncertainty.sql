{#- Monte Carlo uncertainty of the ranking in the reported year (int_reported_year):
    method.mc_draws draws (seeds/method/method.csv), each perturbing every active dimension weight uniformly
    within weight x (1 +/- method.mc_weight_spread) and choosing geometric (floored)
    or arithmetic aggregation (geometric with probability method.mc_geometric_share),
    over the published countries' covered dimension scores. Uniform numbers come from
    a deterministic Weyl sequence (macro weyl_uniform): draw d, parameter j uses
    k = 16 d + j. Per country: nominal rank and score, median rank and the 5th-95th
    percentile interval of rank and score. -#}
with

method as (
    select * from {{ ref('method') }}
),

latest as (
    select reported_year as year from {{ ref('int_reported_year') }}
),

gpsi as (
    select fct_gpsi.*
    from {{ ref('fct_gpsi') }} as fct_gpsi
    inner join latest on fct_gpsi.year = latest.year
    where fct_gpsi.gpsi_score is not null
),

dimensions as (
    select
        dimension_id,
        weight,
        row_number() over (order by dimension_id) as dimension_index
    from {{ ref('dimensions') }}
    where is_active
),

scores as (
    select
        dimension_scores.iso3,
        dimension_scores.dimension_id,
        dimension_scores.score
    from {{ ref('fct_dimension_scores') }} as dimension_scores
    inner join gpsi
        on
            dimension_scores.iso3 = gpsi.iso3
            and dimension_scores.year = gpsi.year
    where dimension_scores.is_covered
),

draws as (
    {{ year_series(
        1, "(select coalesce(" ~ var('mc_draws_override', 'null') ~ ", mc_draws) from "
        ~ ref('method') ~ ")"
    ) }}
),

draw_weights as (
    select
        draws.year_value as draw,
        dimensions.dimension_id,
        dimensions.weight
        * (
            1 - method.mc_weight_spread
            + 2 * method.mc_weight_spread
            * {{ weyl_uniform('draws.year_value * 16 + dimensions.dimension_index') }}
        ) as weight
    from draws
    cross join dimensions
    cross join method
),

draw_aggregation as (
    select
        draws.year_value as draw,
        {{ weyl_uniform('draws.year_value * 16') }} < method.mc_geometric_share
            as is_geometric
    from draws
    cross join method
),

per_draw as (
    select
        scores.iso3,
        draw_weights.draw,
        {{ floored_geometric_mean(
            'scores.score', 'draw_weights.weight', 'method.dimension_score_floor'
        ) }} as geometric_score,
        {{ weighted_mean('scores.score', 'draw_weights.weight') }} as arithmetic_score
    from scores
    inner join draw_weights on scores.dimension_id = draw_weights.dimension_id
    cross join method
    group by scores.iso3, draw_weights.draw
),

drawn as (
    select
        per_draw.iso3,
        per_draw.draw,
        case
            when draw_aggregation.is_geometric then per_draw.geometric_score
            else per_draw.arithmetic_score
        end as draw_score
    from per_draw
    inner join draw_aggregation on per_draw.draw = draw_aggregation.draw
),

ranked as (
    select
        iso3,
        draw_score,
        rank() over (partition by draw order by draw_score desc) as draw_rank
    from drawn
),

summary as (
    select
        iso3,
        count(*) as draws,
        {{ quantile_continuous('draw_rank', 0.5) }} as median_rank,
        {{ quantile_continuous('draw_rank', 0.05) }} as rank_p05,
        {{ quantile_continuous('draw_rank', 0.95) }} as rank_p95,
        {{ quantile_continuous('draw_score', 0.5) }} as score_median,
        {{ quantile_continuous('draw_score', 0.05) }} as score_p05,
        {{ quantile_continuous('draw_score', 0.95) }} as score_p95
    from ranked
    group by iso3
)

select
    gpsi.iso3,
    gpsi.year,
    gpsi.gpsi_score,
    gpsi.gpsi_rank,
    cast(summary.draws as integer) as draws,
    cast(summary.median_rank as double) as median_rank,
    cast(summary.rank_p05 as double) as rank_p05,
    cast(summary.rank_p95 as double) as rank_p95,
    summary.score_median,
    summary.score_p05,
    summary.score_p95,
    gpsi.method_version
from gpsi
inner join summary on gpsi.iso3 = summary.iso3
