-- OWID publishes GTD attacks, deaths and injuries both in one combined file and in
-- three single-series files: every value must agree (only the combined file feeds the
-- observations, so a disagreement would silently be lost).
with

combined as (
    select * from {{ ref('stg_owid_gtd__attacks_fatalities_injuries') }}
),

singles as (
    select
        attacks.entity_name,
        attacks.reference_year,
        attacks.attacks,
        deaths.deaths,
        injuries.injuries
    from {{ ref('stg_owid_gtd__attacks') }} as attacks
    full outer join {{ ref('stg_owid_gtd__deaths') }} as deaths
        on
            attacks.entity_name = deaths.entity_name
            and attacks.reference_year = deaths.reference_year
    full outer join {{ ref('stg_owid_gtd__injuries') }} as injuries
        on
            coalesce(attacks.entity_name, deaths.entity_name) = injuries.entity_name
            and coalesce(attacks.reference_year, deaths.reference_year)
            = injuries.reference_year
)

select
    combined.entity_name,
    combined.reference_year
from combined
full outer join singles
    on
        combined.entity_name = singles.entity_name
        and combined.reference_year = singles.reference_year
where
    combined.entity_name is null
    or singles.entity_name is null
    or combined.attacks is distinct from singles.attacks
    or combined.deaths is distinct from singles.deaths
    or combined.injuries is distinct from singles.injuries
