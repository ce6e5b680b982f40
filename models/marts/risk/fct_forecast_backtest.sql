{#- How well each forecasting model would have done: rolling-origin backtests
    (int_forecast_backtest_cases: each model fitted only on data up to its origin) per subject, model and horizon: cases, MAE, RMSE, MASE (the model's MAE
    over persistence's on the same cases: below 1 beats persistence), and the coverage of
    its intervals out of sample: the bands of int_forecast_error_bands fitted on the earlier
    half of the origins, coverage counted on the later half. -#}
with

method as (
    select * from {{ ref('method') }}
),

cases as (
    select * from {{ ref('int_forecast_backtest_cases') }}
),

calibration as (
    select * from {{ ref('int_forecast_error_bands') }}
    where band_scope = 'calibration'
),

coverage as (
    select
        cases.subject_id,
        cases.model,
        cases.horizon,
        -- Inside the published interval, clamp(point + error_low) to clamp(point +
        -- error_high) on 0-100 (the actual is within 0-100), tested on the error (actual
        -- - point, what the bands are quantiles of). The interval is closed: an error on
        -- a band's boundary is inside, within var float_tolerance (sources published to
        -- one decimal give many equal errors, equal in exact arithmetic but not always
        -- in their last bits).
        avg(
            case
                when
                    (
                        cases.error >= calibration.error_low - {{ var('float_tolerance') }}
                        or cases.actual >= 100.0
                    )
                    and (
                        cases.error <= calibration.error_high + {{ var('float_tolerance') }}
                        or cases.actual <= 0.0
                    )
                    then 1
                else 0
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
        {{ exact_avg('abs(error)') }} as mae,
        sqrt({{ exact_avg('error * error') }}) as rmse
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
