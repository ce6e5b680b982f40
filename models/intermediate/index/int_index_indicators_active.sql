{#- The indicators that enter the index: active in seeds/method/indicators.csv and in an
    active dimension of seeds/method/dimensions.csv, with their method parameters and their
    name, unit and description from seeds/reference/indicator_catalogue.csv. The one place that
    decides what "active" means. -#}
with

indicators as (
    select * from {{ ref('indicators') }}
),

dimensions as (
    select * from {{ ref('dimensions') }}
),

catalogue as (
    select * from {{ ref('indicator_catalogue') }}
)

select
    indicators.*,
    catalogue.name,
    catalogue.unit,
    catalogue.description
from indicators
inner join dimensions on indicators.dimension_id = dimensions.dimension_id
inner join catalogue on indicators.indicator_id = catalogue.indicator_id
where indicators.is_active and dimensions.is_active
