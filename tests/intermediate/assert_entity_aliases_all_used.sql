-- A curated alias that matches no source entity is stale (the source renamed it):
-- review it rather than let the seed rot.
select
    aliases.source_id,
    aliases.entity_code,
    aliases.entity_name
from {{ ref('entity_aliases') }} as aliases
left join {{ ref('int_source_entities_classified') }} as entities
    on
        aliases.source_id = entities.source_id
        and (
            aliases.entity_code = entities.entity_code
            or (aliases.entity_code is null and aliases.entity_name = entities.entity_name)
        )
where entities.source_id is null
