{#- Terrorism impact per capita from the GTD, in the spirit of the GTI: each
    country-year's events are weighted (seeds/method/gtd_impact_components.csv: attacks 1,
    deaths 3, injuries 0.5), averaged over a decaying window (seeds/method/gtd_impact_window.csv:
    16/8/4/2/1 for the current and four previous years, weights renormalised over the
    years with data, so GTD's missing 1993 does not count as zero), and divided by the
    current year's World Bank population (x 100,000). A year is produced only when the
    country has all components in that year. The GTD is a worldwide census of incidents
    and OWID's file lists every country with one, zero-filled: a UN member state no row
    resolves to had no incident recorded, so it has 0 events in every year of the file
    (pointing at the file's header row). Only UN members: a territory may be folded
    into another country's rows. -#}
with

components as (
    select * from {{ ref('gtd_impact_components') }}
),

window_weights as (
    select * from {{ ref('gtd_impact_window') }}
),

observations as (
    select * from {{ ref('int_indicator_observations') }}
),

population as (
    select * from {{ ref('int_population_selected') }}
),

yearly_impact as (
    select
        observations.iso3,
        observations.reference_year,
        observations.source_id,
        {{ exact_sum('components.weight * observations.value') }} as weighted_events,
        count(*) as n_components,
        min(observations.source_file) as source_file,
        min(observations.source_row) as source_row
    from observations
    inner join components
        on
            observations.source_id = components.source_id
            and observations.indicator_id = components.observation_indicator_id
    group by observations.iso3, observations.reference_year, observations.source_id
),

recorded_years as (
    select yearly_impact.*
    from yearly_impact
    where yearly_impact.n_components = (select count(*) from components)
),

file_years as (
    select
        reference_year,
        source_id,
        n_components,
        min(source_file) as source_file
    from recorded_years
    group by reference_year, source_id, n_components
),

complete_years as (
    select * from recorded_years
    union all
    select
        countries.iso3,
        file_years.reference_year,
        file_years.source_id,
        0.0 as weighted_events,
        file_years.n_components,
        file_years.source_file,
        1 as source_row
    from {{ ref('int_countries_enriched') }} as countries
    cross join file_years
    where
        countries.is_un_member
        and not exists (
            select 1
            from yearly_impact
            where
                yearly_impact.iso3 = countries.iso3
                and yearly_impact.source_id = file_years.source_id
        )
),

windowed as (
    select
        current_year.iso3,
        current_year.reference_year,
        current_year.source_id,
        current_year.source_file,
        current_year.source_row,
        {{ weighted_mean('past_year.weighted_events', 'window_weights.weight') }}
            as windowed_events,
        count(*) as years_in_window
    from complete_years as current_year
    cross join window_weights
    inner join complete_years as past_year
        on
            current_year.iso3 = past_year.iso3
            and current_year.source_id = past_year.source_id
            and past_year.reference_year
            = current_year.reference_year - window_weights.years_back
    group by
        current_year.iso3,
        current_year.reference_year,
        current_year.source_id,
        current_year.source_file,
        current_year.source_row
)

select
    windowed.iso3,
    windowed.reference_year,
    'gtd_impact_per_100k' as indicator_id,
    windowed.source_id,
    windowed.windowed_events / population.population * 100000 as value,
    windowed.windowed_events,
    windowed.years_in_window,
    population.population,
    windowed.source_file,
    windowed.source_row
from windowed
inner join population
    on
        windowed.iso3 = population.iso3
        and windowed.reference_year = population.reference_year
where population.population > 0
