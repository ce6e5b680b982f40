{#- The backtest cases: every backtest forecast whose target was observed, with its
    error (actual - point) and whether its origin is in the earlier half of the subject's
    backtest origins (is_calibration: used to calibrate intervals whose coverage is then
    counted on the later half). -#}
with

method as (
    select * from {{ ref('method') }}
),

{# Read twice (the cases, each subject's last year): inlined, each read scans the table. #}
predictions as {{ cte_materialization(false) }} (
    select * from {{ ref('int_forecast_points') }}
    where is_backtest and actual is not null
),

subject_last_year as (
    select
        subject_id,
        max(origin_year) + 1 as last_year
    from predictions
    group by subject_id
)

select
    predictions.*,
    predictions.actual - predictions.point as error,
    predictions.origin_year
    < subject_last_year.last_year - method.forecast_backtest_origins / 2.0 as is_calibration
from predictions
inner join subject_last_year on predictions.subject_id = subject_last_year.subject_id
cross join method
