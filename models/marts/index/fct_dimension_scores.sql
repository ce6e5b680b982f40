{#- One row per country, year and active dimension with at least one available
    indicator: the dimension score (null when the coverage rule is not met) and how
    it was obtained. -#}
with

dimension_scores as (
    select * from {{ ref('int_dimension_scores_aggregated') }}
),

method as (
    select * from {{ ref('method') }}
),

reported as (
    select reported_year from {{ ref('int_reported_year') }}
),

mart_rows as (
    select
        dimension_scores.iso3,
        dimension_scores.reference_year as year,
        dimension_scores.dimension_id,
        dimension_scores.score,
        dimension_scores.is_covered,
        case
            when dimension_scores.is_covered then dimension_scores.indicators_available else 0
        end as indicators_used,
        dimension_scores.indicators_available,
        dimension_scores.active_indicators,
        dimension_scores.coverage_share,
        dimension_scores.imputed_share,
        method.method_version
    from dimension_scores
    cross join method
)

select
    mart_rows.*,
    -- a year after the reported one rests mostly on carried values: provisional
    mart_rows.year > reported.reported_year as is_provisional
from mart_rows
cross join reported
