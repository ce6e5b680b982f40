{#- The indicators that enter the index: active in seeds/indicators.csv and in an
    active dimension of seeds/dimensions.csv, with their method parameters. The one
    place that decides what "active" means. -#}
with

indicators as (
    select * from {{ ref('indicators') }}
),

dimensions as (
    select * from {{ ref('dimensions') }}
)

select indicators.*
from indicators
inner join dimensions on indicators.dimension_id = dimensions.dimension_id
where indicators.is_active and dimensions.is_active
