{#- The headline of every edition, queryable side by side: the GPSI and rank each
    archived edition published, by country and year, and this build's (when it is a new
    edition). -#}
with

archived as (
    select * from {{ ref('int_edition_gpsi_archived') }}
),

editions as (
    select * from {{ ref('dim_edition') }}
),

gpsi as (
    select * from {{ ref('fct_gpsi') }}
),

current_new as (
    select edition_id
    from editions
    where is_current and published_at is null
)

select
    edition_id,
    iso3,
    year,
    gpsi_score,
    gpsi_rank,
    is_provisional,
    method_version
from archived
union all
select
    current_new.edition_id,
    gpsi.iso3,
    gpsi.year,
    gpsi.gpsi_score,
    gpsi.gpsi_rank,
    gpsi.is_provisional,
    gpsi.method_version
from gpsi
cross join current_new
where gpsi.gpsi_score is not null
