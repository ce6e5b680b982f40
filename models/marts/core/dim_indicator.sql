{#- The GPSI indicators with their whole method (seeds/method/indicators.csv) and their
    source precedence written out (seeds/method/source_precedence.csv). -#}
with

indicators as (
    select
        indicators.*,
        dimensions.is_active as is_dimension_active,
        catalogue.name,
        catalogue.unit,
        catalogue.description
    from {{ ref('indicators') }} as indicators
    inner join {{ ref('dimensions') }} as dimensions
        on indicators.dimension_id = dimensions.dimension_id
    inner join {{ ref('indicator_catalogue') }} as catalogue
        on indicators.indicator_id = catalogue.indicator_id
),

precedence as (
    select * from {{ ref('source_precedence') }}
),

method as (
    select * from {{ ref('method') }}
),

precedence_text as (
    select
        indicator_id,
        {{ string_agg_ordered('source_id', "' > '", 'precedence') }} as source_precedence
    from precedence
    group by indicator_id
)

select
    indicators.indicator_id,
    indicators.dimension_id,
    indicators.name,
    indicators.unit,
    indicators.weight,
    indicators.direction,
    indicators.band_low,
    indicators.band_high,
    indicators.goalpost_low,
    indicators.goalpost_high,
    indicators.transformation as transform,
    indicators.goalpost_rationale,
    indicators.max_carry_forward_years,
    indicators.max_interpolation_gap_years,
    indicators.outlier_treatment,
    -- in the index only when its dimension is too (ND-GAIN: active, its dimension not)
    indicators.is_active and indicators.is_dimension_active as is_active,
    precedence_text.source_precedence,
    indicators.description,
    method.method_version
from indicators
left join precedence_text on indicators.indicator_id = precedence_text.indicator_id
cross join method
