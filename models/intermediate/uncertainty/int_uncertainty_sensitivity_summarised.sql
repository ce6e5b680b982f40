{#- Which assumption moves each published country-year's rank: per assumption g, the
    Saltelli-Jansen numerators over the first method.mc_sensitivity_rows rows of samples
    A and B and the re-runs AB_g (A with g's parameters from B), y the rank:
        first-order numerator = mean(y_B * (y_ABg - y_A))          (Saltelli 2010)
        total numerator       = mean((y_A - y_ABg)^2) / 2          (Jansen 1999)
    from the per-draw ranks of macro uncertainty_draws_ranked (incremental by year). The
    denominator, the rank variance, is int_uncertainty_intervals_summarised's. -#}
{{ uncertainty_draws_ranked('sensitivity') }},

{# The ranks of rows A_i and B_i side by side: one row per country-year and base row,
    so each re-run joins one row, not two. #}
base_pairs as (
    select
        ranked.country_index,
        ranked.reference_year,
        draw_roles.base_row,
        max(case when draw_roles.sample_code = 1 then ranked.draw_rank end) as rank_a,
        max(case when draw_roles.sample_code = 2 then ranked.draw_rank end) as rank_b
    from ranked
    inner join draw_roles on ranked.draw_id = draw_roles.draw_id
    where draw_roles.sample_code in (1, 2)
    group by ranked.country_index, ranked.reference_year, draw_roles.base_row
),

country_years as (
    select distinct
        country_index,
        reference_year
    from base_pairs
),

{# The terms of the numerators, summed over the re-runs computed (a repeated draw's
    terms are 0); the means divide by every sensitivity row. #}
paired as (
    select
        ab_roles.assumption_index,
        ab.country_index,
        ab.reference_year,
        sum(base_pairs.rank_b * (ab.draw_rank - base_pairs.rank_a)) as first_order_sum,
        sum((base_pairs.rank_a - ab.draw_rank) * (base_pairs.rank_a - ab.draw_rank))
            as squared_difference_sum
    from ranked as ab
    inner join draw_roles as ab_roles on ab.draw_id = ab_roles.draw_id
    inner join base_pairs
        on
            ab.country_index = base_pairs.country_index
            and ab.reference_year = base_pairs.reference_year
            and ab_roles.base_row = base_pairs.base_row
    where ab_roles.sample_code = 3
    group by ab_roles.assumption_index, ab.country_index, ab.reference_year
)

select
    countries.iso3,
    country_years.reference_year,
    assumptions.assumption_id,
    coalesce(paired.first_order_sum, 0) / method.mc_sensitivity_rows as first_order_numerator,
    coalesce(paired.squared_difference_sum, 0) / method.mc_sensitivity_rows / 2.0
        as total_numerator,
    cast(method.mc_sensitivity_rows as integer) as sensitivity_rows,
    stale_years.input_digest
from country_years
inner join countries on country_years.country_index = countries.country_index
inner join stale_years on country_years.reference_year = stale_years.reference_year
cross join method
cross join assumptions
left join paired
    on
        country_years.country_index = paired.country_index
        and country_years.reference_year = paired.reference_year
        and assumptions.assumption_index = paired.assumption_index
{{ uncertainty_removed_years([
    'assumption_id', 'first_order_numerator', 'total_numerator', 'sensitivity_rows'
]) }}
