{#- One snapshot, no year column: the reference year of each index comes from
    seeds/method/cyber_index_vintages.csv in the observation layer. Region labels are dirty
    ("Asia-Pasific") and kept only for reference. -#}
with

source as (
    select * from {{ source('cyber_indexes', 'cyber_indexes__country_scores') }}
),

renamed as (
    select
        -- entity
        {{ clean_text('country') }} as entity_name,
        cast(null as string) as entity_code,
        {{ clean_text('region') }} as region_label,
        -- observation
        {{ to_number('cei') }} as cei_score,
        {{ to_number('gci') }} as gci_score,
        {{ to_number('ncsi') }} as ncsi_score,
        {{ to_number('ddl') }} as ddl_score,
        -- provenance
        {{ provenance_columns() }}
    from source
)

select * from renamed
