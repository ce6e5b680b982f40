{#- The method version every published score carries, with its parameters
    (seeds/method/method.csv): one row, so a BI tool or a reader of the exports can see which
    rules produced a number. -#}
with

method as (
    select * from {{ ref('method') }}
),

reported as (
    select * from {{ ref('int_reported_year') }}
)

select
    method.method_version,
    method.first_year,
    method.min_dimensions,
    method.founding_min_dimensions,
    method.dimension_score_floor,
    method.max_effective_weight_ratio,
    method.latest_year_min_coverage_share,
    method.latest_year_max_imputed_share,
    reported.reported_year,
    method.description
from method
cross join reported
