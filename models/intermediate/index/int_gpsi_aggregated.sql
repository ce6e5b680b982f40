{#- The overall index per country and year, over the covered dimensions:
    - gpsi_score: weighted geometric mean exp(sum(w * ln(max(s, floor))) / sum(w)),
      each dimension score floored at method.dimension_score_floor (1), so one
      collapsed dimension pulls the index down without zeroing it;
    - gpsi_score_arithmetic: weighted arithmetic mean, published beside it;
    both published only when at least method.min_dimensions dimensions are covered.
    imputed_share = the share of the index's effective weight resting on carried-forward
    or interpolated values. -#}
with

method as (
    select * from {{ ref('method') }}
),

dimensions as (
    select * from {{ ref('dimensions') }}
    where is_active
),

dimension_scores as (
    select * from {{ ref('int_dimension_scores_aggregated') }}
    where is_covered
),

aggregated as (
    select
        dimension_scores.iso3,
        dimension_scores.reference_year,
        count(*) as dimensions_covered,
        exp(
            sum(
                dimensions.weight
                * ln(greatest(dimension_scores.score, method.dimension_score_floor))
            )
            / sum(dimensions.weight)
        ) as geometric_mean,
        sum(dimensions.weight * dimension_scores.score) / sum(dimensions.weight)
            as arithmetic_mean,
        sum(dimensions.weight * dimension_scores.imputed_share) / sum(dimensions.weight)
            as imputed_share,
        min(dimension_scores.score) as lowest_dimension_score
    from dimension_scores
    inner join dimensions on dimension_scores.dimension_id = dimensions.dimension_id
    cross join method
    group by dimension_scores.iso3, dimension_scores.reference_year
)

select
    aggregated.iso3,
    aggregated.reference_year,
    aggregated.dimensions_covered,
    (select count(*) from dimensions) as dimensions_active,
    aggregated.dimensions_covered >= method.min_dimensions as is_published,
    case
        when aggregated.dimensions_covered >= method.min_dimensions
            then aggregated.geometric_mean
    end as gpsi_score,
    case
        when aggregated.dimensions_covered >= method.min_dimensions
            then aggregated.arithmetic_mean
    end as gpsi_score_arithmetic,
    aggregated.imputed_share,
    aggregated.lowest_dimension_score,
    method.method_version
from aggregated
cross join method
