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
    else it is persistence). actual is the realised value (backtest origins only). -#}
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

backtest_origins as (
    select
        series.subject_id,
        series.iso3,
        series.year as origin_year,
        true as is_backtest
    from series
    inner join subject_last_year on series.subject_id = subject_last_year.subject_id
    cross join method
    where
        series.year >= subject_last_year.last_year - method.forecast_backtest_origins
        and series.year < subject_last_year.last_year
),

production_origins as (
    select
        subject_id,
        iso3,
        max(year) as origin_year,
        false as is_backtest
    from series
    group by subject_id, iso3
),

origins as (
    select * from backtest_origins
    union all
    select * from production_origins
),

at_origin as (
    select
        origins.*,
        series.subject_type,
        series.y as origin_value
    from origins
    inner join series
        on
            origins.subject_id = series.subject_id
            and origins.iso3 = series.iso3
            and origins.origin_year = series.year
),

trend_offsets as (
    {{ year_series(0, "(select forecast_trend_years from " ~ ref('method') ~ ") - 1") }}
),

-- Each origin's trend window: the years up to the origin, t counted back from it (an
-- equality join on each offset: a range join paired every year before the origin first,
-- 53 million rows at 100 times the data, to keep 14 million).
trend_points as (
    select
        origins.subject_id,
        origins.iso3,
        origins.origin_year,
        -trend_offsets.year_value as t,
        series.y
    from origins
    cross join trend_offsets
    inner join series
        on
            origins.subject_id = series.subject_id
            and origins.iso3 = series.iso3
            and origins.origin_year - trend_offsets.year_value = series.year
),

-- regr_slope(y, t) from exact sums (macro exact_sum):
-- (n * sum(t * y) - sum(t) * sum(y)) / (n * sum(t^2) - sum(t)^2).
trend_window as (
    select
        subject_id,
        iso3,
        origin_year,
        count(*) as points,
        (count(*) * {{ exact_sum('t * y') }} - sum(t) * {{ exact_sum('y') }})
        / nullif(count(*) * sum(t * t) - sum(t) * sum(t), 0) as slope
    from trend_points
    group by subject_id, iso3, origin_year
),

pairs as (
    select
        early.subject_id,
        horizons.year_value as horizon,
        late.year as target_year,
        early.y as y_from,
        late.y as y_to
    from series as early
    cross join horizons
    inner join series as late
        on
            early.subject_id = late.subject_id
            and early.iso3 = late.iso3
            and late.year = early.year + horizons.year_value
),

fit_origins as (
    select distinct
        subject_id,
        origin_year
    from origins
),

-- The pooled-panel fit from each target year's sums rather than from every pair again
-- for every origin (at 100 times the countries that join made 154 million rows): each
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
        at_origin.subject_id,
        at_origin.subject_type,
        at_origin.iso3,
        at_origin.origin_year,
        at_origin.is_backtest,
        at_origin.origin_value,
        horizons.year_value as horizon,
        at_origin.origin_year + horizons.year_value as target_year,
        at_origin.origin_value as persistence,
        case
            when trend_window.points >= 3 and trend_window.slope is not null
                then at_origin.origin_value + trend_window.slope * damping.damped_steps
            else at_origin.origin_value
        end as damped_trend,
        case
            when panel_fit.pairs_used >= 10 and panel_fit.slope is not null
                then
                    panel_fit.pooled_to
                    + panel_fit.slope * (at_origin.origin_value - panel_fit.pooled_from)
            else at_origin.origin_value
        end as pooled_panel,
        actuals.y as actual
    from at_origin
    cross join horizons
    inner join damping on horizons.year_value = damping.horizon
    left join trend_window
        on
            at_origin.subject_id = trend_window.subject_id
            and at_origin.iso3 = trend_window.iso3
            and at_origin.origin_year = trend_window.origin_year
    left join panel_fit
        on
            at_origin.subject_id = panel_fit.subject_id
            and at_origin.origin_year = panel_fit.origin_year
            and horizons.year_value = panel_fit.horizon
    -- The realised value, joined once per point rather than once per model's point.
    left join series as actuals
        on
            at_origin.is_backtest
            and at_origin.subject_id = actuals.subject_id
            and at_origin.iso3 = actuals.iso3
            and at_origin.origin_year + horizons.year_value = actuals.year
),

long_points as (
    select
        points.*,
        'persistence' as model,
        points.persistence as raw_point
    from points
    union all
    select
        points.*,
        'damped_trend' as model,
        points.damped_trend as raw_point
    from points
    union all
    select
        points.*,
        'pooled_panel' as model,
        points.pooled_panel as raw_point
    from points
)

select
    long_points.subject_id,
    long_points.subject_type,
    long_points.iso3,
    long_points.origin_year,
    long_points.is_backtest,
    long_points.origin_value,
    long_points.horizon,
    long_points.target_year,
    long_points.model,
    -- Rounded to 10 decimals (far below any score's precision) so that equal inputs give
    -- equal points whatever the order of floating-point sums.
    round(least(greatest(long_points.raw_point, 0.0), 100.0), 10) as point,
    long_points.actual
from long_points
