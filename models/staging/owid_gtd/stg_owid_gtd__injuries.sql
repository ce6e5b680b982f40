{#- Single-series OWID chart file; its values must equal the combined file's
    (tested in tests/staging/owid_gtd). -#}
with

source as (
    select * from {{ source('owid_gtd', 'owid_gtd__injuries') }}
),

renamed as (
    select
        -- entity
        {{ clean_text('entity') }} as entity_name,
        {{ clean_text('code') }} as entity_code,
        -- observation
        cast(year as integer) as reference_year,
        {{ to_number('terrorism_non_fatal_injuries') }} as injuries,
        -- provenance
        _source_file as source_file,
        _source_row as source_row,
        _source_sha256 as source_sha256,
        _loaded_at as loaded_at
    from source
)

select * from renamed
