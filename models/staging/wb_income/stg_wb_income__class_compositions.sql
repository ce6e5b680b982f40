{#- CLASS 'compositions': which economies make up each World Bank aggregate. -#}
with

source as (
    select * from {{ source('wb_income', 'wb_income__class_compositions') }}
),

renamed as (
    select
        {{ clean_text('wb_group_code') }} as group_code,
        {{ clean_text('wb_group_name') }} as group_name,
        {{ clean_text('wb_country_code') }} as entity_code,
        {{ clean_text('wb_country_name') }} as entity_name,
        -- provenance
        {{ provenance_columns() }}
    from source
)

select * from renamed
