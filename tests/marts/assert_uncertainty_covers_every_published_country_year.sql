-- Every published country-year (a GPSI score in fct_gpsi) has an uncertainty interval
-- from at least method.mc_draws draws (of the latest N years when the var
-- uncertainty_latest_years limits the step).
{%- set latest_years = var('uncertainty_latest_years') %}
with

method as (
    select * from {{ ref('method') }}
),

published as (
    select
        iso3,
        year,
        max(year) over () as latest_year
    from {{ ref('fct_gpsi') }}
    where gpsi_score is not null
)

select
    published.iso3,
    published.year,
    uncertainty.n_draws
from published
cross join method
left join {{ ref('fct_gpsi_uncertainty') }} as uncertainty
    on
        published.iso3 = uncertainty.iso3
        and published.year = uncertainty.year
where
    coalesce(uncertainty.n_draws, 0) < method.mc_draws
    and coalesce(
        published.year
        > published.latest_year - {{ latest_years if latest_years is not none else 'null' }},
        true
    )
