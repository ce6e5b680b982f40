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
        {{ provenance_columns() }}
    from source
)

select * from renamed
