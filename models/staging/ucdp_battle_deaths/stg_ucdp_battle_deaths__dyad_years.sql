{#- UCDP battle-related deaths, one row per dyad and year: the governments on each
    side (primary and secondary parties, as Gleditsch-Ward number lists such as
    "365, 369") and the best, low and high estimates of battle deaths. -#}
with

source as (
    select * from {{ source('ucdp_battle_deaths', 'ucdp_battle_deaths__dyad_years') }}
),

renamed as (
    select
        -- keys
        cast(dyad_id as integer) as dyad_id,
        cast(conflict_id as integer) as conflict_id,
        cast(year as integer) as reference_year,
        -- parties
        {{ clean_text('side_a') }} as side_a,
        {{ clean_text('side_a_2nd') }} as side_a_secondary,
        {{ clean_text('side_b') }} as side_b,
        {{ clean_text('side_b_2nd') }} as side_b_secondary,
        {{ clean_text('gwno_a') }} as gwno_a,
        {{ clean_text('gwno_a_2nd') }} as gwno_a_secondary,
        {{ clean_text('gwno_b') }} as gwno_b,
        {{ clean_text('gwno_b_2nd') }} as gwno_b_secondary,
        {{ clean_text('gwno_loc') }} as gwno_location,
        {{ clean_text('location_inc') }} as location_name,
        -- conflict
        cast(type_of_conflict as integer) as type_of_conflict,
        cast(incompatibility as integer) as incompatibility,
        -- deaths
        {{ to_number('bd_best') }} as battle_deaths_best,
        {{ to_number('bd_low') }} as battle_deaths_low,
        {{ to_number('bd_high') }} as battle_deaths_high,
        {{ clean_text('version') }} as ucdp_version,
        -- provenance
        {{ provenance_columns() }}
    from source
)

select * from renamed
