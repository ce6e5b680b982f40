{#- How much the early-warning model knows, out of sample: per target, horizon, model and
    scope, the Brier score and its skill against climatology, the precision-recall AUC over
    the base rate with its country-resampled interval, ROC AUC, and what its alerts (at
    thresholds chosen on training years) caught. -#}
{{ config(enabled=target.type == 'duckdb') }}
with

method as (
    select * from {{ ref('method') }}
),

skill as (
    select * from {{ ref('int_early_warning_skill_measured') }}
)

select
    skill.target_id,
    cast(skill.horizon as integer) as horizon,
    skill.model,
    skill.scope,
    cast(skill.first_origin_year as integer) as first_origin_year,
    cast(skill.last_origin_year as integer) as last_origin_year,
    skill.cases,
    skill.events,
    skill.base_rate,
    skill.brier,
    skill.brier_climatology,
    skill.brier_skill,
    skill.pr_auc,
    skill.pr_auc_ratio,
    skill.pr_auc_ratio_low,
    skill.pr_auc_ratio_high,
    skill.roc_auc,
    skill.alerts,
    skill.alert_hits,
    skill.recall_at_alert,
    skill.precision_at_alert,
    method.method_version
from skill
cross join method
