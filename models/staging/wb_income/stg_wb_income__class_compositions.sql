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
        _source_file as source_file,
        _source_row as source_row,
        _source_sha256 as source_sha256,
        _loaded_at as loaded_at
    from source
)

select * from renamed
