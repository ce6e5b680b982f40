{#- The forecasting models of int_forecast_predictions, each one of its columns: the one
    list its readers loop over to list them one row per model or pick one's column. -#}
{% macro forecast_models() -%}
    {{ return(['persistence', 'damped_trend', 'pooled_panel']) }}
{%- endmacro %}
