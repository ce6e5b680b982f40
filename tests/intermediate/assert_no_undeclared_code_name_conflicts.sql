-- A source entity whose code and name resolve to two different countries is a source
-- defect: it must be covered by a rule of seeds/reference/entity_key_rules.csv (or a curated
-- alias). Lists every undeclared conflict.
with

classified as (
    select * from {{ ref('int_source_entities_classified') }}
),

key_rules as (
    select * from {{ ref('entity_key_rules') }}
)

select
    classified.source_id,
    classified.entity_code,
    classified.entity_name,
    classified.conflicting_code_iso3,
    classified.iso3
from classified
left join key_rules on classified.source_id = key_rules.source_id
where classified.is_code_name_conflict and key_rules.source_id is null
