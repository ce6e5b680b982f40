{#- The overall index per country, year and index variant, over the covered
    dimensions of the variant:
    - headline: every active dimension of seeds/method/dimensions.csv, published with at least
      method.min_dimensions of them covered;
    - founding: the four dimensions of the founding statement (is_founding), published
      with at least method.founding_min_dimensions covered, so users can follow the
      original index beside the headline one.
    Scores:
    - gpsi_score: weighted geometric mean exp(sum(w * ln(max(s, floor))) / sum(w)), each
      dimension score floored at method.dimension_score_floor, so one collapsed
      dimension pulls the index down without deciding it alone;
    - gpsi_score_arithmetic: weighted arithmetic mean, published beside it.
    imputed_share = the share of the index's weight resting on carried-forward or
    interpolated values. series_basis = the dimension/indicator/series combination the
    score rests on (compared year to year in fct_gpsi to flag structural breaks). -#}
with

method as (
    select * from {{ ref('method') }}
),

dimensions as (
    select * from {{ ref('dimensions') }}
    where is_active
),

variants as (
    select
        dimensions.dimension_id,
        dimensions.weight,
        'headline' as index_variant,
        method.min_dimensions
    from dimensions
    cross join method
    union all
    select
        dimensions.dimension_id,
        dimensions.weight,
        'founding' as index_variant,
        method.founding_min_dimensions as min_dimensions
    from dimensions
    cross join method
    where dimensions.is_founding
),

variant_sizes as (
    select
        index_variant,
        count(*) as dimensions_active
    from variants
    group by index_variant
),

dimension_scores as (
    select * from {{ ref('int_dimension_scores_aggregated') }}
    where is_covered
),

aggregated as (
    select
        dimension_scores.iso3,
        dimension_scores.reference_year,
        variants.index_variant,
        max(variants.min_dimensions) as min_dimensions,
        count(*) as dimensions_covered,
        {{ floored_geometric_mean(
            'dimension_scores.score', 'variants.weight', 'method.dimension_score_floor'
        ) }} as geometric_mean,
        {{ weighted_mean('dimension_scores.score', 'variants.weight') }} as arithmetic_mean,
        {{ weighted_mean('dimension_scores.imputed_share', 'variants.weight') }}
            as imputed_share,
        min(dimension_scores.score) as lowest_dimension_score,
        {{ string_agg_ordered(
            "dimension_scores.dimension_id || '[' || dimension_scores.series_basis || ']'",
            "' '", 'dimension_scores.dimension_id'
        ) }} as series_basis
    from dimension_scores
    inner join variants on dimension_scores.dimension_id = variants.dimension_id
    cross join method
    group by dimension_scores.iso3, dimension_scores.reference_year, variants.index_variant
)

select
    aggregated.iso3,
    aggregated.reference_year,
    aggregated.index_variant,
    aggregated.dimensions_covered,
    variant_sizes.dimensions_active,
    aggregated.dimensions_covered >= aggregated.min_dimensions as is_published,
    case
        when aggregated.dimensions_covered >= aggregated.min_dimensions
            then aggregated.geometric_mean
    end as gpsi_score,
    case
        when aggregated.dimensions_covered >= aggregated.min_dimensions
            then aggregated.arithmetic_mean
    end as gpsi_score_arithmetic,
    aggregated.imputed_share,
    aggregated.lowest_dimension_score,
    aggregated.series_basis,
    method.method_version
from aggregated
inner join variant_sizes on aggregated.index_variant = variant_sizes.index_variant
cross join method
