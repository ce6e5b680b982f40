{#- The full panel: every country x every year from the method seed's first_year to the latest
    year with an observed value of any active indicator x every active indicator, each
    cell tagged:
    - observed: the selected source published a value for that year;
    - interpolated: linear between the nearest earlier and later observations, when they
      are at most max_interpolation_gap_years apart (seeds/indicators.csv) and belong
      to the same series (source and edition: never across a vintage break, never
      toward an edition published later);
    - carried_forward: the nearest earlier observation, at most
      max_carry_forward_years old;
    - missing: none of these. Nothing is back-filled and nothing is mean-filled. -#}
with

method as (
    select * from {{ ref('method') }}
),

indicators as (
    select * from {{ ref('int_index_indicators_active') }}
),

selected as (
    select values_selected.*
    from {{ ref('int_index_values_selected') }} as values_selected
    inner join indicators on values_selected.indicator_id = indicators.indicator_id
),

countries as (
    select iso3 from {{ ref('int_countries_enriched') }}
),

years as (
    {{ year_series(
        '(select first_year from ' ~ ref('method') ~ ')',
        '(select max(reference_year) from selected)',
    ) }}
),

panel as (
    select
        countries.iso3,
        years.year_value as reference_year,
        indicators.indicator_id,
        indicators.max_carry_forward_years,
        indicators.max_interpolation_gap_years
    from countries
    cross join years
    cross join indicators
),

previous_observation as (
    select
        panel.iso3,
        panel.reference_year,
        panel.indicator_id,
        max(selected.reference_year) as previous_year
    from panel
    inner join selected
        on
            panel.iso3 = selected.iso3
            and panel.indicator_id = selected.indicator_id
            and panel.reference_year >= selected.reference_year
    group by panel.iso3, panel.reference_year, panel.indicator_id
),

next_observation as (
    select
        panel.iso3,
        panel.reference_year,
        panel.indicator_id,
        min(selected.reference_year) as next_year
    from panel
    inner join selected
        on
            panel.iso3 = selected.iso3
            and panel.indicator_id = selected.indicator_id
            and panel.reference_year < selected.reference_year
    group by panel.iso3, panel.reference_year, panel.indicator_id
),

neighbours as (
    select
        panel.iso3,
        panel.reference_year,
        panel.indicator_id,
        panel.max_carry_forward_years,
        panel.max_interpolation_gap_years,
        previous_value.reference_year as previous_year,
        previous_value.value as previous_value,
        previous_value.source_id as previous_source_id,
        previous_value.source_file as previous_source_file,
        previous_value.source_row as previous_source_row,
        previous_value.series_key as previous_series_key,
        next_value.reference_year as next_year,
        next_value.value as next_value,
        next_value.source_id as next_source_id,
        next_value.series_key as next_series_key
    from panel
    left join previous_observation
        on
            panel.iso3 = previous_observation.iso3
            and panel.reference_year = previous_observation.reference_year
            and panel.indicator_id = previous_observation.indicator_id
    left join selected as previous_value
        on
            previous_observation.iso3 = previous_value.iso3
            and previous_observation.indicator_id = previous_value.indicator_id
            and previous_observation.previous_year = previous_value.reference_year
    left join next_observation
        on
            panel.iso3 = next_observation.iso3
            and panel.reference_year = next_observation.reference_year
            and panel.indicator_id = next_observation.indicator_id
    left join selected as next_value
        on
            next_observation.iso3 = next_value.iso3
            and next_observation.indicator_id = next_value.indicator_id
            and next_observation.next_year = next_value.reference_year
),

tagged as (
    select
        *,
        case
            when previous_year = reference_year then 'observed'
            when
                previous_year is not null
                and next_year is not null
                and next_year - previous_year <= max_interpolation_gap_years
                and next_series_key = previous_series_key
                then 'interpolated'
            when
                previous_year is not null
                and reference_year - previous_year <= max_carry_forward_years
                then 'carried_forward'
            else 'missing'
        end as value_status
    from neighbours
)

select
    iso3,
    reference_year,
    indicator_id,
    value_status,
    case value_status
        when 'observed' then previous_value
        when 'carried_forward' then previous_value
        when 'interpolated'
            then
                previous_value
                + (next_value - previous_value)
                * (reference_year - previous_year)
                / cast(next_year - previous_year as double)
    end as value,
    case when value_status <> 'missing' then previous_source_id end as source_id,
    case when value_status <> 'missing' then previous_series_key end as series_key,
    case when value_status <> 'missing' then previous_year end as source_year,
    case when value_status = 'interpolated' then next_year end as next_source_year,
    case when value_status = 'interpolated' then next_source_id end as next_source_id,
    case when value_status <> 'missing' then previous_source_file end as source_file,
    case when value_status <> 'missing' then previous_source_row end as source_row
from tagged
