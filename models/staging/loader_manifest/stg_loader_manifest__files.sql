{#- Every landed file and raw table, with its checksum and row count. -#}
with

source as (
    select * from {{ source('loader_manifest', '_files') }}
),

renamed as (
    select
        source_id,
        table_name,
        file_path,
        sha256,
        size_bytes,
        row_count,
        sheet,
        header_line,
        quirk,
        loader_version,
        loaded_at
    from source
)

select * from renamed
