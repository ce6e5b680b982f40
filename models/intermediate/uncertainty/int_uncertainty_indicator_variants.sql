{#- Every indicator score of the index under every combination of the discrete
    assumptions that act on indicators (seeds/method/uncertainty_levels.csv):
    - vintage: nominal (the index's own values), or alternate: for the indicators of
      seeds/method/uncertainty_vintages.csv, the alternate source's observed value,
      transformed like the nominal one, wherever it has one;
    - gap_filling: on (observed, interpolated and carried-forward values), or off
      (observed values only; a country-year with no observed value at all keeps its
      filled values, so every published country-year is scored in every draw);
    - normalisation: goalposts (the index's own formula), min_max (per indicator and
      year over the countries with a value) or z_score (method.zscore_centre +
      method.zscore_scale * z, clamped to 0-100); 100 = most secure in each.
    The var uncertainty_latest_years (null: every year) limits them to the latest N
    published years. A view: each summary of the uncertainty step (macro
    uncertainty_draws_ranked) computes the variants of the years it recomputes (the year
    filter reaches through every window here, all partitioned by year), and nothing
    waits for a table of half a million rows to be written. -#}
{{ config(materialized='view') }}
{%- set latest_years = var('uncertainty_latest_years') %}
with

method as (
    select * from {{ ref('method') }}
),

latest_published as (
    select max(reference_year) as latest_year
    from {{ ref('int_gpsi_aggregated') }}
    where index_variant = 'headline' and is_published
),

nominal as (
    select
        scores.iso3,
        scores.reference_year,
        scores.indicator_id,
        scores.dimension_id,
        scores.direction,
        scores.goalpost_low,
        scores.goalpost_high,
        scores.transformation,
        scores.value_status,
        scores.treated_transformed_value as transformed_value
    from {{ ref('int_indicator_scores_normalised') }} as scores
    cross join latest_published
    where
        scores.normalised_score is not null
        and coalesce(
            scores.reference_year
            > latest_published.latest_year
            - {{ latest_years if latest_years is not none else 'null' }},
            true
        )
),

alternate_values as (
    select
        observations.iso3,
        observations.reference_year,
        observations.indicator_id,
        observations.value
    from {{ ref('int_indicator_observations') }} as observations
    inner join {{ ref('uncertainty_vintages') }} as vintages
        on
            observations.indicator_id = vintages.indicator_id
            and observations.source_id = vintages.alternate_source_id
    where observations.value is not null
),

by_vintage as (
    select
        'nominal' as vintage,
        nominal.*
    from nominal
    union all
    select
        'alternate' as vintage,
        nominal.iso3,
        nominal.reference_year,
        nominal.indicator_id,
        nominal.dimension_id,
        nominal.direction,
        nominal.goalpost_low,
        nominal.goalpost_high,
        nominal.transformation,
        case when alternate_values.value is not null then 'observed' else nominal.value_status end
            as value_status,
        coalesce(
            {{ apply_transformation('alternate_values.value', 'nominal.transformation') }},
            nominal.transformed_value
        ) as transformed_value
    from nominal
    left join alternate_values
        on
            nominal.iso3 = alternate_values.iso3
            and nominal.reference_year = alternate_values.reference_year
            and nominal.indicator_id = alternate_values.indicator_id
),

observed_country_years as (
    select distinct
        vintage,
        iso3,
        reference_year
    from by_vintage
    where value_status = 'observed'
),

by_gap_filling as (
    select
        'on' as gap_filling,
        by_vintage.*
    from by_vintage
    union all
    select
        'off' as gap_filling,
        by_vintage.*
    from by_vintage
    left join observed_country_years
        on
            by_vintage.vintage = observed_country_years.vintage
            and by_vintage.iso3 = observed_country_years.iso3
            and by_vintage.reference_year = observed_country_years.reference_year
    where by_vintage.value_status = 'observed' or observed_country_years.iso3 is null
),

with_moments as (
    select
        *,
        min(transformed_value) over year_values as year_min,
        max(transformed_value) over year_values as year_max,
        {{ exact_avg('transformed_value', 'year_values') }} as year_mean,
        {{ exact_stddev_samp('transformed_value', 'year_values') }} as year_sd,
        {{ apply_transformation('goalpost_low', 'transformation') }} as low_transformed,
        {{ apply_transformation('goalpost_high', 'transformation') }} as high_transformed
    from by_gap_filling
    window year_values as (partition by vintage, gap_filling, indicator_id, reference_year)
),

positions as (
    select
        with_moments.*,
        least(greatest(
            100.0
            * (with_moments.transformed_value - with_moments.low_transformed)
            / (with_moments.high_transformed - with_moments.low_transformed),
            0.0
        ), 100.0) as goalposts_position,
        case
            when with_moments.year_max > with_moments.year_min
                then least(greatest(
                    100.0
                    * (with_moments.transformed_value - with_moments.year_min)
                    / (with_moments.year_max - with_moments.year_min),
                    0.0
                ), 100.0)
            else 50.0
        end as min_max_position,
        least(greatest(
            method.zscore_centre
            + method.zscore_scale
            * coalesce(
                (with_moments.transformed_value - with_moments.year_mean)
                / nullif(with_moments.year_sd, 0),
                0.0
            ),
            0.0
        ), 100.0) as z_score_position
    from with_moments
    cross join method
),

by_normalisation as (
    select
        positions.*,
        'goalposts' as normalisation,
        positions.goalposts_position as position_score
    from positions
    union all
    select
        positions.*,
        'min_max' as normalisation,
        positions.min_max_position as position_score
    from positions
    union all
    select
        positions.*,
        'z_score' as normalisation,
        positions.z_score_position as position_score
    from positions
)

select
    vintage,
    gap_filling,
    normalisation,
    iso3,
    reference_year,
    indicator_id,
    dimension_id,
    case when direction = -1 then 100.0 - position_score else position_score end as score
from by_normalisation
