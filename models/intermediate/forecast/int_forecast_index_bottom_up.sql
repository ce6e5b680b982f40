{#- A fourth forecast of the headline index, built bottom-up through its own formula:
    each covered dimension at the origin is forecast by the model with the lowest mean
    absolute error on that dimension's backtest forecasts whose outcome was already known
    at the origin (target year <= origin; persistence until at least
    method.forecast_backtest_origins such forecasts exist), so the choice never looks
    ahead; a dimension without a forecast at the origin keeps its score. The index point
    is the index at the origin times the ratio of the floored weighted geometric means of
    the forecast and current dimension scores (so the index's own level, imputations
    included, is the starting point). -#}
with

method as (
    select * from {{ ref('method') }}
),

{# Read five times with different filters: inlined, each read scans only its rows rather
    than holding every prediction (BENCHMARKS.md, scale). #}
predictions as {{ cte_materialization(false) }} (
    select * from {{ ref('int_forecast_predictions') }}
),

dimension_backtest as (
    {%- for model in forecast_models() %}
        select
            subject_id,
            '{{ model }}' as model,
            horizon,
            target_year,
            abs(actual - {{ model }}) as absolute_error
        from predictions
        where is_backtest and actual is not null and subject_type = 'dimension'
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

index_origins as (
    select
        iso3,
        origin_year,
        is_backtest,
        horizon,
        target_year,
        origin_value
    from predictions
    where subject_id = 'gpsi'
),

origin_years as (
    select distinct
        origin_year,
        horizon
    from index_origins
),

model_errors as (
    select
        dimension_backtest.subject_id,
        origin_years.origin_year,
        origin_years.horizon,
        dimension_backtest.model,
        {{ exact_avg('dimension_backtest.absolute_error') }} as mae,
        count(*) as known_cases
    from origin_years
    inner join dimension_backtest
        on
            origin_years.horizon = dimension_backtest.horizon
            and origin_years.origin_year >= dimension_backtest.target_year
    group by
        dimension_backtest.subject_id,
        origin_years.origin_year,
        origin_years.horizon,
        dimension_backtest.model
),

chosen as (
    select
        model_errors.subject_id,
        model_errors.origin_year,
        model_errors.horizon,
        model_errors.model
    from model_errors
    cross join method
    where model_errors.known_cases >= method.forecast_backtest_origins
    qualify row_number() over (
        partition by model_errors.subject_id, model_errors.origin_year, model_errors.horizon
        order by model_errors.mae, model_errors.model
    ) = 1
),

{# The chosen model's forecasts only (one model's column of the dimensions' forecasts):
    the join below holds these, not every prediction, in memory. #}
chosen_forecasts as (
    select
        forecasts.subject_id,
        forecasts.iso3,
        forecasts.origin_year,
        forecasts.horizon,
        forecasts.is_backtest,
        case chosen.model
            {%- for model in forecast_models() %}
                when '{{ model }}' then forecasts.{{ model }}
            {%- endfor %}
        end as point
    from chosen
    inner join predictions as forecasts
        on
            chosen.subject_id = forecasts.subject_id
            and chosen.origin_year = forecasts.origin_year
            and chosen.horizon = forecasts.horizon
),

current_dimensions as (
    select
        dimension_scores.iso3,
        dimension_scores.reference_year,
        dimension_scores.dimension_id,
        dimensions.weight,
        dimension_scores.score
    from {{ ref('int_dimension_scores_aggregated') }} as dimension_scores
    inner join {{ ref('dimensions') }} as dimensions
        on dimension_scores.dimension_id = dimensions.dimension_id
    where dimension_scores.is_covered and dimensions.is_active
),

dimension_points as (
    select
        index_origins.iso3,
        index_origins.origin_year,
        index_origins.is_backtest,
        index_origins.horizon,
        index_origins.target_year,
        index_origins.origin_value,
        current_dimensions.weight,
        current_dimensions.score as current_score,
        coalesce(forecasts.point, current_dimensions.score) as forecast_score
    from index_origins
    inner join current_dimensions
        on
            index_origins.iso3 = current_dimensions.iso3
            and index_origins.origin_year = current_dimensions.reference_year
    left join chosen_forecasts as forecasts
        on
            'dimension:' || current_dimensions.dimension_id = forecasts.subject_id
            and index_origins.iso3 = forecasts.iso3
            and index_origins.origin_year = forecasts.origin_year
            and index_origins.horizon = forecasts.horizon
            and index_origins.is_backtest = forecasts.is_backtest
)

select
    'gpsi' as subject_id,
    'index' as subject_type,
    dimension_points.iso3,
    dimension_points.origin_year,
    dimension_points.is_backtest,
    max(dimension_points.origin_value) as origin_value,
    dimension_points.horizon,
    dimension_points.target_year,
    'bottom_up' as model,
    least(greatest(
        max(dimension_points.origin_value)
        * exp(
            {{ weighted_mean(
                '(ln(greatest(dimension_points.forecast_score, method.dimension_score_floor))
                - ln(greatest(dimension_points.current_score, method.dimension_score_floor)))',
                'dimension_points.weight'
            ) }}
        ),
        0.0
    ), 100.0) as point
from dimension_points
cross join method
group by
    dimension_points.iso3,
    dimension_points.origin_year,
    dimension_points.is_backtest,
    dimension_points.horizon,
    dimension_points.target_year
