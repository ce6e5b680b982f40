{#- Each active dimension's influence on the headline GPSI, per year: its Pearson
    correlation with the index over the ranked countries, its effective weight (its share
    of the index's variance: r squared, normalised over the active dimensions) and its
    nominal weight share. ratio = effective / nominal; the method caps it in the reported
    year at method.max_effective_weight_ratio (test
    assert_no_dimension_dominates_the_reported_year). -#}
with

dimensions as (
    select * from {{ ref('dimensions') }}
    where is_active
),

gpsi as (
    select * from {{ ref('int_gpsi_aggregated') }}
    where index_variant = 'headline' and is_published
),

paired as (
    select
        scores.dimension_id,
        scores.reference_year,
        scores.score,
        gpsi.gpsi_score
    from {{ ref('int_dimension_scores_aggregated') }} as scores
    inner join gpsi
        on
            scores.iso3 = gpsi.iso3
            and scores.reference_year = gpsi.reference_year
    where scores.is_covered
),

correlations as (
    select
        dimension_id,
        reference_year,
        count(*) as countries_paired,
        {{ exact_corr('score', 'gpsi_score') }} as correlation_with_gpsi
    from paired
    group by dimension_id, reference_year
),

shares as (
    select
        correlations.*,
        power(correlations.correlation_with_gpsi, 2)
        / {{ exact_sum(
            'power(correlations.correlation_with_gpsi, 2)',
            '(partition by correlations.reference_year)'
        ) }} as effective_weight,
        dimensions.weight
        / {{ exact_sum('dimensions.weight', '(partition by correlations.reference_year)') }}
            as nominal_weight
    from correlations
    inner join dimensions on correlations.dimension_id = dimensions.dimension_id
)

select
    dimension_id,
    reference_year,
    countries_paired,
    correlation_with_gpsi,
    effective_weight,
    nominal_weight,
    effective_weight / nominal_weight as effective_to_nominal_ratio
from shares
