{#- Each registered source with what was landed from it: files, raw rows, total bytes
    and the sha256 of each landed file (in path order): what the build read, not when
    the loader ran, so two builds of the same files describe them alike. -#}
with

sources as (
    select * from {{ ref('stg_loader_manifest__sources') }}
),

files as (
    select
        source_id,
        count(*) as files_landed,
        cast(sum(row_count) as bigint) as rows_landed,
        cast(sum(size_bytes) as bigint) as bytes_landed,
        {{ string_agg_ordered('sha256', "', '", 'file_path') }} as files_sha256
    from {{ ref('stg_loader_manifest__files') }}
    group by source_id
)

select
    sources.source_id,
    sources.source_name,
    sources.publisher,
    sources.publisher_url,
    sources.licence,
    sources.dimension,
    sources.manual_reason,
    coalesce(files.files_landed, 0) as files_landed,
    coalesce(files.rows_landed, 0) as rows_landed,
    coalesce(files.bytes_landed, 0) as bytes_landed,
    files.files_sha256
from sources
left join files on sources.source_id = files.source_id
