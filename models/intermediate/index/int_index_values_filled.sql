{#- The full panel: every country x every year from the method seed's first_year to the latest
    year with an observed value of any active indicator x every active indicator, each
    cell tagged:
    - observed: the selected source published a value for that year;
    - interpolated: linear between the nearest earlier and later observations, when they
      are at most max_interpolation_gap_years apart (seeds/method/indicators.csv) and belong
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

-- Read twice: scanned by each reader rather than written out first.
selected as {{ cte_materialization(false) }} (
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

timeline as (
    -- the panel, plus earlier observations that may still be carried into it
    select
        panel.*,
        true as is_in_panel
    from panel
    union all
    select
        selected.iso3,
        selected.reference_year,
        selected.indicator_id,
        indicators.max_carry_forward_years,
        indicators.max_interpolation_gap_years,
        false as is_in_panel
    from selected
    inner join indicators on selected.indicator_id = indicators.indicator_id
    cross join method
    where selected.reference_year < method.first_year
),

{# Each panel cell with the observation of its own year, if any; then the nearest
    earlier (or same-year) and later observation by ordered windows over each country's
    indicator series, rather than by joining the observations back twice: a window keeps
    one series in memory at a time (the joins held every series at once).
    Every column taken "ignoring nulls" is never null on an observation (tested on
    int_index_values_selected), so all of them come from the same observation. #}
located as (
    select
        timeline.*,
        selected.reference_year as observed_year,
        selected.value as observed_value,
        selected.source_id as observed_source_id,
        selected.source_file as observed_source_file,
        selected.source_row as observed_source_row,
        selected.series_key as observed_series_key
    from timeline
    left join selected
        on
            timeline.iso3 = selected.iso3
            and timeline.indicator_id = selected.indicator_id
            and timeline.reference_year = selected.reference_year
),

windowed as (
    select
        iso3,
        reference_year,
        indicator_id,
        max_carry_forward_years,
        max_interpolation_gap_years,
        is_in_panel,
        {%- set previous_columns = [
            'year', 'value', 'source_id', 'source_file', 'source_row', 'series_key'
        ] %}
        {%- for column in previous_columns %}
            {{ last_value_ignoring_nulls('observed_' ~ column) }} over (
                partition by iso3, indicator_id
                order by reference_year
                rows between unbounded preceding and current row
            ) as previous_{{ column }},
        {%- endfor %}
        {%- for column in ['year', 'value', 'source_id', 'series_key'] %}
            {{ first_value_ignoring_nulls('observed_' ~ column) }} over (
                partition by iso3, indicator_id
                order by reference_year
                rows between 1 following and unbounded following
            ) as next_{{ column }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from located
),

neighbours as (
    select *
    from windowed
    where is_in_panel
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
