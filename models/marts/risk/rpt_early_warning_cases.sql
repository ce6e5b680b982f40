{#- The named deteriorations (seeds/method/early_warning_cases.csv) as the backtest saw them
    coming: for each case, target and horizon, the forecast from the origin `horizon` years
    before the event year (fitted only on what was known then): the model's probability, its
    rank among the countries that year, the baselines, the alert, the signals, and what
    happened (the largest one-year linked fall up to the event year). -#}
{{ config(enabled=target.type == 'duckdb') }}
with

method as (
    select * from {{ ref('method') }}
),

cases as (
    select * from {{ ref('early_warning_cases') }}
),

signals as (
    select * from {{ ref('early_warning_signals') }}
),

ranked as (
    select
        *,
        rank() over (
            partition by target_id, horizon, model, origin_year order by probability desc
        ) as risk_rank,
        count(*) over (partition by target_id, horizon, model, origin_year) as countries_ranked
    from {{ ref('fct_early_warning_backtest') }}
),

outcomes as (
    select * from {{ ref('int_early_warning_outcomes_observed') }}
),

targets as (
    select distinct
        target_id,
        horizon
    from ranked
),

{# Every case for every target and horizon: a case whose origin was not ranked is kept,
    with no forecast (so a missed case cannot vanish from the table). #}
case_forecasts as (
    select
        cases.iso3,
        cases.event_year,
        cases.description,
        targets.target_id,
        targets.horizon,
        cases.event_year - targets.horizon as origin_year
    from cases
    cross join targets
)

select
    case_forecasts.iso3,
    case_forecasts.event_year,
    case_forecasts.target_id,
    cast(case_forecasts.horizon as integer) as horizon,
    cast(case_forecasts.origin_year as integer) as origin_year,
    case_forecasts.description,
    ranked.probability,
    ranked.climatology as base_rate,
    ranked.risk_rank,
    ranked.countries_ranked,
    trend.probability as trend_persistence_probability,
    ranked.alert_threshold,
    ranked.is_alert,
    outcomes.is_event,
    outcomes.largest_fall,
    signal_1.label as signal_1_label,
    signal_2.label as signal_2_label,
    signal_3.label as signal_3_label,
    method.method_version
from case_forecasts
left join ranked
    on
        case_forecasts.target_id = ranked.target_id
        and case_forecasts.horizon = ranked.horizon
        and case_forecasts.iso3 = ranked.iso3
        and case_forecasts.origin_year = ranked.origin_year
        and ranked.model = 'logistic'
left join ranked as trend
    on
        case_forecasts.target_id = trend.target_id
        and case_forecasts.horizon = trend.horizon
        and case_forecasts.iso3 = trend.iso3
        and case_forecasts.origin_year = trend.origin_year
        and trend.model = 'trend_persistence'
left join outcomes
    on
        case_forecasts.target_id = outcomes.target_id
        and case_forecasts.iso3 = outcomes.iso3
        and case_forecasts.origin_year = outcomes.origin_year
        and case_forecasts.horizon = outcomes.horizon
left join signals as signal_1 on ranked.signal_1 = signal_1.signal_id
left join signals as signal_2 on ranked.signal_2 = signal_2.signal_id
left join signals as signal_3 on ranked.signal_3 = signal_3.signal_id
cross join method
