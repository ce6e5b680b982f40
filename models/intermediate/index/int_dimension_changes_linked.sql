{#- Each dimension's change from the previous year, chain-linked: the indicator values
    comparable with the previous year's (same indicator, same series: source and edition)
    are averaged for both years exactly as the dimension is (weighted mean of its
    indicators), and the pair counts when they carry min_indicator_weight_share of the
    dimension's weight. New editions, vintages, sources and indicators are therefore not
    read as change. int_gpsi_changes_linked aggregates these pairs into the index's
    linked change; the forecasts chain them into comparable series, only across years
    whose dimension has the same indicators (is_same_composition: a change of edition
    is linked over, an indicator entering or leaving starts a new series). -#}
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
        {{ exact_sum('weight') }} as total_indicator_weight
    from indicators
    group by dimension_id
),

scores as (
    select
        iso3,
        reference_year,
        indicator_id,
        normalised_score,
        series_key
    from {{ ref('int_indicator_scores_normalised') }}
    where normalised_score is not null
),

indicator_pairs as (
    select
        current_year.iso3,
        current_year.reference_year,
        indicators.dimension_id,
        indicators.weight,
        current_year.normalised_score as current_score,
        previous_year.normalised_score as previous_score
    from scores as current_year
    inner join scores as previous_year
        on
            current_year.iso3 = previous_year.iso3
            and current_year.indicator_id = previous_year.indicator_id
            and current_year.reference_year - 1 = previous_year.reference_year
            and current_year.series_key = previous_year.series_key
    inner join indicators on current_year.indicator_id = indicators.indicator_id
),

compositions as (
    select
        scores.iso3,
        scores.reference_year,
        indicators.dimension_id,
        {{ string_agg_ordered('scores.indicator_id', "','", 'scores.indicator_id') }}
            as composition
    from scores
    inner join indicators on scores.indicator_id = indicators.indicator_id
    group by scores.iso3, scores.reference_year, indicators.dimension_id
),

dimension_pairs as (
    select
        indicator_pairs.iso3,
        indicator_pairs.reference_year,
        indicator_pairs.dimension_id,
        {{ weighted_mean('indicator_pairs.current_score', 'indicator_pairs.weight') }}
            as current_score,
        {{ weighted_mean('indicator_pairs.previous_score', 'indicator_pairs.weight') }}
            as previous_score,
        {{ exact_sum('indicator_pairs.weight') }} as common_weight
    from indicator_pairs
    group by indicator_pairs.iso3, indicator_pairs.reference_year, indicator_pairs.dimension_id
),

covered_pairs as (
    select dimension_pairs.*
    from dimension_pairs
    inner join dimensions on dimension_pairs.dimension_id = dimensions.dimension_id
    inner join dimension_weights
        on dimension_pairs.dimension_id = dimension_weights.dimension_id
    where
        dimension_pairs.common_weight / dimension_weights.total_indicator_weight
        >= dimensions.min_indicator_weight_share
)

select
    covered_pairs.iso3,
    covered_pairs.reference_year,
    covered_pairs.dimension_id,
    covered_pairs.current_score,
    covered_pairs.previous_score,
    covered_pairs.current_score - covered_pairs.previous_score as linked_change,
    coalesce(current_year.composition = previous_year.composition, false)
        as is_same_composition
from covered_pairs
left join compositions as current_year
    on
        covered_pairs.iso3 = current_year.iso3
        and covered_pairs.reference_year = current_year.reference_year
        and covered_pairs.dimension_id = current_year.dimension_id
left join compositions as previous_year
    on
        covered_pairs.iso3 = previous_year.iso3
        and covered_pairs.reference_year - 1 = previous_year.reference_year
        and covered_pairs.dimension_id = previous_year.dimension_id
