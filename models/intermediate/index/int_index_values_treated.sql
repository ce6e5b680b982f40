{#- Transformation and outlier treatment, per indicator and year.
    1. A two-sided indicator's value becomes its distance from its band (band_low,
       band_high in seeds/method/indicators.csv); then the declared transformation is applied.
    2. COINr's rule (seeds/method/method.csv): an indicator-year with at least
       outlier_min_countries values is treated when |skewness| >= outlier_abs_skew AND
       excess kurtosis >= outlier_kurtosis. Treatment winsorises on the skewed side:
       step k replaces every value among the k most extreme distinct values with the
       (k+1)-th, re-testing after each step, up to outlier_max_winsorised_points steps.
       The first step that passes is kept; if none does, the last step is kept and
       the cells are flagged 'unresolved' (COINr would then log-transform with
       year-specific bounds, which would break fixed goalposts; skewed indicators
       declare log1p instead, applied to every year alike).
    Skewness and kurtosis are the sample-adjusted estimators (as Excel's SKEW and KURT
    and pandas), from the engine's built-ins (macros exact_skewness and
    exact_excess_kurtosis). -#}
with

method as (
    select * from {{ ref('method') }}
),

indicators as (
    select * from {{ ref('int_index_indicators_active') }}
),

steps as (
    {{ year_series(0, '(select outlier_max_winsorised_points from ' ~ ref('method') ~ ')') }}
),

-- Read three times: recomputed by each reader (a join and a few expressions), which is
-- cheaper than writing its wide rows out once (BENCHMARKS.md, scale).
transformed as {{ cte_materialization(false) }} (
    select
        filled.*,
        indicators.dimension_id,
        indicators.direction,
        indicators.goalpost_low,
        indicators.goalpost_high,
        indicators.transformation,
        indicators.outlier_treatment,
        {{ band_distance('filled.value', 'indicators.band_low', 'indicators.band_high') }}
            as scored_value,
        {{ apply_transformation(
            band_distance('filled.value', 'indicators.band_low', 'indicators.band_high'),
            'indicators.transformation') }}
            as transformed_value
    from {{ ref('int_index_values_filled') }} as filled
    inner join indicators on filled.indicator_id = indicators.indicator_id
    where filled.value is not null
),

ranked as (
    select
        *,
        dense_rank() over (
            partition by indicator_id, reference_year order by transformed_value desc
        ) as rank_from_top,
        dense_rank() over (
            partition by indicator_id, reference_year order by transformed_value asc
        ) as rank_from_bottom
    from transformed
),

thresholds as (
    select
        ranked.indicator_id,
        ranked.reference_year,
        steps.year_value as step,
        max(case when ranked.rank_from_top = steps.year_value + 1 then ranked.transformed_value end)
            as top_threshold,
        min(
            case
                when ranked.rank_from_bottom = steps.year_value + 1 then ranked.transformed_value
            end
        ) as bottom_threshold
    from ranked
    cross join steps
    group by ranked.indicator_id, ranked.reference_year, steps.year_value
),

skew_side as (
    select
        indicator_id,
        reference_year,
        case
            when coalesce({{ exact_skewness('transformed_value') }} >= 0, true) then 'top'
            else 'bottom'
        end as skewed_side
    from transformed
    group by indicator_id, reference_year
),

-- Read twice: recomputed rather than written out (see `transformed`).
candidates as {{ cte_materialization(false) }} (
    select
        ranked.iso3,
        ranked.indicator_id,
        ranked.reference_year,
        thresholds.step,
        ranked.transformed_value,
        case skew_side.skewed_side
            when 'top' then least(ranked.transformed_value, thresholds.top_threshold)
            else greatest(ranked.transformed_value, thresholds.bottom_threshold)
        end as winsorised_value
    from ranked
    inner join skew_side
        on
            ranked.indicator_id = skew_side.indicator_id
            and ranked.reference_year = skew_side.reference_year
    inner join thresholds
        on
            ranked.indicator_id = thresholds.indicator_id
            and ranked.reference_year = thresholds.reference_year
),

step_tests as (
    select
        indicator_id,
        reference_year,
        step,
        count(*) as n,
        {{ exact_skewness('winsorised_value') }} as skewness,
        {{ exact_excess_kurtosis('winsorised_value') }} as excess_kurtosis
    from candidates
    group by indicator_id, reference_year, step
    having count(*) >= 4
),

step_results as (
    select
        step_tests.*,
        coalesce(
            abs(step_tests.skewness) >= method.outlier_abs_skew
            and step_tests.excess_kurtosis >= method.outlier_kurtosis,
            false
        ) as fails_test,
        step_tests.n >= method.outlier_min_countries as is_testable
    from step_tests
    cross join method
),

chosen as (
    select
        step_results.indicator_id,
        step_results.reference_year,
        coalesce(
            min(case when not step_results.fails_test then step_results.step end),
            max(step_results.step)
        ) as chosen_step,
        min(case when not step_results.fails_test then step_results.step end) is null
            as is_unresolved,
        max(case when step_results.step = 0 then step_results.skewness end) as skewness,
        max(case when step_results.step = 0 then step_results.excess_kurtosis end)
            as excess_kurtosis
    from step_results
    inner join indicators on step_results.indicator_id = indicators.indicator_id
    where step_results.is_testable and indicators.outlier_treatment = 'coinr'
    group by step_results.indicator_id, step_results.reference_year
),

treated as (
    select
        transformed.iso3,
        transformed.reference_year,
        transformed.indicator_id,
        transformed.dimension_id,
        transformed.direction,
        transformed.goalpost_low,
        transformed.goalpost_high,
        transformed.value_status,
        transformed.value as raw_value,
        transformed.scored_value,
        transformed.transformation,
        transformed.transformed_value,
        coalesce(candidates.winsorised_value, transformed.transformed_value)
            as treated_transformed_value,
        coalesce(chosen.chosen_step, 0) as winsorisation_steps,
        chosen.skewness as year_skewness,
        chosen.excess_kurtosis as year_excess_kurtosis,
        coalesce(chosen.is_unresolved, false) as is_outlier_unresolved,
        transformed.source_id,
        transformed.series_key,
        transformed.source_year,
        transformed.next_source_year,
        transformed.source_file,
        transformed.source_row
    from transformed
    left join chosen
        on
            transformed.indicator_id = chosen.indicator_id
            and transformed.reference_year = chosen.reference_year
    left join candidates
        on
            transformed.iso3 = candidates.iso3
            and transformed.indicator_id = candidates.indicator_id
            and transformed.reference_year = candidates.reference_year
            and chosen.chosen_step = candidates.step
)

select
    *,
    treated_transformed_value <> transformed_value as is_winsorised,
    {{ invert_transformation('treated_transformed_value', 'transformation') }} as treated_value
from treated
