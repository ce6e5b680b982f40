-- Every entity (code and name as written) of every source must resolve to an ISO3
-- country or an explicit non-country class. Failing rows name the source and entity
-- to add to seeds/reference/entity_aliases.csv.
select
    source_id,
    entity_code,
    entity_name
from {{ ref('int_source_entities_classified') }}
where
    entity_class is null
    or (entity_class = 'country' and iso3 is null)
order by source_id, entity_code, entity_name
