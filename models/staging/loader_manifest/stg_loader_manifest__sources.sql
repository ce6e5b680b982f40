{#- The registered sources as the loader recorded them at the last load. -#}
with

source as (
    select * from {{ source('loader_manifest', '_sources') }}
),

renamed as (
    select
        source_id,
        folder,
        name as source_name,
        publisher,
        publisher_url,
        licence,
        dimension,
        live_urls,
        manual_reason,
        registered_at
    from source
)

select * from renamed
