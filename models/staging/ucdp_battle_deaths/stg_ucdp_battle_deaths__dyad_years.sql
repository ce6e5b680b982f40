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
        {{ clean_text('location_inc') }} as location_name,
        {{ ucdp_warring_parties() }},
        -- deaths
        {{ to_number('bd_best') }} as battle_deaths_best,
        {{ to_number('bd_low') }} as battle_deaths_low,
        {{ to_number('bd_high') }} as battle_deaths_high,
        -- provenance
        {{ provenance_columns() }}
    from source
)

select * from renamed
