-- The geometric mean never exceeds the weighted arithmetic mean of the same floored
-- dimension scores (AM-GM), for the headline and the founding index alike. Lists every
-- country-year where it does.
with

method as (
    select * from {{ ref('method') }}
),

dimensions as (
    select * from {{ ref('dimensions') }}
),

floored as (
    select
        scores.iso3,
        scores.year,
        sum(dimensions.weight * greatest(scores.score, method.dimension_score_floor))
        / sum(dimensions.weight) as headline_floored_mean,
        sum(
            case
                when dimensions.is_founding
                    then dimensions.weight * greatest(scores.score, method.dimension_score_floor)
            end
        )
        / sum(case when dimensions.is_founding then dimensions.weight end)
            as founding_floored_mean
    from {{ ref('fct_dimension_scores') }} as scores
    inner join dimensions on scores.dimension_id = dimensions.dimension_id
    cross join method
    where scores.is_covered
    group by scores.iso3, scores.year
)

select
    gpsi.iso3,
    gpsi.year,
    gpsi.gpsi_score,
    floored.headline_floored_mean,
    gpsi.founding_gpsi_score,
    floored.founding_floored_mean
from {{ ref('fct_gpsi') }} as gpsi
inner join floored on gpsi.iso3 = floored.iso3 and gpsi.year = floored.year
where
    gpsi.gpsi_score > floored.headline_floored_mean + 1e-9
    or gpsi.founding_gpsi_score > floored.founding_floored_mean + 1e-9
