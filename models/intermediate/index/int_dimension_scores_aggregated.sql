{#- Dimension score = weighted arithmetic mean of the dimension's available indicator
    scores, published when the available indicators carry at least
    min_indicator_weight_share of the dimension's active indicator weight
    (seeds/method/dimensions.csv). One row per country, year and active dimension with at
    least one available indicator. series_basis lists the indicator=series pairs the
    score rests on: when it differs from the previous year's, the two years are not
    comparable (a vintage, edition or source changed, or an indicator came or went). -#}
with

dimensions as (
    select * from {{ ref('dimensions') }}
    where is_active
),

indicators as (
    select * from {{ ref('int_index_indicators_active') }}
),

dimension_weights as (
    select
        dimension_id,
        {{ exact_sum('weight') }} as total_indicator_weight,
        count(*) as active_indicators
    from indicators
    group by dimension_id
),

scores as (
    select * from {{ ref('int_indicator_scores_normalised') }}
),

aggregated as (
    select
        scores.iso3,
        scores.reference_year,
        scores.dimension_id,
        {{ weighted_mean('scores.normalised_score', 'indicators.weight') }}
            as weighted_mean_score,
        {{ exact_sum('indicators.weight') }} as available_weight,
        count(*) as indicators_available,
        {{ exact_sum(
            "case when scores.value_status <> 'observed' then indicators.weight else 0 end"
        ) }}
        / {{ exact_sum('indicators.weight') }} as imputed_share,
        {{ string_agg_ordered(
            "scores.indicator_id || '=' || scores.series_key", "';'", 'scores.indicator_id'
        ) }} as series_basis
    from scores
    inner join indicators on scores.indicator_id = indicators.indicator_id
    group by scores.iso3, scores.reference_year, scores.dimension_id
)

select
    aggregated.iso3,
    aggregated.reference_year,
    aggregated.dimension_id,
    aggregated.indicators_available,
    dimension_weights.active_indicators,
    aggregated.available_weight / dimension_weights.total_indicator_weight as coverage_share,
    aggregated.available_weight / dimension_weights.total_indicator_weight
    >= dimensions.min_indicator_weight_share as is_covered,
    case
        when
            aggregated.available_weight / dimension_weights.total_indicator_weight
            >= dimensions.min_indicator_weight_share
            then aggregated.weighted_mean_score
    end as score,
    aggregated.imputed_share,
    aggregated.series_basis
from aggregated
inner join dimensions on aggregated.dimension_id = dimensions.dimension_id
inner join dimension_weights on aggregated.dimension_id = dimension_weights.dimension_id
