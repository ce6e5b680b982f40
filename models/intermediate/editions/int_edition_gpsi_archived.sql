{#- The GPSI each archived edition published, with that edition's method version. -#}
with

gpsi as (
    select * from {{ ref('stg_edition_archive__gpsi') }}
),

editions as (
    select * from {{ ref('stg_edition_archive__editions') }}
)

select
    gpsi.edition_id,
    gpsi.iso3,
    gpsi.year,
    gpsi.gpsi_score,
    gpsi.gpsi_rank,
    gpsi.is_provisional,
    editions.method_version
from gpsi
inner join editions on gpsi.edition_id = editions.edition_id
