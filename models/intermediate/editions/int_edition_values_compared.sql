{#- Each indicator value of this build beside the same country, year and indicator in
    the previous edition (the latest archived edition other than this build's): new
    data (a value where there was none), revised data (another value or source), or
    unchanged. No rows before there is a previous edition. -#}
with

editions as (
    select * from {{ ref('int_editions_listed') }}
),

archived_values as (
    select * from {{ ref('stg_edition_archive__values') }}
),

current_values as (
    select
        iso3,
        reference_year as year,
        indicator_id,
        source_id,
        value as raw_value
    from {{ ref('int_index_values_filled') }}
),

previous_edition as (
    select max(edition_id) as edition_id
    from editions
    where not is_current
),

previous_values as (
    select archived_values.*
    from archived_values
    inner join previous_edition on archived_values.edition_id = previous_edition.edition_id
),

compared as (
    select
        coalesce(current_values.iso3, previous_values.iso3) as iso3,
        coalesce(current_values.year, previous_values.year) as year,
        coalesce(current_values.indicator_id, previous_values.indicator_id) as indicator_id,
        previous_values.source_id as previous_source_id,
        current_values.source_id,
        previous_values.raw_value as previous_raw_value,
        current_values.raw_value,
        case
            when previous_values.raw_value is null and current_values.raw_value is not null
                then 'new_data'
            when previous_values.raw_value is not null and current_values.raw_value is null
                then 'revised_data'
            when previous_values.source_id != current_values.source_id
                then 'revised_data'
            when
                abs(previous_values.raw_value - current_values.raw_value)
                > {{ var('float_tolerance') }} * greatest(1, abs(previous_values.raw_value))
                then 'revised_data'
            else 'unchanged'
        end as value_change
    from current_values
    full outer join previous_values
        on
            current_values.iso3 = previous_values.iso3
            and current_values.year = previous_values.year
            and current_values.indicator_id = previous_values.indicator_id
    where (select previous_edition.edition_id from previous_edition) is not null
)

select * from compared
