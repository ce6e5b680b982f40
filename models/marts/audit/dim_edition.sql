{#- Every edition of the index: each publish with a new method version or new data,
    with its method version, data fingerprint and the vintage of every source. The
    current build is flagged; its published_at is null until it is first published. -#}
with

editions as (
    select * from {{ ref('int_editions_listed') }}
)

select
    edition_id,
    edition_key,
    method_version,
    data_fingerprint,
    source_vintages,
    published_at,
    is_current
from editions
