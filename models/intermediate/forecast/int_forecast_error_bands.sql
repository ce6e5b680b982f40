{#- The error bands of every forecasting model, per subject, model and horizon: the
    empirical (1 - c) / 2 and (1 + c) / 2 quantiles (c = method.forecast_interval_coverage)
    of the backtest errors (actual - point), linearly interpolated as quantile_cont does.
    Two scopes: `all` (every backtest case: the intervals fct_forecasts publishes) and
    `calibration` (the earlier half of the backtest origins: fct_forecast_backtest counts
    the coverage of these bands on the later half, out of sample). -#}
with

method as (
    select * from {{ ref('method') }}
),

cases as (
    select * from {{ ref('int_forecast_backtest_cases') }}
),

scoped as (
    select
        'all' as band_scope,
        subject_id,
        model,
        horizon,
        error
    from cases
    union all
    select
        'calibration' as band_scope,
        subject_id,
        model,
        horizon,
        error
    from cases
    where is_calibration
),

ordered as (
    select
        scoped.*,
        row_number() over (
            partition by scoped.band_scope, scoped.subject_id, scoped.model, scoped.horizon
            order by scoped.error
        ) - 1 as error_position,
        count(*) over (
            partition by scoped.band_scope, scoped.subject_id, scoped.model, scoped.horizon
        ) as cases_count
    from scoped
),

targets as (
    select
        ordered.*,
        (1 - method.forecast_interval_coverage) / 2 * (ordered.cases_count - 1) as low_target,
        (1 + method.forecast_interval_coverage) / 2 * (ordered.cases_count - 1) as high_target
    from ordered
    cross join method
)

select
    band_scope,
    subject_id,
    model,
    horizon,
    {{ quantile_from_positions('error', 'error_position', 'low_target') }} as error_low,
    {{ quantile_from_positions('error', 'error_position', 'high_target') }} as error_high,
    max(cases_count) as cases_count
from targets
group by band_scope, subject_id, model, horizon, low_target, high_target
