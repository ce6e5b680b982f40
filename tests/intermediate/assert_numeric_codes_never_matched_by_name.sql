-- A numeric source code (UN M49) names its own area: it must never be resolved to a
-- country through its name (UNSD's "57 Micronesia" is the M49 sub-region, not the
-- Federated States of Micronesia). Lists every numeric-coded entity matched by name.
select
    source_id,
    entity_code,
    entity_name,
    iso3
from {{ ref('int_source_entities_classified') }}
where
    try_cast(entity_code as integer) is not null
    and match_method = 'reference_name'
