{#- The year the published index reports (one row): the last year that ranks at least
    method.latest_year_min_coverage_share of the countries ranked in the best-covered
    year and whose mean imputed share over the ranked countries is at most
    method.latest_year_max_imputed_share. -#}
with

method as (
    select * from {{ ref('method') }}
),

per_year as (
    select
        reference_year,
        count(gpsi_score) as countries_ranked,
        {{ exact_avg('case when gpsi_score is not null then imputed_share end') }}
            as mean_imputed_share
    from {{ ref('int_gpsi_aggregated') }}
    where index_variant = 'headline'
    group by reference_year
),

eligible as (
    select per_year.*
    from per_year
    cross join method
    where
        per_year.countries_ranked
        >= method.latest_year_min_coverage_share
        * (select max(best.countries_ranked) from per_year as best)
        and per_year.mean_imputed_share <= method.latest_year_max_imputed_share
)

select
    reference_year as reported_year,
    countries_ranked,
    mean_imputed_share
from eligible
where reference_year = (select max(latest.reference_year) from eligible as latest)
