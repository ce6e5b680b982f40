{#- One row per draw of int_uncertainty_design with the level each discrete assumption
    takes: level i of an assumption is picked when u falls in its slice of the cumulative
    probabilities of seeds/method/uncertainty_levels.csv (ordered by level). -#}
with

design as (
    select * from {{ ref('int_uncertainty_design') }}
    where assumption_id not in ('dimension_weights', 'indicator_weights')
),

levels as (
    select
        assumption_id,
        level,
        sum(probability) over (
            partition by assumption_id order by level
            rows between unbounded preceding and current row
        ) - probability as cumulative_low,
        sum(probability) over (
            partition by assumption_id order by level
            rows between unbounded preceding and current row
        ) as cumulative_high,
        count(*) over (partition by assumption_id) as levels_count,
        row_number() over (partition by assumption_id order by level) as level_index
    from {{ ref('uncertainty_levels') }}
    where assumption_id not in ('dimension_weights', 'indicator_weights')
),

picked as (
    select
        design.draw_id,
        design.sample_matrix,
        design.swapped_assumption_id,
        design.base_row,
        design.assumption_id,
        levels.level
    from design
    inner join levels
        on
            design.assumption_id = levels.assumption_id
            and design.u >= levels.cumulative_low
            and (design.u < levels.cumulative_high or levels.level_index = levels.levels_count)
)

select
    draw_id,
    sample_matrix,
    swapped_assumption_id,
    base_row,
    max(case when assumption_id = 'aggregation' then level end) as aggregation,
    max(case when assumption_id = 'normalisation' then level end) as normalisation,
    max(case when assumption_id = 'gap_filling' then level end) as gap_filling,
    max(case when assumption_id = 'vintage' then level end) as vintage,
    max(case when assumption_id = 'dimension_left_out' then level end) as dimension_left_out
from picked
group by draw_id, sample_matrix, swapped_assumption_id, base_row
