{#- Every edition: those the archive holds, and this build's, identified by its method
    version and the sha256 of every source's landed files. This build is the archived
    edition with the same key when it republishes one, else the next edition. -#}
with

archived as (
    select * from {{ ref('stg_edition_archive__editions') }}
),

method as (
    select * from {{ ref('method') }}
),

sources as (
    select * from {{ ref('int_sources_summarised') }}
),

vintages as (
    select
        md5({{ string_agg_ordered(
            "source_id || '=' || coalesce(files_sha256, '-')", "'|'", 'source_id'
        ) }}) as data_fingerprint,
        {{ string_agg_ordered(
            "source_id || '=' || coalesce(substr(files_sha256, 1, 12), '-')", "', '", 'source_id'
        ) }} as source_vintages
    from sources
),

current_build as (
    select
        method.method_version,
        vintages.data_fingerprint,
        vintages.source_vintages,
        md5(method.method_version || '|' || vintages.data_fingerprint) as edition_key
    from method
    cross join vintages
),

identified as (
    select
        current_build.*,
        coalesce(
            same.edition_id,
            (select max(archived.edition_id) from archived) + 1,
            1
        ) as edition_id,
        same.published_at
    from current_build
    left join archived as same on current_build.edition_key = same.edition_key
)

select
    archived.edition_id,
    archived.edition_key,
    archived.method_version,
    archived.data_fingerprint,
    archived.source_vintages,
    archived.published_at,
    archived.edition_key = identified.edition_key as is_current
from archived
cross join identified
union all
select
    edition_id,
    edition_key,
    method_version,
    data_fingerprint,
    source_vintages,
    published_at,
    true as is_current
from identified
where published_at is null
