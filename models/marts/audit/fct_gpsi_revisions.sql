{#- How each country-year's GPSI and rank changed since the previous edition (the latest
    archived edition other than this build's), and why: the method version changed;
    values of the country-year were revised (another value or source) or are new; only
    values of the country's other years changed (gap filling and chain-linking carry
    them); or other countries moved. revised_sources names the sources of the values
    that changed. Empty until there is a previous edition. -#}
with

editions as (
    select * from {{ ref('dim_edition') }}
),

archived as (
    select * from {{ ref('int_edition_gpsi_archived') }}
),

value_changes as (
    select * from {{ ref('int_edition_values_compared') }}
),

gpsi as (
    select * from {{ ref('fct_gpsi') }}
),

reported as (
    select reported_year from {{ ref('int_reported_year') }}
),

current_edition as (
    select
        edition_id,
        method_version
    from editions
    where is_current
),

previous_edition as (
    select
        edition_id,
        method_version
    from editions
    where not is_current
    order by edition_id desc
    limit 1
),

previous as (
    select archived.*
    from archived
    inner join previous_edition on archived.edition_id = previous_edition.edition_id
),

current_gpsi as (
    select * from gpsi
    where gpsi_score is not null
),

changed_sources as (
    select distinct
        iso3,
        year,
        coalesce(source_id, previous_source_id) as source_id
    from value_changes
    where value_change != 'unchanged'
),

changed_values as (
    select
        iso3,
        year,
        count(case when value_change = 'new_data' then 1 end) as new_values,
        count(case when value_change = 'revised_data' then 1 end) as revised_values
    from value_changes
    group by iso3, year
),

changed_country as (
    select distinct iso3
    from value_changes
    where value_change != 'unchanged'
),

sources_listed as (
    select
        iso3,
        year,
        {{ string_agg_ordered('source_id', "', '", 'source_id') }} as revised_sources
    from changed_sources
    group by iso3, year
),

compared as (
    select
        coalesce(current_gpsi.iso3, previous.iso3) as iso3,
        coalesce(current_gpsi.year, previous.year) as year,
        current_edition.edition_id,
        previous_edition.edition_id as previous_edition_id,
        current_gpsi.gpsi_score,
        previous.gpsi_score as previous_gpsi_score,
        current_gpsi.gpsi_score - previous.gpsi_score as score_change,
        current_gpsi.gpsi_rank,
        previous.gpsi_rank as previous_gpsi_rank,
        previous.gpsi_rank - current_gpsi.gpsi_rank as rank_change,
        coalesce(changed_values.new_values, 0) as new_values,
        coalesce(changed_values.revised_values, 0) as revised_values,
        sources_listed.revised_sources,
        case
            when current_edition.method_version != previous_edition.method_version
                then 'method_change'
            when changed_values.revised_values > 0 then 'revised_data'
            when changed_values.new_values > 0 then 'new_data'
            when
                changed_country.iso3 is not null
                and (
                    (current_gpsi.gpsi_score is null) != (previous.gpsi_score is null)
                    or abs(current_gpsi.gpsi_score - previous.gpsi_score)
                    > {{ var('float_tolerance') }}
                )
                then 'data_of_other_years'
            when
                coalesce(current_gpsi.gpsi_rank, -1) != coalesce(previous.gpsi_rank, -1)
                or abs(current_gpsi.gpsi_score - previous.gpsi_score) > {{ var('float_tolerance') }}
                then 'other_countries'
            else 'unchanged'
        end as revision_reason,
        current_edition.method_version
    from current_gpsi
    full outer join previous
        on current_gpsi.iso3 = previous.iso3 and current_gpsi.year = previous.year
    cross join current_edition
    cross join previous_edition
    left join changed_values
        on
            coalesce(current_gpsi.iso3, previous.iso3) = changed_values.iso3
            and coalesce(current_gpsi.year, previous.year) = changed_values.year
    left join sources_listed
        on
            coalesce(current_gpsi.iso3, previous.iso3) = sources_listed.iso3
            and coalesce(current_gpsi.year, previous.year) = sources_listed.year
    left join changed_country
        on coalesce(current_gpsi.iso3, previous.iso3) = changed_country.iso3
)

select
    compared.*,
    -- a year after the reported one rests mostly on carried values: provisional
    compared.year > reported.reported_year as is_provisional
from compared
cross join reported
