{#- The GPSI of every published country-year (headline index) recomputed in every draw
    of int_uncertainty_draws, and its rank among that year's published countries.
    Per draw: indicator scores of the draw's vintage, gap filling and normalisation
    (int_uncertainty_indicator_variants); dimension score = weighted mean of the
    available indicator scores with the draw's indicator weights; GPSI = the draw's
    aggregation (floored geometric or arithmetic mean, the index's own formulas) of the
    available dimension scores with the draw's dimension weights (greatest() skips nulls
    in DuckDB, so an absent dimension is excluded explicitly, not through the floor).
    Set-based and wide: one row per variant and country-year with a column per
    indicator, joined to one row per draw with a column per weight, so a draw costs one
    pass over the country-years. The columns are slots, numbered at run time
    (indicators by dimension and id, dimensions by id), so nothing is queried at compile
    time; vars uncertainty_indicator_slots / uncertainty_dimension_slots set the capacity
    and a test fails the build if the method outgrows it. -#}
{%- set indicator_slots = range(1, var('uncertainty_indicator_slots') + 1) -%}
{%- set dimension_slots = range(1, var('uncertainty_dimension_slots') + 1) %}
with

method as (
    select * from {{ ref('method') }}
),

slots as (
    select
        indicators.indicator_id,
        indicators.dimension_id,
        indicators.weight,
        row_number() over (order by indicators.dimension_id, indicators.indicator_id)
            as indicator_slot,
        dense_rank() over (order by indicators.dimension_id) as dimension_slot
    from {{ ref('int_index_indicators_active') }} as indicators
),

dimension_slots as (
    select distinct
        slots.dimension_id,
        slots.dimension_slot,
        dimensions.weight
    from slots
    inner join {{ ref('dimensions') }} as dimensions
        on slots.dimension_id = dimensions.dimension_id
),

published as (
    select
        iso3,
        reference_year
    from {{ ref('int_gpsi_aggregated') }}
    where index_variant = 'headline' and is_published
),

variants as (
    select
        {%- for k in indicator_slots %}
            max(case when slots.indicator_slot = {{ k }} then variants.score end) as s_{{ k }},
        {%- endfor %}
        variants.vintage,
        variants.gap_filling,
        variants.normalisation,
        variants.iso3,
        variants.reference_year
    from {{ ref('int_uncertainty_indicator_variants') }} as variants
    inner join published
        on
            variants.iso3 = published.iso3
            and variants.reference_year = published.reference_year
    inner join slots on variants.indicator_id = slots.indicator_id
    group by
        variants.vintage,
        variants.gap_filling,
        variants.normalisation,
        variants.iso3,
        variants.reference_year
),

draw_parameters as (
    select
        design.draw_id,
        design.assumption_id,
        slots.indicator_slot,
        slots.dimension_slot as indicator_dimension_slot,
        dimension_slots.dimension_slot,
        coalesce(slots.weight, dimension_slots.weight)
        * (1 - method.mc_weight_spread + 2 * method.mc_weight_spread * design.u) as weight
    from {{ ref('int_uncertainty_design') }} as design
    cross join method
    left join slots
        on
            design.subject_id = slots.indicator_id
            and design.assumption_id = 'indicator_weights'
    left join dimension_slots
        on
            design.subject_id = dimension_slots.dimension_id
            and design.assumption_id = 'dimension_weights'
),

weights as (
    select
        {%- for k in indicator_slots %}
            max(case when indicator_slot = {{ k }} then weight end) as w_{{ k }},
            max(case when indicator_slot = {{ k }} then indicator_dimension_slot end)
                as slot_dimension_{{ k }},
        {%- endfor %}
        {%- for j in dimension_slots %}
            max(case when dimension_slot = {{ j }} then weight end) as dw_{{ j }},
        {%- endfor %}
        draw_id
    from draw_parameters
    group by draw_id
),

dimension_scores as (
    select
        {%- for j in dimension_slots %}
            (
                {%- for k in indicator_slots %}
                    {% if not loop.first %}+ {% endif -%}
                    case
                        when
                            weights.slot_dimension_{{ k }} = {{ j }}
                            and variants.s_{{ k }} is not null
                            then weights.w_{{ k }} * variants.s_{{ k }}
                        else 0
                    end
                {%- endfor %}
            ) / nullif(
                {%- for k in indicator_slots %}
                    {% if not loop.first %}+ {% endif -%}
                    case
                        when
                            weights.slot_dimension_{{ k }} = {{ j }}
                            and variants.s_{{ k }} is not null
                            then weights.w_{{ k }}
                        else 0
                    end
                {%- endfor %},
                0
            ) as d_{{ j }},
            weights.dw_{{ j }},
        {%- endfor %}
        draws.draw_id,
        draws.aggregation,
        variants.iso3,
        variants.reference_year
    from {{ ref('int_uncertainty_draws') }} as draws
    inner join weights on draws.draw_id = weights.draw_id
    inner join variants
        on
            draws.vintage = variants.vintage
            and draws.gap_filling = variants.gap_filling
            and draws.normalisation = variants.normalisation
),

sums as (
    select
        dimension_scores.draw_id,
        dimension_scores.iso3,
        dimension_scores.reference_year,
        dimension_scores.aggregation,
        (
            {%- for j in dimension_slots %}
                {% if not loop.first %}+ {% endif -%}
                case
                    when dimension_scores.d_{{ j }} is not null
                        then
                            dimension_scores.dw_{{ j }}
                            * ln(greatest(dimension_scores.d_{{ j }}, method.dimension_score_floor))
                    else 0
                end
            {%- endfor %}
        ) as log_sum,
        (
            {%- for j in dimension_slots %}
                {% if not loop.first %}+ {% endif -%}
                coalesce(dimension_scores.dw_{{ j }} * dimension_scores.d_{{ j }}, 0)
            {%- endfor %}
        ) as weighted_sum,
        (
            {%- for j in dimension_slots %}
                {% if not loop.first %}+ {% endif -%}
                case
                    when dimension_scores.d_{{ j }} is not null then dimension_scores.dw_{{ j }}
                    else 0
                end
            {%- endfor %}
        ) as weight_sum
    from dimension_scores
    cross join method
),

scored as (
    select
        draw_id,
        iso3,
        reference_year,
        case
            when aggregation = 'geometric' then exp(log_sum / weight_sum)
            else weighted_sum / weight_sum
        end as draw_score
    from sums
)

select
    draw_id,
    iso3,
    reference_year,
    draw_score,
    rank() over (partition by draw_id, reference_year order by draw_score desc) as draw_rank
from scored
