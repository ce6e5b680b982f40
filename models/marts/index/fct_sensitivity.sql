{#- Which assumption moves the ranks, per year: each assumption's first-order and total
    share of the variance of ranks, Saltelli-Jansen estimators over the first
    method.mc_sensitivity_rows rows of samples A and B and the re-runs AB_g (A with
    assumption g's parameters from B) of int_uncertainty_design, per country-year:
        first-order numerator = mean(y_B * (y_ABg - y_A))          (Saltelli 2010)
        total numerator       = mean((y_A - y_ABg)^2) / 2          (Jansen 1999)
    and the rank variance V from all method.mc_draws draws; the year's share is the sum of
    numerators over countries divided by the sum of their variances (countries whose rank
    moves more weigh more). First-order shares sum to at most about 1; total shares
    exceed first-order ones where assumptions interact. The per-country numerators come
    from int_uncertainty_sensitivity_summarised, the variances from
    int_uncertainty_intervals_summarised. -#}
with

method as (
    select * from {{ ref('method') }}
),

numerators as (
    select * from {{ ref('int_uncertainty_sensitivity_summarised') }}
),

intervals as (
    select * from {{ ref('int_uncertainty_intervals_summarised') }}
),

country_rows as (
    select
        numerators.reference_year,
        numerators.assumption_id,
        numerators.first_order_numerator,
        numerators.total_numerator,
        numerators.sensitivity_rows,
        intervals.rank_variance
    from numerators
    inner join intervals
        on
            numerators.iso3 = intervals.iso3
            and numerators.reference_year = intervals.reference_year
),

shares as (
    select
        reference_year as year,
        assumption_id,
        {{ exact_sum('first_order_numerator') }}
        / nullif({{ exact_sum('rank_variance') }}, 0) as first_order_share,
        {{ exact_sum('total_numerator') }}
        / nullif({{ exact_sum('rank_variance') }}, 0) as total_share,
        {{ exact_avg('rank_variance') }} as mean_rank_variance,
        count(*) as countries,
        max(sensitivity_rows) as sensitivity_rows
    from country_rows
    group by reference_year, assumption_id
),

reported as (
    select reported_year from {{ ref('int_reported_year') }}
),

mart_rows as (
    select
        shares.year,
        shares.assumption_id,
        -- Rounded to 10 decimals: the estimators are far noisier than that, and rounding
        -- keeps the published shares free of floating-point residue (0.8000000000000002).
        round(shares.first_order_share, 10) as first_order_share,
        round(shares.total_share, 10) as total_share,
        cast(
            rank() over (partition by shares.year order by round(shares.total_share, 10) desc)
            as integer
        ) as influence_rank,
        round(shares.mean_rank_variance, 10) as mean_rank_variance,
        cast(shares.countries as integer) as countries,
        cast(shares.sensitivity_rows as integer) as sensitivity_rows,
        method.method_version
    from shares
    cross join method
)

select
    mart_rows.*,
    -- a year after the reported one rests mostly on carried values: provisional
    mart_rows.year > reported.reported_year as is_provisional
from mart_rows
cross join reported
