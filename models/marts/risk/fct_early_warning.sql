{#- The risk watch: for every ranked country at the latest origin, the early-warning
    model's probability of each sharp deterioration (seeds/method/early_warning_targets.csv)
    within 1 to early_warning_design.max_horizon years, beside the base rate and the
    trend-persistence baseline, with its alert and the signals that raise it most. -#}
{{ config(enabled=target.type == 'duckdb') }}
with

method as (
    select * from {{ ref('method') }}
),

fitted as (
    select * from {{ ref('int_early_warning_probabilities_fitted') }}
),

signals as (
    select * from {{ ref('early_warning_signals') }}
),

latest as (
    select
        target_id,
        horizon,
        max(origin_year) as origin_year
    from fitted
    group by target_id, horizon
),

logistic as (
    select fitted.*
    from fitted
    inner join latest
        on
            fitted.target_id = latest.target_id
            and fitted.horizon = latest.horizon
            and fitted.origin_year = latest.origin_year
    where fitted.model = 'logistic'
),

trend as (
    select
        target_id,
        horizon,
        iso3,
        origin_year,
        probability
    from fitted
    where model = 'trend_persistence'
)

select
    logistic.target_id,
    cast(logistic.horizon as integer) as horizon,
    logistic.iso3,
    cast(logistic.origin_year as integer) as origin_year,
    cast(logistic.origin_year + logistic.horizon as integer) as last_target_year,
    logistic.probability,
    logistic.climatology as base_rate,
    logistic.probability / logistic.climatology as relative_risk,
    trend.probability as trend_persistence_probability,
    rank() over (
        partition by logistic.target_id, logistic.horizon order by logistic.probability desc
    ) as risk_rank,
    logistic.alert_threshold,
    logistic.is_alert,
    logistic.imputed_share,
    logistic.imputed_share > method.latest_year_max_imputed_share as is_high_imputed,
    logistic.signal_1,
    signal_1.label as signal_1_label,
    logistic.contribution_1,
    logistic.signal_2,
    signal_2.label as signal_2_label,
    logistic.contribution_2,
    logistic.signal_3,
    signal_3.label as signal_3_label,
    logistic.contribution_3,
    method.method_version
from logistic
cross join method
left join trend
    on
        logistic.target_id = trend.target_id
        and logistic.horizon = trend.horizon
        and logistic.iso3 = trend.iso3
        and logistic.origin_year = trend.origin_year
left join signals as signal_1 on logistic.signal_1 = signal_1.signal_id
left join signals as signal_2 on logistic.signal_2 = signal_2.signal_id
left join signals as signal_3 on logistic.signal_3 = signal_3.signal_id
