-- The forecasts (int_forecast_predictions) read a fixed number of rows before and after
-- each year of a series (vars forecast_trend_capacity / forecast_horizon_capacity): the
-- method's trend window and horizon must fit, or trends would silently use fewer years
-- and forecasts beyond the capacity would have no pooled-panel pairs and no actuals.
select
    forecast_trend_years,
    forecast_max_horizon
from {{ ref('method') }}
where
    forecast_trend_years > {{ var('forecast_trend_capacity') }}
    or forecast_max_horizon > {{ var('forecast_horizon_capacity') }}
