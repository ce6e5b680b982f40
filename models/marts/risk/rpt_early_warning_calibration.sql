{#- Reliability of the early-warning probabilities: the backtest forecasts of each target,
    horizon and model grouped in probability bins (seeds/method/early_warning_calibration_bins.csv),
    (fct_early_warning_backtest), with the mean forecast and the observed frequency of each bin (a calibrated model's
    two are close). -#}
{{ config(enabled=target.type == 'duckdb') }}
with

method as (
    select * from {{ ref('method') }}
),

fitted as (
    select * from {{ ref('fct_early_warning_backtest') }}
),

bins as (
    select * from {{ ref('early_warning_calibration_bins') }}
)

select
    fitted.target_id,
    cast(fitted.horizon as integer) as horizon,
    fitted.model,
    bins.bin_id,
    bins.lower as bin_lower,
    least(bins.upper, 1.0) as bin_upper,
    count(*) as forecasts,
    count(case when fitted.is_event then 1 end) as events,
    {{ exact_avg('fitted.probability') }} as mean_probability,
    count(case when fitted.is_event then 1 end) / count(*) as observed_frequency,
    method.method_version
from fitted
inner join bins
    on fitted.probability >= bins.lower and fitted.probability < bins.upper
cross join method
group by
    fitted.target_id,
    fitted.horizon,
    fitted.model,
    bins.bin_id,
    bins.lower,
    bins.upper,
    method.method_version
