{#- Every observation of an entity resolved to a country: int_observations_unioned
    joined once to its entity's classification (int_source_entities_classified), with
    the country's ISO3 code, how the entity was matched and its combine rule, and how
    many of the source's entities resolve to that country. The one place observations
    meet the entity classification. -#}
with

observations as (
    select * from {{ ref('int_observations_unioned') }}
),

entities as (
    select
        *,
        count(*) over (partition by source_id, iso3) as country_entities
    from {{ ref('int_source_entities_classified') }}
    where entity_class = 'country'
)

select
    observations.*,
    entities.iso3,
    entities.match_method,
    entities.combine_rule,
    entities.country_entities
from observations
inner join entities
    on
        observations.source_id = entities.source_id
        and coalesce(observations.entity_code, '') = coalesce(entities.entity_code, '')
        and coalesce(observations.entity_name, '') = coalesce(entities.entity_name, '')
