{#- The Global Public Security Index per country and year (every year from
    method.first_year to the latest year with data, rebuilt in full on every run):
    geometric and arithmetic scores, rank within the year (ties share the best rank),
    fixed risk class (seeds/risk_classes.csv) and change from the previous year. -#}
with

gpsi as (
    select * from {{ ref('int_gpsi_aggregated') }}
),

classes as (
    select * from {{ ref('risk_classes') }}
),

ranked as (
    select
        gpsi.*,
        case
            when gpsi.is_published
                then rank() over (
                    partition by gpsi.reference_year, gpsi.is_published
                    order by gpsi.gpsi_score desc
                )
        end as gpsi_rank,
        count(gpsi.gpsi_score) over (partition by gpsi.reference_year) as countries_ranked
    from gpsi
)

select
    ranked.iso3,
    ranked.reference_year as year,
    ranked.gpsi_score,
    ranked.gpsi_score_arithmetic,
    ranked.gpsi_rank,
    ranked.countries_ranked,
    classes.risk_class,
    ranked.dimensions_covered,
    ranked.dimensions_active,
    ranked.imputed_share,
    ranked.gpsi_score - previous.gpsi_score as change_from_previous_year,
    ranked.lowest_dimension_score,
    ranked.method_version
from ranked
left join classes
    on
        ranked.gpsi_score >= classes.lower_bound
        and ranked.gpsi_score < classes.upper_bound
left join gpsi as previous
    on
        ranked.iso3 = previous.iso3
        and ranked.reference_year - 1 = previous.reference_year
