{#- The dimension scores of the reported year (int_reported_year), one row per country
    and active dimension with a score: the long companion of rpt_gpsi_latest, so a new
    dimension needs no schema change (BI tools pivot it). -#}
with

scores as (
    select * from {{ ref('fct_dimension_scores') }}
),

dimensions as (
    select * from {{ ref('dim_dimension') }}
),

latest as (
    select * from {{ ref('int_reported_year') }}
)

select
    scores.iso3,
    scores.year,
    scores.dimension_id,
    dimensions.name as dimension_name,
    dimensions.weight as dimension_weight,
    dimensions.is_founding,
    scores.score,
    scores.is_covered,
    scores.indicators_used,
    scores.imputed_share,
    scores.method_version
from scores
inner join latest on scores.year = latest.reported_year
inner join dimensions on scores.dimension_id = dimensions.dimension_id
