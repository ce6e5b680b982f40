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
    pass over the country-years. The columns are slots numbered at run time: dimension
    slot j (dimensions by id) and member slot i (the dimension's indicators by id), so
    column s_j_i always belongs to dimension j and a dimension score reads only its own
    slots (no per-row test of which dimension a slot belongs to). Nothing is queried at
    compile time; vars uncertainty_dimension_slots / uncertainty_member_slots set the
    capacity and a test fails the build if the method outgrows it. Unused slots carry
    weight 0 and no score. -#}
{%- set dimension_slots = range(1, var('uncertainty_dimension_slots') + 1) -%}
{%- set member_slots = range(1, var('uncertainty_member_slots') + 1) %}
with

method as (
    select * from {{ ref('method') }}
),

slots as (
    select
        indicators.indicator_id,
        indicators.dimension_id,
        indicators.weight,
        row_number() over (
            partition by indicators.dimension_id order by indicators.indicator_id
        ) as member_slot,
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

{# Every published country-year; the variants (inner join below) carry the years the
    var uncertainty_latest_years keeps (int_uncertainty_indicator_variants). #}
published as (
    select
        iso3,
        reference_year
    from {{ ref('int_gpsi_aggregated') }}
    where index_variant = 'headline' and is_published
),

variants as (
    select
        {%- for j in dimension_slots %}
            {%- for i in member_slots %}
                max(
                    case
                        when slots.dimension_slot = {{ j }} and slots.member_slot = {{ i }}
                            then variants.score
                    end
                ) as s_{{ j }}_{{ i }},
            {%- endfor %}
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
        slots.member_slot,
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
        {%- for j in dimension_slots %}
            {%- for i in member_slots %}
                coalesce(
                    max(
                        case
                            when indicator_dimension_slot = {{ j }} and member_slot = {{ i }}
                                then weight
                        end
                    ),
                    0
                ) as w_{{ j }}_{{ i }},
            {%- endfor %}
            coalesce(max(case when dimension_slot = {{ j }} then weight end), 0) as dw_{{ j }},
        {%- endfor %}
        draw_id
    from draw_parameters
    group by draw_id
),

dimension_scores as (
    select
        {%- for j in dimension_slots %}
            (
                {%- for i in member_slots %}
                    {% if not loop.first %}+ {% endif -%}
                    coalesce(weights.w_{{ j }}_{{ i }} * variants.s_{{ j }}_{{ i }}, 0)
                {%- endfor %}
            ) / nullif(
                {%- for i in member_slots %}
                    {% if not loop.first %}+ {% endif -%}
                    case
                        when variants.s_{{ j }}_{{ i }} is not null then weights.w_{{ j }}_{{ i }}
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

weight_sums as (
    select
        *,
        (
            {%- for j in dimension_slots %}
                {% if not loop.first %}+ {% endif -%}
                case when d_{{ j }} is not null then dw_{{ j }} else 0 end
            {%- endfor %}
        ) as weight_sum
    from dimension_scores
),

{# Each draw's own aggregation only: the logarithms are not computed for arithmetic
    draws (a searched case evaluates a branch only for the rows that take it). #}
scored as (
    select
        weight_sums.draw_id,
        weight_sums.iso3,
        weight_sums.reference_year,
        case
            when weight_sums.aggregation = 'geometric'
                then exp((
                    {%- for j in dimension_slots %}
                        {% if not loop.first %}+ {% endif -%}
                        case
                            when weight_sums.d_{{ j }} is not null
                                then
                                    weight_sums.dw_{{ j }} * ln(greatest(
                                        weight_sums.d_{{ j }}, method.dimension_score_floor
                                    ))
                            else 0
                        end
                    {%- endfor %}
                ) / weight_sums.weight_sum)
            else (
                {%- for j in dimension_slots %}
                    {% if not loop.first %}+ {% endif -%}
                    coalesce(weight_sums.dw_{{ j }} * weight_sums.d_{{ j }}, 0)
                {%- endfor %}
            ) / weight_sums.weight_sum
        end as draw_score
    from weight_sums
    cross join method
)

select
    draw_id,
    iso3,
    reference_year,
    draw_score,
    rank() over (partition by draw_id, reference_year order by draw_score desc) as draw_rank
from scored
