{#- The draws of the uncertainty and sensitivity analysis: one row per draw and parameter
    with its uniform number u in [0, 1).
    Two independent seeded samples, A and B, of method.mc_draws / 2 rows each: every
    parameter of every row hashes its own key (seed:sample:row:parameter, macro
    hash_uniform), so parameters and rows are independent. A and B together are the
    mc_draws draws of the uncertainty analysis. For the sensitivity analysis (Saltelli
    2010, Jansen 1999), each assumption g gets a third sample AB_g of the first
    method.mc_sensitivity_rows rows: A's numbers, except g's parameters taken from B.
    Parameters: one weight per active dimension and per active indicator (assumptions
    dimension_weights, indicator_weights) and one number per discrete assumption of
    seeds/method/uncertainty_levels.csv. -#}
with

method as (
    select * from {{ ref('method') }}
),

assumptions as (
    select
        assumption_id,
        row_number() over (order by assumption_id) as assumption_index
    from
        (select distinct assumption_id from {{ ref('uncertainty_levels') }}) as distinct_assumptions
),

parameters as (
    select
        'dimension_weights' as assumption_id,
        'dimension_weight:' || dimension_id as parameter_id,
        dimension_id as subject_id
    from {{ ref('dimensions') }}
    where is_active
    union all
    select
        'indicator_weights' as assumption_id,
        'indicator_weight:' || indicator_id as parameter_id,
        indicator_id as subject_id
    from {{ ref('int_index_indicators_active') }}
    union all
    select
        assumption_id,
        assumption_id as parameter_id,
        assumption_id as subject_id
    from assumptions
    where assumption_id not in ('dimension_weights', 'indicator_weights')
),

matrices as (
    select 'A' as sample_matrix
    union all
    select 'B' as sample_matrix
),

base_rows as (
    {{ year_series(1, "(select cast(mc_draws / 2 as integer) from " ~ ref('method') ~ ")") }}
),

samples as (
    select
        matrices.sample_matrix,
        base_rows.year_value as base_row,
        parameters.assumption_id,
        parameters.parameter_id,
        parameters.subject_id,
        {{ hash_uniform(
            "method.mc_seed || ':' || matrices.sample_matrix || ':' || cast(base_rows.year_value as string) || ':' || parameters.parameter_id"
        ) }} as u
    from base_rows
    cross join parameters
    cross join method
    cross join matrices
),

half as (
    select cast(mc_draws / 2 as integer) as rows_per_sample from method
),

plain as (
    select
        case when samples.sample_matrix = 'A' then 0 else half.rows_per_sample end
        + samples.base_row as draw_id,
        samples.sample_matrix,
        cast(null as string) as swapped_assumption_id,
        samples.base_row,
        samples.assumption_id,
        samples.parameter_id,
        samples.subject_id,
        samples.u
    from samples
    cross join half
),

swapped as (
    select
        (1 + assumptions.assumption_index) * half.rows_per_sample + a.base_row as draw_id,
        'AB' as sample_matrix,
        assumptions.assumption_id as swapped_assumption_id,
        a.base_row,
        a.assumption_id,
        a.parameter_id,
        a.subject_id,
        case when a.assumption_id = assumptions.assumption_id then b.u else a.u end as u
    from samples as a
    inner join samples as b
        on
            a.base_row = b.base_row
            and a.parameter_id = b.parameter_id
            and b.sample_matrix = 'B'
    cross join assumptions
    cross join half
    cross join method
    where a.sample_matrix = 'A' and a.base_row <= method.mc_sensitivity_rows
)

select * from plain
union all
select * from swapped
