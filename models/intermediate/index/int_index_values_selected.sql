{#- One value per country, year and index indicator (every indicator with a row in
    seeds/method/source_precedence.csv; int_index_values_filled keeps the active ones): among the sources that
    publish the indicator for that country-year, the one of highest precedence in
    seeds/method/source_precedence.csv (the newest vintage ranks first for the years it
    covers). The source of every value is kept, with its series_key: the source and,
    where the source publishes editions, the edition (source_id:edition_year). Two
    values with different series keys are different vintages or methods: gap filling
    never interpolates between them and a change of key is a structural break. -#}
with

precedence as (
    select * from {{ ref('source_precedence') }}
),

candidates as (
    select
        iso3,
        reference_year,
        indicator_id,
        source_id,
        value,
        edition_year,
        source_file,
        source_row
    from {{ ref('int_indicator_observations') }}
    union all
    select
        iso3,
        reference_year,
        indicator_id,
        source_id,
        value,
        cast(null as integer) as edition_year,
        source_file,
        source_row
    from {{ ref('int_gtd_impact_windowed') }}
),

ranked as (
    select
        candidates.*,
        precedence.precedence,
        row_number() over (
            partition by candidates.iso3, candidates.reference_year, candidates.indicator_id
            order by precedence.precedence
        ) as precedence_rank
    from candidates
    inner join precedence
        on
            candidates.indicator_id = precedence.indicator_id
            and candidates.source_id = precedence.source_id
)

select
    iso3,
    reference_year,
    indicator_id,
    source_id,
    value,
    precedence,
    source_id || ':' || coalesce(cast(edition_year as string), '-') as series_key,
    source_file,
    source_row
from ranked
where precedence_rank = 1
