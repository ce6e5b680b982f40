{#- One population figure per country and year, taken from the source of highest
    precedence in seeds/method/source_precedence.csv (World Bank SP.POP.TOTL long file first,
    WDI bulk file for gaps). Used to derive per-capita rates. -#}
with

observations as (
    select * from {{ ref('int_observations_resolved') }}
    where indicator_id = 'population'
),

precedence as (
    select * from {{ ref('source_precedence') }}
    where indicator_id = 'population'
),

ranked as (
    select
        observations.iso3,
        observations.reference_year,
        observations.value as population,
        observations.source_id,
        observations.source_file,
        observations.source_row,
        row_number() over (
            partition by observations.iso3, observations.reference_year
            order by precedence.precedence
        ) as precedence_rank
    from observations
    inner join precedence on observations.source_id = precedence.source_id
)

select
    iso3,
    reference_year,
    population,
    source_id,
    source_file,
    source_row
from ranked
where precedence_rank = 1
