{#- The GHO code lists shipped with the download (COUNTRY, REGION, SEX, ...). -#}
with

source as (
    select * from {{ source('who_gho_road', 'who_gho_road__code_lists') }}
),

renamed as (
    select
        {{ clean_text('dimension') }} as dimension,
        {{ clean_text('code') }} as code,
        {{ clean_text('title') }} as title,
        {{ clean_text('parentdimension') }} as parent_dimension,
        {{ clean_text('parentcode') }} as parent_code,
        {{ clean_text('parenttitle') }} as parent_title,
        -- provenance
        _source_file as source_file,
        _source_row as source_row,
        _source_sha256 as source_sha256,
        _loaded_at as loaded_at
    from source
)

select * from renamed
