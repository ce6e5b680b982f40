{#- 2018 vintage of the GTD aggregates (data to 2017): entity names only, no codes;
    "GDT" typos in the publisher's headers are not carried into column names. -#}
with

source as (
    select *
    from {{ source("owid_gtd_2018", "owid_gtd_2018__incidents_fatalities_injuries") }}
),

renamed as (
    select
        -- entity
        {{ clean_text('entity') }} as entity_name,
        cast(null as string) as entity_code,
        -- observation
        cast(year as integer) as reference_year,
        {{ to_number('number_of_terrorist_incidents_gdt_2018') }} as attacks,
        {{ to_number('terrorism_fatalities_gtd') }} as deaths,
        {{ to_number('number_wounded_from_terrorist_attacks_gdt_2018') }} as injuries,
        {{ to_number('number_of_successful_terrorist_incidents_gdt_2018') }}
            as successful_attacks,
        {{ to_number('number_of_unsuccessful_terrorist_incidents_gdt_2018') }}
            as unsuccessful_attacks,
        {{ to_number('share_of_terrorist_incidents_successful_gdt_2018') }}
            as successful_share_pct,
        {{ to_number('number_of_suicide_terrorist_incidents_gdt_2018') }} as suicide_attacks,
        {{ to_number('number_of_non_suicide_terrorist_incidents_gdt_2018') }}
            as non_suicide_attacks,
        {{ to_number('share_of_terrorist_incidents_with_suicide_attempt_gdt_2018') }}
            as suicide_share_pct,
        {{ to_number('number_of_incidents_which_resulted_in_fatality_gdt_2018') }}
            as fatal_attacks,
        {{ to_number('share_of_terrorist_incidents_with_at_least_one_fatality_gdt_2018') }}
            as fatal_share_pct,
        {{ to_number('average_fatalities_per_incident_gdt_2018') }}
            as fatalities_per_attack,
        -- provenance
        {{ provenance_columns() }}
    from source
)

select * from renamed
