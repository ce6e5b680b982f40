{#- Every distinct entity (code and name as written) of every source: the entities
    behind observations plus the reference-only World Bank classification lists. -#}
with

observed as (
    select distinct
        source_id,
        entity_code,
        entity_name
    from {{ ref('int_observations_unioned') }}
),

classifications as (
    select distinct
        'wb_income' as source_id,
        entity_code,
        entity_name
    from {{ ref('stg_wb_income__oghist_income_groups') }}
    union
    select distinct
        'wb_income' as source_id,
        entity_code,
        entity_name
    from {{ ref('stg_wb_income__class_economies') }}
),

unioned as (
    select * from observed
    union
    select * from classifications
)

select
    source_id,
    entity_code,
    entity_name,
    source_id || '|' || coalesce(entity_code, '') || '|' || coalesce(entity_name, '')
        as source_entity_key
from unioned
