-- int_uncertainty_draw_ranks computes each draw over a fixed number of indicator and
-- dimension slots (vars uncertainty_indicator_slots / uncertainty_dimension_slots): the
-- active method must fit, or draws would silently drop indicators.
select
    count(*) as active_indicators,
    count(distinct dimension_id) as active_dimensions
from {{ ref('int_index_indicators_active') }}
having
    count(*) > {{ var('uncertainty_indicator_slots') }}
    or count(distinct dimension_id) > {{ var('uncertainty_dimension_slots') }}
