{#- UCDP/PRIO armed conflicts, one row per conflict and year (1946-2024): the states
    on each side (Gleditsch-Ward number lists), the location, and the intensity
    (1 = 25-999 battle deaths in the year, 2 = war, 1,000 or more). No death counts. -#}
with

source as (
    select * from {{ source('ucdp_prio_acd', 'ucdp_prio_acd__conflict_years') }}
),

renamed as (
    select
        -- keys
        cast(conflict_id as integer) as conflict_id,
        cast(year as integer) as reference_year,
        -- parties
        {{ clean_text('location') }} as location_name,
        {{ clean_text('side_a') }} as side_a,
        {{ clean_text('side_a_2nd') }} as side_a_secondary,
        {{ clean_text('side_b') }} as side_b,
        {{ clean_text('side_b_2nd') }} as side_b_secondary,
        {{ clean_text('gwno_a') }} as gwno_a,
        {{ clean_text('gwno_a_2nd') }} as gwno_a_secondary,
        {{ clean_text('gwno_b') }} as gwno_b,
        {{ clean_text('gwno_b_2nd') }} as gwno_b_secondary,
        {{ clean_text('gwno_loc') }} as gwno_location,
        -- conflict
        cast(intensity_level as integer) as intensity_level,
        cast(type_of_conflict as integer) as type_of_conflict,
        cast(incompatibility as integer) as incompatibility,
        cast({{ clean_text('start_date') }} as date) as start_date,
        cast({{ clean_text('ep_end_date') }} as date) as episode_end_date,
        {{ clean_text('version') }} as ucdp_version,
        -- provenance
        {{ provenance_columns() }}
    from source
)

select * from renamed
