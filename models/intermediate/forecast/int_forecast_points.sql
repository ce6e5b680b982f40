{#- Every forecast point, backtest and production, one row per model: the three models
    of int_forecast_predictions (one column each there) for every subject and the bottom-up index model of
    int_forecast_index_bottom_up, with the realised value where the backtest knows it.
    A view: its readers (the backtest cases, the production forecasts) each take their
    own rows, and the predictions are not written out a second time. -#}
{{ config(materialized='view') }}
with

{# Read four times (each model's points, the index's actuals): inlined, each read scans
    the table. #}
predictions as {{ cte_materialization(false) }} (
    select * from {{ ref('int_forecast_predictions') }}
),

bottom_up as (
    select * from {{ ref('int_forecast_index_bottom_up') }}
),

actuals as (
    select distinct
        iso3,
        target_year,
        is_backtest,
        actual
    from predictions
    where subject_id = 'gpsi' and actual is not null
)

{% for model in forecast_models() -%}
    select
        subject_id,
        subject_type,
        iso3,
        origin_year,
        is_backtest,
        origin_value,
        horizon,
        target_year,
        '{{ model }}' as model,
        {{ model }} as point,
        actual
    from predictions
    union all
{% endfor -%}
select
    bottom_up.subject_id,
    bottom_up.subject_type,
    bottom_up.iso3,
    bottom_up.origin_year,
    bottom_up.is_backtest,
    bottom_up.origin_value,
    bottom_up.horizon,
    bottom_up.target_year,
    bottom_up.model,
    bottom_up.point,
    actuals.actual
from bottom_up
left join actuals
    on
        bottom_up.iso3 = actuals.iso3
        and bottom_up.target_year = actuals.target_year
        and bottom_up.is_backtest = actuals.is_backtest
