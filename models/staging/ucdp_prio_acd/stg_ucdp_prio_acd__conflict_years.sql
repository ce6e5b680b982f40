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
        {{ clean_text('location') }} as location_name,
        {{ ucdp_warring_parties() }},
        -- intensity and dates
        cast(intensity_level as integer) as intensity_level,
        cast({{ clean_text('start_date') }} as date) as start_date,
        cast({{ clean_text('ep_end_date') }} as date) as episode_end_date,
        -- provenance
        {{ provenance_columns() }}
    from source
)

select * from renamed
