{#- The GPSI dimensions as the method defines them (seeds/method/dimensions.csv). -#}
with

dimensions as (
    select * from {{ ref('dimensions') }}
),

method as (
    select * from {{ ref('method') }}
)

select
    dimensions.dimension_id,
    dimensions.name,
    dimensions.weight,
    dimensions.is_active,
    dimensions.is_founding,
    dimensions.min_indicator_weight_share,
    dimensions.description,
    method.method_version
from dimensions
cross join method
