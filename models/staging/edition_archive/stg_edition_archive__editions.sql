{#- The editions published so far, one row each. -#}
with

source as (
    select * from {{ source('edition_archive', '_editions') }}
)

select
    cast(edition_id as integer) as edition_id,
    edition_key,
    method_version,
    data_fingerprint,
    source_vintages,
    published_at
from source
