-- The uncertainty step (macro uncertainty_years_summarised) computes each draw over a
-- fixed number of dimension slots and indicator (member) slots per dimension (vars
-- uncertainty_dimension_slots / uncertainty_member_slots): the active method must fit,
-- or draws would silently drop indicators or dimensions.
with

per_dimension as (
    select
        dimension_id,
        count(*) as active_indicators
    from {{ ref('int_index_indicators_active') }}
    group by dimension_id
)

select
    max(active_indicators) as most_indicators_in_a_dimension,
    count(*) as active_dimensions
from per_dimension
having
    max(active_indicators) > {{ var('uncertainty_member_slots') }}
    or count(*) > {{ var('uncertainty_dimension_slots') }}
