{#- The GPSI of every published country-year (headline index) recomputed in every draw
    of int_uncertainty_draws, and its rank among that year's published countries.
    Per draw: indicator scores of the draw's vintage, gap filling and normalisation
    (int_uncertainty_indicator_variants); dimension score = weighted mean of the
    available indicator scores with the draw's indicator weights; GPSI = the draw's
    aggregation (floored geometric or arithmetic mean, the index's own formulas) of the
    available dimension scores with the draw's dimension weights (greatest() skips nulls
    in DuckDB, so an absent dimension is excluded explicitly, not through the floor). Set-based and wide: one
    row per variant and country-year with a column per indicator, joined to one row per
    draw with a column per weight, so a draw costs one pass over the country-years. -#}
{%- set indicators = [] -%}
{%- set dimensions = {} -%}
{%- if execute -%}
    {%- set found = run_query(
        "select indicator_id, dimension_id from " ~ ref('int_index_indicators_active')
        ~ " order by dimension_id, indicator_id"
    ) -%}
    {%- for row in found.rows -%}
        {%- do indicators.append(row[0]) -%}
        {%- do dimensions.setdefault(row[1], []).append(row[0]) -%}
    {%- endfor -%}
{%- endif %}
with

method as (
    select * from {{ ref('method') }}
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
        variants.vintage,
        variants.gap_filling,
        variants.normalisation,
        variants.iso3,
        variants.reference_year
        {%- for indicator in indicators %},
        max(case when variants.indicator_id = '{{ indicator }}' then variants.score end)
            as s_{{ indicator }}
        {%- endfor %}
    from {{ ref('int_uncertainty_indicator_variants') }} as variants
    inner join published
        on
            variants.iso3 = published.iso3
            and variants.reference_year = published.reference_year
    group by
        variants.vintage,
        variants.gap_filling,
        variants.normalisation,
        variants.iso3,
        variants.reference_year
),

weights as (
    select
        design.draw_id
        {%- for indicator in indicators %},
        max(
            case
                when design.parameter_id = 'indicator_weight:{{ indicator }}'
                    then indicators.weight
                    * (1 - method.mc_weight_spread + 2 * method.mc_weight_spread * design.u)
            end
        ) as w_{{ indicator }}
        {%- endfor %}
        {%- for dimension in dimensions %},
        max(
            case
                when design.parameter_id = 'dimension_weight:{{ dimension }}'
                    then dimensions.weight
                    * (1 - method.mc_weight_spread + 2 * method.mc_weight_spread * design.u)
            end
        ) as dw_{{ dimension }}
        {%- endfor %}
    from {{ ref('int_uncertainty_design') }} as design
    cross join method
    left join {{ ref('int_index_indicators_active') }} as indicators
        on design.subject_id = indicators.indicator_id and design.assumption_id = 'indicator_weights'
    left join {{ ref('dimensions') }} as dimensions
        on design.subject_id = dimensions.dimension_id and design.assumption_id = 'dimension_weights'
    group by design.draw_id
),

dimension_scores as (
    select
        draws.draw_id,
        draws.aggregation,
        variants.iso3,
        variants.reference_year
        {%- for dimension, members in dimensions.items() %},
        (
            {%- for indicator in members %}
            {% if not loop.first %}+ {% endif %}coalesce(weights.w_{{ indicator }} * variants.s_{{ indicator }}, 0)
            {%- endfor %}
        ) / nullif(
            {%- for indicator in members %}
            {% if not loop.first %}+ {% endif %}case when variants.s_{{ indicator }} is not null then weights.w_{{ indicator }} else 0 end
            {%- endfor %}, 0
        ) as d_{{ dimension }},
        weights.dw_{{ dimension }}
        {%- endfor %}
    from {{ ref('int_uncertainty_draws') }} as draws
    inner join weights on draws.draw_id = weights.draw_id
    inner join variants
        on
            draws.vintage = variants.vintage
            and draws.gap_filling = variants.gap_filling
            and draws.normalisation = variants.normalisation
),

scored as (
    select
        dimension_scores.draw_id,
        dimension_scores.iso3,
        dimension_scores.reference_year,
        case
            when dimension_scores.aggregation = 'geometric'
                then exp(
                    (
                        {%- for dimension in dimensions %}
                        {% if not loop.first %}+ {% endif %}case when d_{{ dimension }} is not null then dw_{{ dimension }} * ln(greatest(d_{{ dimension }}, method.dimension_score_floor)) else 0 end
                        {%- endfor %}
                    ) / (
                        {%- for dimension in dimensions %}
                        {% if not loop.first %}+ {% endif %}case when d_{{ dimension }} is not null then dw_{{ dimension }} else 0 end
                        {%- endfor %}
                    )
                )
            else (
                {%- for dimension in dimensions %}
                {% if not loop.first %}+ {% endif %}coalesce(dw_{{ dimension }} * d_{{ dimension }}, 0)
                {%- endfor %}
            ) / (
                {%- for dimension in dimensions %}
                {% if not loop.first %}+ {% endif %}case when d_{{ dimension }} is not null then dw_{{ dimension }} else 0 end
                {%- endfor %}
            )
        end as draw_score
    from dimension_scores
    cross join method
)

select
    draw_id,
    iso3,
    reference_year,
    draw_score,
    rank() over (partition by draw_id, reference_year order by draw_score desc) as draw_rank
from scored
