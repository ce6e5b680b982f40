{#- The uncertainty and sensitivity analysis of the published country-years, up to each
    draw's ranks: the shared first part of its two summaries, one model per grain,
    int_uncertainty_intervals_summarised (per country-year: rank and score intervals and
    rank variance over the method.mc_draws independent draws, samples A and B) and
    int_uncertainty_sensitivity_summarised (per country-year and assumption: the
    Saltelli-Jansen numerators over the first method.mc_sensitivity_rows rows of A, B and
    the re-runs AB_g, A with g's parameters from B). Each computes the draws it needs
    (`summary`: 'intervals' or 'sensitivity'); dbt builds the two side by side on its two
    threads, in one DuckDB instance whose threads (one per core) the two queries share.
    Every number stays reproducible to the bit on any number of threads: the sums here
    are of integers (ranks) or per-row expressions, and the quantiles sort their inputs.

    Per draw of int_uncertainty_draws: indicator scores of the draw's vintage, gap filling
    and normalisation (int_uncertainty_indicator_variants); dimension score = weighted
    mean of the available indicator scores with the draw's indicator weights; GPSI = the
    draw's aggregation (floored geometric or arithmetic mean, the index's own formulas) of
    the available dimension scores with the draw's dimension weights; its rank among the
    year's published countries in the draw. The millions of per-draw ranks are never
    stored: they are computed, summarised and dropped within each query.

    Set-based and wide: one row per variant and country-year with a column per indicator
    slot, joined to one row per draw with a column per weight, so a draw costs one pass
    over the country-years. Slots are numbered at run time: dimension slot j (dimensions
    by id) and member slot i (the dimension's indicators by id), so column s_j_i always
    belongs to dimension j; an indicator a country-year lacks has score 0 and presence
    m_j_i = 0, so the weighted means are sums of products with no per-row null tests
    (the same floating-point operations as the index's own formulas). The slots are as
    many as the active method needs, read from int_index_indicators_active when the model
    runs (macro compile_time_value): its active dimensions, and the most active
    indicators of one dimension (a dimension with fewer has empty slots, weight 0).

    Year by year on DuckDB: each year's rows carry input_digest, an md5 of everything
    that year's draws read (its variant scores of the published countries, and the
    draws' weights, aggregations and floor). An incremental build recomputes only the
    years whose digest changed (delete+insert by year: CTE stale_years), so a revised
    source that touches a few years costs a few years of draws, and the rows equal a full
    rebuild's (each year's summaries depend only on its inputs). A year no longer
    published is removed by uncertainty_removed_years. Other engines rebuild the table
    whole (Spark's Parquet tables have no delete). -#}
{% macro uncertainty_draws_ranked(summary) %}
{{ config(
    materialized='incremental' if target.type == 'duckdb' else 'table',
    incremental_strategy='delete+insert',
    unique_key='reference_year',
    on_schema_change='fail',
    post_hook="{% if is_incremental() %}delete from {{ this }} where iso3 is null{% endif %}",
) }}
{%- set indicators = ref('int_index_indicators_active') -%}
{%- set per_dimension = '(select dimension_id, count(*) as n from ' ~ indicators
    ~ ' group by dimension_id) as per_dimension' -%}
{#- Without a database (parse, lint): two of each, the least that gives the SQL its full
    shape (a dimension's weight is left out among the others). -#}
{%- set dimension_slots = range(1, compile_time_value(
    indicators, 'select count(*) from ' ~ per_dimension, 2) | int + 1) -%}
{%- set member_slots = range(1, compile_time_value(
    indicators, 'select max(n) from ' ~ per_dimension, 2) | int + 1) -%}
{%- set variant_score_columns = [] -%}
{%- set draw_weight_columns = [] -%}
{%- for j in dimension_slots -%}
    {%- for i in member_slots -%}
        {%- do variant_score_columns.append(
            ", cast(s_" ~ j ~ "_" ~ i ~ " as string), cast(m_" ~ j ~ "_" ~ i ~ " as string)") -%}
        {%- do draw_weight_columns.append(
            ", cast(weights.w_" ~ j ~ "_" ~ i ~ " as string)") -%}
    {%- endfor -%}
    {%- do draw_weight_columns.append(
        ", cast(weights.dw_" ~ j ~ " as string), cast(weights.lo_" ~ j ~ " as string)") -%}
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

{# The published country-years; the variants (inner join below) carry
    the years the var uncertainty_latest_years keeps (int_uncertainty_indicator_variants). #}
published as (
    select
        iso3,
        reference_year
    from {{ ref('int_gpsi_aggregated') }}
    where
        index_variant = 'headline'
        and is_published
),

{# Score 0 and presence 0 where the country-year lacks the indicator. #}
variants as (
    select
        {%- for j in dimension_slots %}
            {%- for i in member_slots %}
                coalesce(max(
                    case
                        when slots.dimension_slot = {{ j }} and slots.member_slot = {{ i }}
                            then variants.score
                    end
                ), 0.0) as s_{{ j }}_{{ i }},
                cast(count(
                    case
                        when slots.dimension_slot = {{ j }} and slots.member_slot = {{ i }}
                            then variants.score
                    end
                ) as double) as m_{{ j }}_{{ i }},
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

{# Countries and assumptions numbered, and the draws' roles coded as numbers: the
    millions of per-draw rows are sorted and grouped on fixed-width columns only. #}
countries as (
    select
        iso3,
        row_number() over (order by iso3) as country_index
    from (select distinct iso3 from published) as published_countries
),

assumptions as (
    select
        assumption_id,
        row_number() over (order by assumption_id) as assumption_index
    from (
        select distinct swapped_assumption_id as assumption_id
        from {{ ref('int_uncertainty_draws') }}
        where swapped_assumption_id is not null
    ) as swapped
),

draw_roles as (
    select
        draws.draw_id,
        draws.vintage,
        draws.gap_filling,
        draws.normalisation,
        draws.aggregation = 'geometric' as is_geometric,
        case draws.sample_matrix when 'A' then 1 when 'B' then 2 else 3 end as sample_code,
        assumptions.assumption_index,
        draws.base_row
    from {{ ref('int_uncertainty_draws') }} as draws
    left join assumptions on draws.swapped_assumption_id = assumptions.assumption_id
    cross join method
    {%- if summary == 'intervals' %}
        where draws.sample_matrix in ('A', 'B')
    {%- else %}
        where draws.sample_matrix = 'AB' or draws.base_row <= method.mc_sensitivity_rows
    {%- endif %}
),

{# Dimension presence dm_j: 1 if the country-year has any of the dimension's indicators. #}
variants_present as (
    select
        variants.*,
        countries.country_index,
        {%- for j in dimension_slots %}
            least(
                {%- for i in member_slots %}
                    {% if not loop.first %}+ {% endif %}m_{{ j }}_{{ i }}
                {%- endfor %},
                1.0
            ) as dm_{{ j }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from variants
    inner join countries on variants.iso3 = countries.iso3
),

draw_parameters as (
    select
        design.draw_id,
        design.assumption_id,
        slots.member_slot,
        slots.dimension_slot as indicator_dimension_slot,
        dimension_slots.dimension_slot,
        coalesce(slots.weight, dimension_slots.weight)
        * (1 - method.mc_weight_spread + 2 * method.mc_weight_spread * design.u) as weight,
        -- the dimension the draw leaves out (assumption dimension_left_out)
        case
            when draws.dimension_left_out = dimension_slots.dimension_id then 1.0 else 0.0
        end as is_left_out
    from {{ ref('int_uncertainty_design') }} as design
    cross join method
    inner join {{ ref('int_uncertainty_draws') }} as draws on design.draw_id = draws.draw_id
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
            coalesce(max(case when dimension_slot = {{ j }} then is_left_out end), 0) as lo_{{ j }},
        {%- endfor %}
        draw_id
    from draw_parameters
    group by draw_id
),

{% if summary == 'sensitivity' -%}
{# A re-run AB_g whose parameters all equal those of its row of A (g's levels happened
    to be drawn alike in A and B) is A's draw again: its ranks equal A's and its terms of
    the numerators are 0, so it is not computed (about a sixth of the re-runs; the
    intervals read no re-run). #}
repeated_draws as (
    select ab.draw_id
    from {{ ref('int_uncertainty_draws') }} as ab
    inner join {{ ref('int_uncertainty_draws') }} as a
        on
            ab.base_row = a.base_row
            and a.sample_matrix = 'A'
    inner join weights as ab_weights on ab.draw_id = ab_weights.draw_id
    inner join weights as a_weights on a.draw_id = a_weights.draw_id
    where
        ab.sample_matrix = 'AB'
        and ab.aggregation = a.aggregation
        and ab.normalisation = a.normalisation
        and ab.gap_filling = a.gap_filling
        and ab.vintage = a.vintage
        {%- for j in dimension_slots %}
            and ab_weights.dw_{{ j }} = a_weights.dw_{{ j }}
            and ab_weights.lo_{{ j }} = a_weights.lo_{{ j }}
            {%- for i in member_slots %}
                and ab_weights.w_{{ j }}_{{ i }} = a_weights.w_{{ j }}_{{ i }}
            {%- endfor %}
        {%- endfor %}
),
{%- endif %}

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

{# d_j: the weighted mean of the present indicator scores (0 if none: then e_j = 0);
    e_j: the dimension's weight if present, else 0; and 0 if the draw leaves it out
    (lo_j) while another dimension is present (a country-year with no other dimension
    keeps it, as gap filling off keeps a country-year's filled values). #}
dimension_scores as (
    select
        {%- for j in dimension_slots %}
            (
                {%- for i in member_slots %}
                    {% if not loop.first %}+ {% endif -%}
                    weights.w_{{ j }}_{{ i }} * variants.s_{{ j }}_{{ i }}
                {%- endfor %}
            ) / (
                {%- for i in member_slots %}
                    {% if not loop.first %}+ {% endif -%}
                    weights.w_{{ j }}_{{ i }} * variants.m_{{ j }}_{{ i }}
                {%- endfor %}
                + (1.0 - variants.dm_{{ j }})
            ) as d_{{ j }},
            weights.dw_{{ j }} * variants.dm_{{ j }} * (1.0 - weights.lo_{{ j }} * least(
                {%- for k in dimension_slots if k != j %}
                    {% if not loop.first %}+ {% endif %}variants.dm_{{ k }}
                {%- endfor %},
                1.0
            )) as e_{{ j }},
        {%- endfor %}
        draws.draw_id,
        draws.is_geometric,
        variants.country_index,
        variants.reference_year
    from draw_roles as draws
    inner join weights on draws.draw_id = weights.draw_id
    inner join variants_present as variants
        on
            draws.vintage = variants.vintage
            and draws.gap_filling = variants.gap_filling
            and draws.normalisation = variants.normalisation
    inner join stale_years on variants.reference_year = stale_years.reference_year
    {%- if summary == 'sensitivity' %}
        where not exists (
            select 1 from repeated_draws
            where repeated_draws.draw_id = draws.draw_id
        )
    {%- endif %}
),

{# The sum of the weights of the dimensions present. #}
weighted as (
    select
        *,
        (
            {%- for j in dimension_slots %}
                {% if not loop.first %}+ {% endif %}e_{{ j }}
            {%- endfor %}
        ) as weight_sum
    from dimension_scores
),

{# Each draw's own aggregation only: the logarithms are not computed for arithmetic
    draws (a searched case evaluates a branch only for the rows that take it). #}
scored as (
    select
        weighted.draw_id,
        weighted.country_index,
        weighted.reference_year,
        case
            when weighted.is_geometric
                then exp((
                    {%- for j in dimension_slots %}
                        {% if not loop.first %}+ {% endif -%}
                        weighted.e_{{ j }} * ln(greatest(
                            weighted.d_{{ j }}, method.dimension_score_floor
                        ))
                    {%- endfor %}
                ) / weighted.weight_sum)
            else (
                {%- for j in dimension_slots %}
                    {% if not loop.first %}+ {% endif -%}
                    weighted.e_{{ j }} * weighted.d_{{ j }}
                {%- endfor %}
            ) / weighted.weight_sum
        end as draw_score
    from weighted
    cross join method
),

{# The per-draw ranks, narrow (the draw's role joins each reader from its few thousand
    rows): at scale they are the step's largest intermediate result; the sensitivity
    summary reads them twice (the A and B ranks, the re-runs' ranks), so holds them. #}
ranked as {{ cte_materialization(summary == 'sensitivity') }} (
    select
        draw_id,
        country_index,
        reference_year,
        draw_score,
        rank() over (
            partition by draw_id, reference_year order by draw_score desc
        ) as draw_rank
    from scored
)
{% endmacro %}

{#- The years an incremental build removes: one tombstone row (null iso3, nulls in
    `columns`) per year built before but no longer published replaces that year's rows
    (delete+insert by year), and the post-hook of uncertainty_draws_ranked deletes it.
    Nothing on a full build. -#}
{% macro uncertainty_removed_years(columns) %}
{%- if is_incremental() %}
    union all
    select
        null as iso3,
        built.reference_year,
        {%- for column in columns %}
            null as {{ column }},
        {%- endfor %}
        null as input_digest
    from (select distinct reference_year from {{ this }}) as built
    where not exists (
        select 1 from year_digests
        where year_digests.reference_year = built.reference_year
    )
{%- endif %}
{% endmacro %}
