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

{# Read twice (every case, the calibration cases): inlined, each read scans the table. #}
cases as {{ cte_materialization(false) }} (
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

{# Each group's errors sorted once, in an array (a window numbering every error gives the
    same bands more slowly: BENCHMARKS.md, scale). #}
grouped as (
    select
        band_scope,
        subject_id,
        model,
        horizon,
        {{ sorted_values('error') }} as sorted_errors,
        count(*) as cases_count
    from scoped
    group by band_scope, subject_id, model, horizon
),

targets as (
    select
        grouped.*,
        (1 - method.forecast_interval_coverage) / 2 * (grouped.cases_count - 1) as low_target,
        (1 + method.forecast_interval_coverage) / 2 * (grouped.cases_count - 1) as high_target
    from grouped
    cross join method
)

select
    band_scope,
    subject_id,
    model,
    horizon,
    {{ quantile_from_sorted('sorted_errors', 'low_target') }} as error_low,
    {{ quantile_from_sorted('sorted_errors', 'high_target') }} as error_high,
    cases_count
from targets
