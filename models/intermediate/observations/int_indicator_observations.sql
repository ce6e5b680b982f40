{#- The tidy observation table: every country-level indicator value of every source,
    one row per (iso3, reference_year, indicator_id, source_id), values exactly as
    published (GCI rescaled to 0-100 by seeds/method/gci_editions.csv), with provenance back
    to the raw file and row.
    Rules applied here, each from a seed:
    - only entities classified as countries (int_observations_resolved);
    - source-years in seeds/reference/source_known_gaps.csv are excluded (GTD 1993);
    - seeds/reference/territorial_notes.csv flags values whose territory differs (Sudan < 2011);
    - when two entities of one source resolve to one country and year, counts are
      summed if an alias says combine_rule = 'sum' (GTD incidents filed under a former
      name, e.g. Zaire, beside OWID's zero-filled modern name); otherwise the directly
      matched entity's value is kept (ITU's Swaziland and Eswatini rows). The number
      of extra entities is kept in combined_entities and the rule in combine_method;
    - values at a publisher's reporting floor (seeds/method/reported_floors.csv: FAO's
      "<2.5%") are kept as published and flagged is_at_reported_floor;
    - per-capita rates listed in seeds/method/derived_rates.csv are derived: count /
      population * per_population, population from int_population_selected (World
      Bank), the rule recorded in `derivation`. -#}
with

-- Read by every branch below: scanned again by each (materialised, its wide rows would be
-- written and read back: BENCHMARKS.md, scale).
observations as {{ cte_materialization(false) }} (
    select * from {{ ref('int_observations_resolved') }}
),

gaps as (
    select * from {{ ref('source_known_gaps') }}
),

catalogue as (
    select * from {{ ref('indicator_catalogue') }}
),

territorial_notes as (
    select * from {{ ref('territorial_notes') }}
),

population as (
    select * from {{ ref('int_population_selected') }}
),

derived_rates as (
    select * from {{ ref('derived_rates') }}
),

reported_floors as (
    select * from {{ ref('reported_floors') }}
),

-- Country rows outside the known gaps. Each branch below reads them again rather than
-- holding millions of wide rows first (DuckDB would materialise a CTE read twice).
country_observations as {{ cte_materialization(false) }} (
    select
        observations.iso3,
        observations.reference_year,
        observations.indicator_id,
        observations.source_id,
        observations.value,
        observations.edition_year,
        observations.lower_bound,
        observations.upper_bound,
        observations.entity_code as source_entity_code,
        observations.entity_name as source_entity_name,
        observations.match_method,
        observations.combine_rule,
        cast(null as string) as derivation,
        observations.source_file,
        observations.source_row,
        observations.source_sha256,
        observations.country_entities
    from observations
    left join gaps
        on
            observations.source_id = gaps.source_id
            and observations.reference_year = gaps.reference_year
    where gaps.source_id is null
),

-- A source with one entity for the country: nothing to combine. Only the rows of
-- (source, country) pairs with several entities go through the window (a tiny share:
-- ranking every row sorts and spills at scale).
single_entity_rows as {{ cte_materialization(false) }} (
    select
        *,
        cast(0 as bigint) as combined_entities,
        value as summed_value,
        case when combine_rule = 'sum' then 1 else 0 end as any_sum_rule,
        cast(1 as bigint) as entity_rank
    from country_observations
    where country_entities = 1
),

multiple_entity_rows as {{ cte_materialization(false) }} (
    select
        *,
        count(*) over (
            partition by iso3, reference_year, indicator_id, source_id
        ) - 1 as combined_entities,
        {{ exact_sum('value', '(partition by iso3, reference_year, indicator_id, source_id)') }}
            as summed_value,
        max(case when combine_rule = 'sum' then 1 else 0 end) over (
            partition by iso3, reference_year, indicator_id, source_id
        ) as any_sum_rule,
        row_number() over (
            partition by iso3, reference_year, indicator_id, source_id
            order by
                case match_method when 'alias_seed' then 2 else 1 end,
                source_entity_name
        ) as entity_rank
    from country_observations
    where country_entities > 1
),

country_rows as {{ cte_materialization(false) }} (
    select * from single_entity_rows
    union all
    select * from multiple_entity_rows
),

published as {{ cte_materialization(false) }} (
    select
        country_rows.iso3,
        country_rows.reference_year,
        country_rows.indicator_id,
        country_rows.source_id,
        case
            when
                country_rows.combined_entities > 0
                and country_rows.any_sum_rule = 1
                and catalogue.unit = 'count'
                then country_rows.summed_value
            else country_rows.value
        end as value,
        country_rows.edition_year,
        country_rows.lower_bound,
        country_rows.upper_bound,
        country_rows.source_entity_code,
        country_rows.source_entity_name,
        country_rows.match_method,
        country_rows.combined_entities,
        case
            when country_rows.combined_entities = 0 then 'single_entity'
            when country_rows.any_sum_rule = 1 and catalogue.unit = 'count' then 'sum'
            else 'prefer_direct'
        end as combine_method,
        country_rows.derivation,
        country_rows.source_file,
        country_rows.source_row,
        country_rows.source_sha256
    from country_rows
    inner join catalogue on country_rows.indicator_id = catalogue.indicator_id
    where country_rows.entity_rank = 1
),

derived_per_capita as (
    select
        published.iso3,
        published.reference_year,
        derived_rates.rate_indicator_id as indicator_id,
        published.source_id,
        published.value / population.population * derived_rates.per_population as value,
        published.edition_year,
        cast(null as double) as lower_bound,
        cast(null as double) as upper_bound,
        published.source_entity_code,
        published.source_entity_name,
        published.match_method,
        published.combined_entities,
        published.combine_method,
        published.indicator_id || ' / population (' || population.source_id
        || ' ' || population.source_file || ' row '
        || cast(population.source_row as string) || ') * '
        || cast(derived_rates.per_population as string) as derivation,
        published.source_file,
        published.source_row,
        published.source_sha256
    from published
    inner join derived_rates
        on
            published.source_id = derived_rates.source_id
            and published.indicator_id = derived_rates.count_indicator_id
    inner join population
        on
            published.iso3 = population.iso3
            and published.reference_year = population.reference_year
    where population.population > 0
),

combined as (
    select * from published
    union all
    select * from derived_per_capita
),

final as (
    select
        combined.iso3,
        combined.reference_year,
        combined.indicator_id,
        combined.source_id,
        combined.value,
        catalogue.unit,
        combined.edition_year,
        combined.lower_bound,
        combined.upper_bound,
        combined.source_entity_code,
        combined.source_entity_name,
        combined.match_method,
        combined.combined_entities,
        combined.combine_method,
        combined.derivation,
        territorial_notes.note as territorial_note,
        coalesce(combined.value <= reported_floors.floor_value, false) as is_at_reported_floor,
        combined.source_file,
        combined.source_row,
        combined.source_sha256
    from combined
    inner join catalogue on combined.indicator_id = catalogue.indicator_id
    left join territorial_notes
        on
            combined.iso3 = territorial_notes.iso3
            and combined.reference_year
            between territorial_notes.from_year and territorial_notes.to_year
    left join reported_floors
        on
            combined.source_id = reported_floors.source_id
            and combined.indicator_id = reported_floors.indicator_id
)

select * from final
