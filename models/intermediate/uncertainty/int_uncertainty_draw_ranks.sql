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
{#- Year by year on DuckDB: each year's rows carry input_digest, an md5 of everything
    that year's draws read (its variant scores of the published countries, and the
    draws' weights, aggregations and floor). An incremental build recomputes only the
    years whose digest changed (delete+insert by year), so a revised source that touches
    a few years costs a few years of draws, and the rows equal a full rebuild's (each
    year's draws depend only on its inputs); the rows rewritten carry the invocation_id
    of the dbt run, which is how fct_gpsi_uncertainty and fct_sensitivity know which
    years to recompute in turn. A year no longer published is removed: it
    is sent as one tombstone row (null draw) that replaces the year's rows, and the
    post-hook deletes the tombstone. Other engines rebuild the table whole (Spark's
    Parquet tables have no delete). -#}
{{ config(
    materialized='incremental' if target.type == 'duckdb' else 'table',
    incremental_strategy='delete+insert',
    unique_key='reference_year',
    on_schema_change='fail',
    post_hook="{% if is_incremental() %}delete from {{ this }} where draw_id is null{% endif %}",
) }}
{%- set dimension_slots = range(1, var('uncertainty_dimension_slots') + 1) -%}
{%- set member_slots = range(1, var('uncertainty_member_slots') + 1) -%}
{%- set variant_score_columns = [] -%}
{%- set draw_weight_columns = [] -%}
{%- for j in dimension_slots -%}
    {%- for i in member_slots -%}
        {%- do variant_score_columns.append(
            ", coalesce(cast(s_" ~ j ~ "_" ~ i ~ " as string), '-')") -%}
        {%- do draw_weight_columns.append(
            ", cast(weights.w_" ~ j ~ "_" ~ i ~ " as string)") -%}
    {%- endfor -%}
    {%- do draw_weight_columns.append(", cast(weights.dw_" ~ j ~ " as string)") -%}
{%- endfor -%}
{%- set variant_score_columns = variant_score_columns | join('') -%}
{%- set draw_weight_columns = draw_weight_columns | join('') %}
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

{# What each year's draws read, as text: a change anywhere changes the digest. #}
year_inputs as (
    select
        reference_year,
        {{ string_agg_ordered(
            "concat_ws('|', iso3, vintage, gap_filling, normalisation"
            ~ variant_score_columns ~ ")",
            "';'",
            'iso3, vintage, gap_filling, normalisation',
        ) }} as year_text
    from variants
    group by reference_year
),

draw_inputs as (
    select
        md5({{ string_agg_ordered(
            "concat_ws('|', cast(draws.draw_id as string), draws.vintage, draws.gap_filling, "
            ~ "draws.normalisation, draws.aggregation" ~ draw_weight_columns ~ ")",
            "';'",
            'draws.draw_id',
        ) }} || '|' || cast(max(method.dimension_score_floor) as string)) as draws_digest
    from {{ ref('int_uncertainty_draws') }} as draws
    inner join weights on draws.draw_id = weights.draw_id
    cross join method
),

year_digests as (
    select
        year_inputs.reference_year,
        md5(md5(year_inputs.year_text) || draw_inputs.draws_digest) as input_digest
    from year_inputs
    cross join draw_inputs
),

stale_years as (
    select
        reference_year,
        input_digest
    from year_digests
    {%- if is_incremental() %}
        where not exists (
            select 1
            from {{ this }} as built
            where
                built.reference_year = year_digests.reference_year
                and built.input_digest = year_digests.input_digest
        )
    {%- endif %}
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
    inner join stale_years on variants.reference_year = stale_years.reference_year
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
    scored.draw_id,
    scored.iso3,
    scored.reference_year,
    scored.draw_score,
    rank() over (
        partition by scored.draw_id, scored.reference_year order by scored.draw_score desc
    ) as draw_rank,
    stale_years.input_digest,
    '{{ invocation_id }}' as invocation_id
from scored
inner join stale_years on scored.reference_year = stale_years.reference_year
{%- if is_incremental() %}
    union all
    select
        null as draw_id,
        null as iso3,
        built.reference_year,
        null as draw_score,
        null as draw_rank,
        null as input_digest,
        '{{ invocation_id }}' as invocation_id
    from (select distinct reference_year from {{ this }}) as built
    where not exists (
        select 1 from year_digests
        where year_digests.reference_year = built.reference_year
    )
{%- endif %}
