{#- Forecasts of risk: every indicator, dimension and the headline index of every
    country, 1 to method.forecast_max_horizon years past its last observed year, from each
    model of int_forecast_points, with an interval from the band of that model's backtest
    errors for the subject and horizon (int_forecast_error_bands, scope all), clamped to
    0-100. is_selected
    marks the model with the lowest backtest MAE for the subject and horizon
    (fct_forecast_backtest). forecast_kind says what a point is: a forecast where its model
    beat persistence in the backtest (MASE below 1 for the subject and horizon), else a
    trend projection (no demonstrated skill: what the series' own past extends to).
    is_deteriorating: the point falls more than method.forecast_deterioration_points below
    the last observed value (since 2026.12-3 no longer also a fall into a worse risk class:
    that rule flagged sub-point moves across a class boundary; sharp deteriorations are
    the early-warning model's, fct_early_warning). -#}
with

method as (
    select * from {{ ref('method') }}
),

predictions as (
    select * from {{ ref('int_forecast_points') }}
),

bands as (
    select * from {{ ref('int_forecast_error_bands') }}
    where band_scope = 'all'
),

backtest as (
    select
        subject_id,
        horizon,
        model,
        mase,
        model_rank
    from {{ ref('fct_forecast_backtest') }}
),

classes as (
    select
        risk_class,
        class_order,
        lower_bound,
        upper_bound
    from {{ ref('risk_classes') }}
),

production as (
    select
        predictions.*,
        -- greatest() and least() skip nulls in DuckDB: no band (no backtest) stays null.
        case
            when bands.error_low is not null
                then least(greatest(predictions.point + bands.error_low, 0.0), 100.0)
        end as lower_bound,
        case
            when bands.error_high is not null
                then least(greatest(predictions.point + bands.error_high, 0.0), 100.0)
        end as upper_bound,
        coalesce(backtest.model_rank = 1, false) as is_selected,
        coalesce(backtest.mase < 1, false) as beats_persistence
    from predictions
    left join bands
        on
            predictions.subject_id = bands.subject_id
            and predictions.model = bands.model
            and predictions.horizon = bands.horizon
    left join backtest
        on
            predictions.subject_id = backtest.subject_id
            and predictions.horizon = backtest.horizon
            and predictions.model = backtest.model
    where not predictions.is_backtest
)

select
    production.iso3,
    production.subject_id,
    production.subject_type,
    production.origin_year,
    cast(production.target_year as integer) as target_year,
    cast(production.horizon as integer) as horizon,
    production.model,
    production.origin_value,
    production.point,
    production.lower_bound as lower,
    production.upper_bound as upper,
    production.is_selected,
    production.beats_persistence,
    case when production.beats_persistence then 'forecast' else 'trend_projection' end
        as forecast_kind,
    point_class.risk_class as point_risk_class,
    production.point < production.origin_value - method.forecast_deterioration_points
        as is_deteriorating,
    method.method_version
from production
cross join method
left join classes as point_class
    on
        production.point >= point_class.lower_bound
        and production.point < point_class.upper_bound
