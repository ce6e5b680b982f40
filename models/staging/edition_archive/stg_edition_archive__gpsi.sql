{#- The GPSI each earlier edition published, by country and year. -#}
with

source as (
    select * from {{ source('edition_archive', '_edition_gpsi') }}
)

select
    cast(edition_id as integer) as edition_id,
    iso3,
    cast(year as integer) as year,
    gpsi_score,
    cast(gpsi_rank as bigint) as gpsi_rank,
    is_provisional
from source
