{#- The indicator values behind each earlier edition, by country and year. -#}
with

source as (
    select * from {{ source('edition_archive', '_edition_values') }}
)

select
    cast(edition_id as integer) as edition_id,
    iso3,
    cast(year as integer) as year,
    indicator_id,
    source_id,
    raw_value,
    value_status
from source
