{#- Every out-of-sample forecast of the early-warning backtest whose outcome is known: per
    target, horizon, model, country and origin year, the probability (from models fitted
    only on the origins whose outcome was known at the origin), the base rate known then,
    the alert and what happened. The rows rpt_early_warning_skill and
    rpt_early_warning_calibration summarise. -#}
{{ config(enabled=target.type == 'duckdb') }}
with

method as (
    select * from {{ ref('method') }}
),

fitted as (
    select * from {{ ref('int_early_warning_probabilities_fitted') }}
    where is_event is not null
)

select
    fitted.target_id,
    cast(fitted.horizon as integer) as horizon,
    fitted.model,
    fitted.iso3,
    cast(fitted.origin_year as integer) as origin_year,
    fitted.probability,
    fitted.climatology,
    fitted.is_event,
    fitted.alert_threshold,
    fitted.is_alert,
    fitted.inverse_regularisation,
    fitted.imputed_share,
    fitted.imputed_share > method.latest_year_max_imputed_share as is_high_imputed,
    fitted.signal_1,
    fitted.contribution_1,
    fitted.signal_2,
    fitted.contribution_2,
    fitted.signal_3,
    fitted.contribution_3,
    method.method_version
from fitted
cross join method
