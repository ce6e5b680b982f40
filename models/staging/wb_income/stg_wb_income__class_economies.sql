{#- CLASS FY2025 'List of economies': economies and aggregates (aggregates have no
    region). XKX = Kosovo, CHI = Channel Islands; Venezuela has no income group. -#}
with

source as (
    select * from {{ source('wb_income', 'wb_income__class_economies') }}
),

renamed as (
    select
        {{ clean_text('code') }} as entity_code,
        {{ clean_text('economy') }} as entity_name,
        {{ clean_text('region') }} as wb_region,
        {{ clean_text('income_group') }} as income_group,
        {{ clean_text('lending_category') }} as lending_category,
        -- provenance
        {{ provenance_columns() }}
    from source
    where {{ clean_text('code') }} is not null
)

select * from renamed
