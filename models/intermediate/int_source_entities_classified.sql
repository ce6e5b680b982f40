{#- Each source entity resolved to exactly one of: an ISO3 country, or an explicitly
    classified non-country (world, region, income_group, other_aggregate,
    historical_state, subnational, territory_group). Resolution order:
    1. an explicit row of seeds/entity_aliases.csv (by code when the alias has one,
       otherwise by name) -- curated, wins over everything;
    2. the entity code is an ISO3 code of the country reference;
    3. the entity code is numeric and equals an ISO/M49 numeric country code;
    4. the entity name equals (case-insensitively) one of the reference names of
       exactly one country.
    Entities that none of these resolve keep a null entity_class, and the test
    assert_every_source_entity_is_classified lists them. `combine_rule` says what
    happens when two entities of one source resolve to one country in one year:
    'sum' (counts filed under a former name, GTD) or 'prefer_direct'. -#}
with

entities as (
    select * from {{ ref('int_source_entities_unioned') }}
),

aliases as (
    select * from {{ ref('entity_aliases') }}
),

countries as (
    select * from {{ ref('int_countries_enriched') }}
),

reference_names as (
    select
        lower(name) as name_key,
        min(iso3) as iso3
    from (
        select
            iso3,
            country_name as name
        from countries
        union
        select
            iso3,
            iso_name as name
        from countries
        union
        select
            iso3,
            official_name_en as name
        from countries
        union
        select
            iso3,
            unterm_english_short as name
        from countries
    ) as names
    where name is not null
    group by lower(name)
    having count(distinct iso3) = 1
),

resolved as (
    select
        entities.source_id,
        entities.entity_code,
        entities.entity_name,
        entities.source_entity_key,
        by_code.iso3 as code_iso3,
        by_numeric.iso3 as numeric_iso3,
        by_name.iso3 as name_iso3,
        coalesce(by_alias_code.entity_class, by_alias_name.entity_class) as alias_class,
        coalesce(by_alias_code.iso3, by_alias_name.iso3) as alias_iso3,
        coalesce(by_alias_code.note, by_alias_name.note) as alias_note,
        coalesce(by_alias_code.combine_rule, by_alias_name.combine_rule) as combine_rule
    from entities
    left join aliases as by_alias_code
        on
            entities.source_id = by_alias_code.source_id
            and by_alias_code.entity_code is not null
            and entities.entity_code = by_alias_code.entity_code
    left join aliases as by_alias_name
        on
            entities.source_id = by_alias_name.source_id
            and by_alias_name.entity_code is null
            and entities.entity_name = by_alias_name.entity_name
    left join countries as by_code
        on entities.entity_code = by_code.iso3
    left join countries as by_numeric
        on try_cast(entities.entity_code as integer) = by_numeric.iso_numeric
    left join reference_names as by_name
        on lower(entities.entity_name) = by_name.name_key
),

classified as (
    select
        source_entity_key,
        source_id,
        entity_code,
        entity_name,
        alias_note as note,
        case
            when alias_class is not null then alias_class
            when coalesce(code_iso3, numeric_iso3, name_iso3) is not null then 'country'
        end as entity_class,
        case
            when alias_class is not null then alias_iso3
            else coalesce(code_iso3, numeric_iso3, name_iso3)
        end as iso3,
        case
            when alias_class is not null then 'alias_seed'
            when code_iso3 is not null then 'iso3_code'
            when numeric_iso3 is not null then 'numeric_code'
            when name_iso3 is not null then 'reference_name'
        end as match_method,
        coalesce(combine_rule, 'prefer_direct') as combine_rule
    from resolved
)

select * from classified
