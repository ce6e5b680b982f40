{#- How well each forecasting model would have done: rolling-origin backtests
    (int_forecast_points at the backtest origins, each model fitted only on data up
    to its origin) per subject, model and horizon: cases, MAE, RMSE, MASE (the model's MAE
    over persistence's on the same cases: below 1 beats persistence), and the coverage of
    its intervals out of sample: error quantiles fitted on the earlier half of the origins,
    coverage counted on the later half. -#}
with

method as (
    select * from {{ ref('method') }}
),

predictions as (
    select * from {{ ref('int_forecast_points') }}
    where is_backtest and actual is not null
),

subject_last_year as (
    select
        subject_id,
        max(origin_year) + 1 as last_year
    from predictions
    group by subject_id
),

cases as (
    select
        predictions.*,
        predictions.actual - predictions.point as error,
        predictions.origin_year
        < subject_last_year.last_year - method.forecast_backtest_origins / 2.0 as is_calibration
    from predictions
    inner join subject_last_year on predictions.subject_id = subject_last_year.subject_id
    cross join method
),

calibration_ordered as (
    select
        cases.subject_id,
        cases.model,
        cases.horizon,
        cases.error,
        row_number() over (
            partition by cases.subject_id, cases.model, cases.horizon order by cases.error
        ) - 1 as error_position,
        (1 - method.forecast_interval_coverage) / 2
        * (count(*) over (partition by cases.subject_id, cases.model, cases.horizon) - 1)
            as low_target,
        (1 + method.forecast_interval_coverage) / 2
        * (count(*) over (partition by cases.subject_id, cases.model, cases.horizon) - 1)
            as high_target
    from cases
    cross join method
    where cases.is_calibration
),

calibration as (
    select
        subject_id,
        model,
        horizon,
        {{ quantile_from_positions('error', 'error_position', 'low_target') }} as error_low,
        {{ quantile_from_positions('error', 'error_position', 'high_target') }} as error_high
    from calibration_ordered
    group by subject_id, model, horizon, low_target, high_target
),

coverage as (
    select
        cases.subject_id,
        cases.model,
        cases.horizon,
        avg(
            case
                when
                    cases.actual >= least(greatest(cases.point + calibration.error_low, 0.0), 100.0)
                    and cases.actual
                    <= least(greatest(cases.point + calibration.error_high, 0.0), 100.0)
                    then 1.0
                else 0.0
            end
        ) as interval_coverage
    from cases
    inner join calibration
        on
            cases.subject_id = calibration.subject_id
            and cases.model = calibration.model
            and cases.horizon = calibration.horizon
    where not cases.is_calibration
    group by cases.subject_id, cases.model, cases.horizon
),

errors as (
    select
        subject_id,
        max(subject_type) as subject_type,
        model,
        horizon,
        count(*) as n,
        avg(abs(error)) as mae,
        sqrt(avg(error * error)) as rmse
    from cases
    group by subject_id, model, horizon
),

persistence as (
    select
        subject_id,
        horizon,
        mae as persistence_mae
    from errors
    where model = 'persistence'
)

select
    errors.subject_id,
    errors.subject_type,
    errors.model,
    cast(errors.horizon as integer) as horizon,
    cast(errors.n as integer) as n,
    errors.mae,
    errors.rmse,
    errors.mae / nullif(persistence.persistence_mae, 0) as mase,
    coverage.interval_coverage,
    cast(rank() over (
        partition by errors.subject_id, errors.horizon order by errors.mae, errors.model
    ) as integer) as model_rank,
    method.method_version
from errors
inner join persistence
    on
        errors.subject_id = persistence.subject_id
        and errors.horizon = persistence.horizon
left join coverage
    on
        errors.subject_id = coverage.subject_id
        and errors.model = coverage.model
        and errors.horizon = coverage.horizon
cross join method
