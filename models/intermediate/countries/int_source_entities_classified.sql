{#- Each source entity resolved to exactly one of: an ISO3 country, or an explicitly
    classified non-country (world, region, income_group, other_aggregate,
    historical_state, subnational, territory_group). Resolution order:
    1. an explicit row of seeds/reference/entity_aliases.csv (by code when the alias has one,
       otherwise by name) -- curated, wins over everything;
    2. the entity code is an ISO3 code of the country reference;
    3. the entity code is numeric and equals an ISO/M49 numeric country code;
    4. the entity code is numeric and is a UN M49 area code (region, sub-region or
       intermediate region of the ISO 3166 reference): a region, never a country;
    5. the entity name equals (case-insensitively) one of the reference names of
       exactly one country -- never for a numeric code: a numeric code names its own
       area (UNSD's "57 Micronesia" is the M49 sub-region, not the Federated States).
    A source whose rule in seeds/reference/entity_key_rules.csv says prefer = 'name' (IEP's GTI
    workbook, whose iso3c column is misaligned in data year 2020) is resolved by its
    names alone (steps 1 and 5): a name that does not resolve stays unclassified and is
    listed, rather than falling back to a code that may be wrong. For other sources,
    when a code and a name resolve to different countries the code wins and the test
    assert_no_undeclared_code_name_conflicts lists the entity.
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

key_rules as (
    select * from {{ ref('entity_key_rules') }}
),

m49_areas as (
    select un_region_code as area_code from {{ ref('stg_iso3166__countries') }}
    union
    select un_sub_region_code as area_code from {{ ref('stg_iso3166__countries') }}
    union
    select un_intermediate_region_code as area_code
    from {{ ref('stg_iso3166__countries') }}
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
            cldr_display_name as name
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
        m49_areas.area_code is not null as is_m49_area,
        try_cast(entities.entity_code as integer) is not null as has_numeric_code,
        by_name.iso3 as name_iso3,
        coalesce(key_rules.prefer, 'code') as key_preference,
        coalesce(by_alias_code.entity_class, by_alias_name.entity_class) as alias_class,
        coalesce(by_alias_code.iso3, by_alias_name.iso3) as alias_iso3,
        by_alias_name.iso3 as alias_name_iso3,
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
    left join m49_areas
        on try_cast(entities.entity_code as integer) = m49_areas.area_code
    left join reference_names as by_name
        on lower(entities.entity_name) = by_name.name_key
    left join key_rules
        on entities.source_id = key_rules.source_id
),

candidates as (
    select
        *,
        case when not has_numeric_code then name_iso3 end as usable_name_iso3,
        coalesce(code_iso3, numeric_iso3) is not null
        and not has_numeric_code
        and coalesce(alias_name_iso3, name_iso3) is not null
        and coalesce(code_iso3, numeric_iso3) <> coalesce(alias_name_iso3, name_iso3)
            as is_code_name_conflict
    from resolved
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
            when key_preference = 'name' and usable_name_iso3 is not null then 'country'
            when key_preference = 'name' then null
            when coalesce(code_iso3, numeric_iso3, usable_name_iso3) is not null then 'country'
            when is_m49_area then 'region'
        end as entity_class,
        case
            when alias_class is not null then alias_iso3
            when key_preference = 'name' then usable_name_iso3
            else coalesce(code_iso3, numeric_iso3, usable_name_iso3)
        end as iso3,
        case
            when alias_class is not null then 'alias_seed'
            when key_preference = 'name' and usable_name_iso3 is not null then 'reference_name'
            when key_preference = 'name' then null
            when code_iso3 is not null then 'iso3_code'
            when numeric_iso3 is not null then 'numeric_code'
            when is_m49_area then 'm49_area_code'
            when usable_name_iso3 is not null then 'reference_name'
        end as match_method,
        is_code_name_conflict,
        case when is_code_name_conflict then code_iso3 end as conflicting_code_iso3,
        coalesce(combine_rule, 'prefer_direct') as combine_rule
    from candidates
)

select * from classified
