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

trend_window as (
    select
        origins.subject_id,
        origins.iso3,
        origins.origin_year,
        count(*) as points,
        {{ deterministic_agg('regr_slope', 'series.y, series.year') }} as slope
    from origins
    inner join series
        on
            origins.subject_id = series.subject_id
            and origins.iso3 = series.iso3
            and origins.origin_year >= series.year
    cross join method
    where series.year > origins.origin_year - method.forecast_trend_years
    group by origins.subject_id, origins.iso3, origins.origin_year
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

-- The pooled-panel fit from each target year's moments rather than from every pair
-- again for every origin (at 100 times the countries that join made 154 million rows):
-- each (subject, horizon, target year) group's count, means, min and max, and centred
-- sums of squares and products (DuckDB's own var_pop and covar_pop, times the count)...
pair_moments as (
    select
        subject_id,
        horizon,
        target_year,
        count(*) as group_pairs,
        {{ deterministic_agg('avg', 'y_from') }} as mean_from,
        {{ deterministic_agg('avg', 'y_to') }} as mean_to,
        min(y_from) as min_from,
        max(y_from) as max_from,
        {{ deterministic_agg('var_pop', 'y_from') }} * count(*) as ss_from,
        {{ deterministic_agg('covar_pop', 'y_from, y_to') }} * count(*) as sp_from_to
    from pairs
    group by subject_id, horizon, target_year
),

-- ...the groups each origin may use (target year up to the origin), with the pooled
-- means...
origin_moments as (
    select
        fit_origins.subject_id,
        fit_origins.origin_year,
        pair_moments.horizon,
        pair_moments.group_pairs,
        pair_moments.mean_from,
        pair_moments.mean_to,
        pair_moments.ss_from,
        pair_moments.sp_from_to,
        sum(pair_moments.group_pairs) over origin_groups as pooled_pairs,
        sum(pair_moments.group_pairs * pair_moments.mean_from) over origin_groups
        / sum(pair_moments.group_pairs) over origin_groups as pooled_from,
        sum(pair_moments.group_pairs * pair_moments.mean_to) over origin_groups
        / sum(pair_moments.group_pairs) over origin_groups as pooled_to,
        min(pair_moments.min_from) over origin_groups as min_from,
        max(pair_moments.max_from) over origin_groups as max_from
    from fit_origins
    inner join pair_moments
        on
            fit_origins.subject_id = pair_moments.subject_id
            and fit_origins.origin_year >= pair_moments.target_year
    window origin_groups as (
        partition by fit_origins.subject_id, fit_origins.origin_year, pair_moments.horizon
        order by pair_moments.target_year
        rows between unbounded preceding and unbounded following
    )
),

-- ...and the least-squares line from the pooled sums of squares and products (the
-- groups' own plus their means' spread about the pooled means: Chan et al.'s
-- combination), as regr_slope and regr_intercept over the pairs would give it: no slope
-- when every origin value is the same.
panel_fit as (
    select
        subject_id,
        origin_year,
        horizon,
        any_value(pooled_pairs) as pairs_used,
        any_value(pooled_from) as pooled_from,
        any_value(pooled_to) as pooled_to,
        case
            when any_value(max_from) > any_value(min_from)
                then
                    {{ deterministic_agg(
                        'sum',
                        'sp_from_to
                        + group_pairs * (mean_from - pooled_from) * (mean_to - pooled_to)'
                    ) }}
                    / {{ deterministic_agg(
                        'sum',
                        'ss_from
                        + group_pairs * (mean_from - pooled_from) * (mean_from - pooled_from)'
                    ) }}
        end as slope
    from origin_moments
    group by subject_id, origin_year, horizon
),

damping as (
    select
        horizons.year_value as horizon,
        {{ deterministic_agg('sum', 'power(method.forecast_damping, steps.year_value)') }}
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
