{#- The World Bank's economy list shipped with the WGI download: region and income
    group per code. A blank region marks an aggregate (the cleanest aggregate filter). -#}
with

source as (
    select * from {{ source('wb_wgi', 'wb_wgi__country_metadata') }}
),

renamed as (
    select
        -- entity
        {{ clean_text('country_code') }} as entity_code,
        {{ clean_text('tablename') }} as entity_name,
        -- classification
        {{ clean_text('region') }} as wb_region,
        {{ clean_text('incomegroup') }} as income_group,
        {{ clean_text('region') }} is null as is_aggregate,
        {{ clean_text('specialnotes') }} as special_notes,
        -- provenance
        {{ provenance_columns() }}
    from source
)

select * from renamed
