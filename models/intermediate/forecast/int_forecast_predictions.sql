{#- Point forecasts 1 to method.forecast_max_horizon years ahead, from every origin: the
    backtest origins (the method.forecast_backtest_origins years before each subject's last
    year, every country observed at the origin) and the production origin (each
    country-subject's last observed year). Each model uses only data up to its origin:
    - persistence: the last value;
    - damped_trend: the last value plus the slope of a linear trend fitted (least
      squares) to the last method.forecast_trend_years years up to the origin (at least
      three points, else no trend), damped by phi = method.forecast_damping:
      last + slope * (phi + phi^2 + ... + phi^h) (a damped-trend exponential smoothing
      with full weight on the last level);
    - pooled_panel: y(t+h) = a_h + b_h * y(t), fitted by least squares on every country's
      pairs of the subject with t + h up to the origin (it borrows strength across
      countries: mean reversion towards what similar scores became).
    Points are clamped to 0-100 (pooled_panel needs at least ten pairs and some spread,
    else it is persistence), one column per model. actual is the realised value
    (backtest origins only).

    Every value a forecast reads comes from one pass over each series in year order:
    the rows before a year (lag: its trend window) and after it (lead: the values
    method.forecast_max_horizon years ahead, the pooled panel's pairs and the backtest's
    actuals), in place of joining the series to itself three times (BENCHMARKS.md).
    Years are unique within a series, so the year h ahead, if observed, is at most h rows
    ahead, and a window of k years holds at most k rows: method.forecast_trend_years and
    method.forecast_max_horizon, read when the model runs (macro compile_time_value), set
    how many rows are read. -#}
{#- At least two of each, the least that gives the SQL its full shape (also without a
    database: parse, lint). #}
{%- set method_seed = ref('method') %}
{%- set trend_years = compile_time_value(
    method_seed, 'select forecast_trend_years from ' ~ method_seed, 2) | int %}
{%- set max_horizon = compile_time_value(
    method_seed, 'select forecast_max_horizon from ' ~ method_seed, 2) | int %}
{%- set trend_lags = range(1, [trend_years, 2] | max) %}
{%- set horizon_leads = range(1, [max_horizon, 2] | max + 1) %}
with

method as (
    select * from {{ ref('method') }}
),

series as (
    select * from {{ ref('int_forecast_series') }}
),

horizons as (
    {{ year_series(1, "(select forecast_max_horizon from " ~ ref('method') ~ ")") }}
),

subject_last_year as (
    select
        subject_id,
        max(year) as last_year
    from series
    group by subject_id
),

-- Each row with the years and values of the rows before and after it in its series.
neighbours as (
    select
        subject_id,
        subject_type,
        iso3,
        year,
        y,
        max(year) over (partition by subject_id, iso3) as series_last_year,
        {%- for k in trend_lags %}
            lag(year, {{ k }}) over (partition by subject_id, iso3 order by year)
                as year_back_{{ k }},
            lag(y, {{ k }}) over (partition by subject_id, iso3 order by year) as y_back_{{ k }},
        {%- endfor %}
        {%- for k in horizon_leads %}
            lead(year, {{ k }}) over (partition by subject_id, iso3 order by year)
                as year_ahead_{{ k }},
            lead(y, {{ k }}) over (partition by subject_id, iso3 order by year)
                as y_ahead_{{ k }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from series
),

-- The value h years ahead (null if that year is not observed), for each horizon h, and
-- which earlier rows fall in the trend window (t: years before the year, 0 > t > -n).
windows as (
    select
        neighbours.*,
        {%- for h in horizon_leads %}
            case
                {%- for k in range(1, h + 1) %}
                    when neighbours.year_ahead_{{ k }} = neighbours.year + {{ h }}
                        then neighbours.y_ahead_{{ k }}
                {%- endfor %}
            end as value_ahead_{{ h }},
        {%- endfor %}
        {%- for k in trend_lags %}
            case
                when neighbours.year_back_{{ k }} > neighbours.year - method.forecast_trend_years
                    then neighbours.year_back_{{ k }} - neighbours.year
            end as t_{{ k }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from neighbours
    cross join method
),

-- regr_slope(y, t) over the window (the origin at t = 0), as
-- (n * sum(t * y) - sum(t) * sum(y)) / (n * sum(t^2) - sum(t)^2), each sum written out
-- over the window's rows in year order (the same float additions on any thread count).
trend as (
    select
        *,
        1
        {%- for k in trend_lags %}
            + case when t_{{ k }} is not null then 1 else 0 end
        {%- endfor %} as trend_points,
        0
        {%- for k in trend_lags %}
            + coalesce(t_{{ k }}, 0)
        {%- endfor %} as sum_t,
        y
        {%- for k in trend_lags %}
            + case when t_{{ k }} is not null then y_back_{{ k }} else 0 end
        {%- endfor %} as sum_y,
        0.0
        {%- for k in trend_lags %}
            + case when t_{{ k }} is not null then t_{{ k }} * y_back_{{ k }} else 0 end
        {%- endfor %} as sum_ty,
        0
        {%- for k in trend_lags %}
            + coalesce(t_{{ k }} * t_{{ k }}, 0)
        {%- endfor %} as sum_tt
    from windows
),

origins as (
    select
        trend.*,
        true as is_backtest
    from trend
    inner join subject_last_year on trend.subject_id = subject_last_year.subject_id
    cross join method
    where
        trend.year >= subject_last_year.last_year - method.forecast_backtest_origins
        and trend.year < subject_last_year.last_year
    union all
    select
        trend.*,
        false as is_backtest
    from trend
    where trend.year = trend.series_last_year
),

pairs as (
    select
        windows.subject_id,
        horizons.year_value as horizon,
        windows.year + horizons.year_value as target_year,
        windows.y as y_from,
        case horizons.year_value
            {%- for h in horizon_leads %}
                when {{ h }} then windows.value_ahead_{{ h }}
            {%- endfor %}
        end as y_to
    from windows
    cross join horizons
),

fit_origins as (
    select distinct
        subject_id,
        year as origin_year
    from origins
),

-- The pooled-panel fit from each target year's sums rather than from every pair again
-- for every origin (that join grows with countries x origins x years): each
-- (subject, horizon, target year) group's count, min and max, and exact sums of the
-- origin values, target values, squares and products (macro exact_sum)...
pair_sums as (
    select
        subject_id,
        horizon,
        target_year,
        count(*) as group_pairs,
        min(y_from) as min_from,
        max(y_from) as max_from,
        {{ exact_sum('y_from') }} as sum_from,
        {{ exact_sum('y_to') }} as sum_to,
        {{ exact_sum('y_from * y_from') }} as sum_from_from,
        {{ exact_sum('y_from * y_to') }} as sum_from_to
    from pairs
    where y_to is not null
    group by subject_id, horizon, target_year
),

-- ...pooled over the groups each origin may use (target year up to the origin)...
panel_sums as (
    select
        fit_origins.subject_id,
        fit_origins.origin_year,
        pair_sums.horizon,
        sum(pair_sums.group_pairs) as pairs_used,
        min(pair_sums.min_from) as min_from,
        max(pair_sums.max_from) as max_from,
        {{ exact_sum('pair_sums.sum_from') }} as sum_from,
        {{ exact_sum('pair_sums.sum_to') }} as sum_to,
        {{ exact_sum('pair_sums.sum_from_from') }} as sum_from_from,
        {{ exact_sum('pair_sums.sum_from_to') }} as sum_from_to
    from fit_origins
    inner join pair_sums
        on
            fit_origins.subject_id = pair_sums.subject_id
            and fit_origins.origin_year >= pair_sums.target_year
    group by fit_origins.subject_id, fit_origins.origin_year, pair_sums.horizon
),

-- ...and the least-squares line through the pooled means, as regr_slope and
-- regr_intercept over the pairs would give it: slope = (sum(xy) - sum(x) sum(y) / n) /
-- (sum(x^2) - sum(x)^2 / n); no slope when every origin value is the same.
panel_fit as (
    select
        subject_id,
        origin_year,
        horizon,
        pairs_used,
        sum_from / pairs_used as pooled_from,
        sum_to / pairs_used as pooled_to,
        case
            when max_from > min_from
                then
                    (sum_from_to - sum_from * sum_to / pairs_used)
                    / (sum_from_from - sum_from * sum_from / pairs_used)
        end as slope
    from panel_sums
),

damping as (
    select
        horizons.year_value as horizon,
        {{ exact_sum('power(method.forecast_damping, steps.year_value)') }}
            as damped_steps
    from horizons
    cross join method
    inner join horizons as steps on horizons.year_value >= steps.year_value
    group by horizons.year_value
),

points as (
    select
        origins.subject_id,
        origins.subject_type,
        origins.iso3,
        origins.year as origin_year,
        origins.is_backtest,
        origins.y as origin_value,
        horizons.year_value as horizon,
        origins.year + horizons.year_value as target_year,
        origins.y as persistence,
        case
            when origins.trend_points >= 3
                then
                    origins.y
                    + (origins.trend_points * origins.sum_ty - origins.sum_t * origins.sum_y)
                    / (origins.trend_points * origins.sum_tt - origins.sum_t * origins.sum_t)
                    * damping.damped_steps
            else origins.y
        end as damped_trend,
        case
            when panel_fit.pairs_used >= 10 and panel_fit.slope is not null
                then
                    panel_fit.pooled_to
                    + panel_fit.slope * (origins.y - panel_fit.pooled_from)
            else origins.y
        end as pooled_panel,
        -- The realised value (backtest origins only).
        case
            when origins.is_backtest
                then
                    case horizons.year_value
                        {%- for h in horizon_leads %}
                            when {{ h }} then origins.value_ahead_{{ h }}
                        {%- endfor %}
                    end
        end as actual
    from origins
    cross join horizons
    inner join damping on horizons.year_value = damping.horizon
    left join panel_fit
        on
            origins.subject_id = panel_fit.subject_id
            and origins.year = panel_fit.origin_year
            and horizons.year_value = panel_fit.horizon
)

-- One row per forecast point with the three models side by side (a third of the rows of
-- one row per model).
select
    subject_id,
    subject_type,
    iso3,
    origin_year,
    is_backtest,
    origin_value,
    horizon,
    target_year,
    least(greatest(persistence, 0.0), 100.0) as persistence,
    least(greatest(damped_trend, 0.0), 100.0) as damped_trend,
    least(greatest(pooled_panel, 0.0), 100.0) as pooled_panel,
    actual
from points
