{#- Which assumption moves the ranks, per year: each assumption's first-order and total
    share of the variance of ranks, Saltelli-Jansen estimators over the first
    method.mc_sensitivity_rows rows of samples A and B and the re-runs AB_g (A with
    assumption g's parameters from B) of int_uncertainty_design, per country-year:
        first-order numerator = mean(y_B * (y_ABg - y_A))          (Saltelli 2010)
        total numerator       = mean((y_A - y_ABg)^2) / 2          (Jansen 1999)
    and the rank variance V from all method.mc_draws draws; the year's share is the sum of
    numerators over countries divided by the sum of their variances (countries whose rank
    moves more weigh more). First-order shares sum to at most about 1; total shares
    exceed first-order ones where assumptions interact. Year by year: an incremental run
    recomputes the years whose draws it rewrote. -#}
{{ uncertainty_by_year_config('year') }}
with

method as (
    select * from {{ ref('method') }}
),

draws as (
    select * from {{ ref('int_uncertainty_draws') }}
),

ranks as (
    select
        draw_ranks.iso3,
        draw_ranks.reference_year,
        draw_ranks.draw_rank,
        draws.sample_matrix,
        draws.swapped_assumption_id,
        draws.base_row
    from {{ ref('int_uncertainty_draw_ranks') }} as draw_ranks
    inner join draws on draw_ranks.draw_id = draws.draw_id
    where {{ uncertainty_years_rewritten('draw_ranks.reference_year') }}
),

variances as (
    select
        iso3,
        reference_year,
        var_pop(draw_rank) as rank_variance
    from ranks
    where sample_matrix in ('A', 'B')
    group by iso3, reference_year
),

{# The ranks of rows A_i and B_i side by side, for the rows the re-runs use: one row
    per country-year and base row, so each re-run joins one row, not two. #}
base_pairs as (
    select
        ranks.iso3,
        ranks.reference_year,
        ranks.base_row,
        max(case when ranks.sample_matrix = 'A' then ranks.draw_rank end) as rank_a,
        max(case when ranks.sample_matrix = 'B' then ranks.draw_rank end) as rank_b
    from ranks
    cross join method
    where
        ranks.sample_matrix in ('A', 'B')
        and ranks.base_row <= method.mc_sensitivity_rows
    group by ranks.iso3, ranks.reference_year, ranks.base_row
),

paired as (
    select
        ab.swapped_assumption_id as assumption_id,
        ab.iso3,
        ab.reference_year,
        avg(base_pairs.rank_b * (ab.draw_rank - base_pairs.rank_a)) as first_order_numerator,
        avg((base_pairs.rank_a - ab.draw_rank) * (base_pairs.rank_a - ab.draw_rank)) / 2.0
            as total_numerator,
        count(*) as sensitivity_rows
    from ranks as ab
    inner join base_pairs
        on
            ab.iso3 = base_pairs.iso3
            and ab.reference_year = base_pairs.reference_year
            and ab.base_row = base_pairs.base_row
    where ab.sample_matrix = 'AB'
    group by ab.swapped_assumption_id, ab.iso3, ab.reference_year
),

shares as (
    select
        paired.reference_year as year,
        paired.assumption_id,
        sum(paired.first_order_numerator) / nullif(sum(variances.rank_variance), 0)
            as first_order_share,
        sum(paired.total_numerator) / nullif(sum(variances.rank_variance), 0) as total_share,
        avg(variances.rank_variance) as mean_rank_variance,
        count(*) as countries,
        max(paired.sensitivity_rows) as sensitivity_rows
    from paired
    inner join variances
        on
            paired.iso3 = variances.iso3
            and paired.reference_year = variances.reference_year
    group by paired.reference_year, paired.assumption_id
)

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
