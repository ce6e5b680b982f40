{#- The headline index's change from the previous year, chain-linked: like for like.
    For each country and year, the dimensions re-aggregated on the indicator values that
    are comparable with the previous year's (int_dimension_changes_linked: same indicator,
    same series) are aggregated for both years exactly as the index is (floored weighted
    geometric mean of the dimensions, with at least method.min_dimensions of them), so the
    change excludes every new edition, vintage, source or indicator, the way chain-linked
    price indices compare one basket in two consecutive periods. Where nothing changed in
    the basis the linked change is the published change; the difference between the two
    is the part of a change that comes from source changes (fct_gpsi). Also the mean data
    year of the values behind each country-year's score (the indicators of its covered
    dimensions). -#}
with

method as (
    select * from {{ ref('method') }}
),

dimensions as (
    select * from {{ ref('dimensions') }}
    where is_active
),

scores as (
    select
        iso3,
        reference_year,
        dimension_id,
        source_year
    from {{ ref('int_indicator_scores_normalised') }}
    where normalised_score is not null
),

covered_pairs as (
    select * from {{ ref('int_dimension_changes_linked') }}
),

index_pairs as (
    select
        covered_pairs.iso3,
        covered_pairs.reference_year,
        count(*) as dimensions_linked,
        max(method.min_dimensions) as min_dimensions,
        {{ floored_geometric_mean(
            'covered_pairs.current_score', 'dimensions.weight', 'method.dimension_score_floor'
        ) }} as current_score,
        {{ floored_geometric_mean(
            'covered_pairs.previous_score', 'dimensions.weight', 'method.dimension_score_floor'
        ) }} as previous_score
    from covered_pairs
    inner join dimensions on covered_pairs.dimension_id = dimensions.dimension_id
    cross join method
    group by covered_pairs.iso3, covered_pairs.reference_year
),

covered_dimensions as (
    select
        iso3,
        reference_year,
        dimension_id
    from {{ ref('int_dimension_scores_aggregated') }}
    where is_covered
),

data_years as (
    select
        scores.iso3,
        scores.reference_year,
        {{ exact_sum('scores.source_year') }} / count(*) as mean_data_year
    from scores
    inner join covered_dimensions
        on
            scores.iso3 = covered_dimensions.iso3
            and scores.reference_year = covered_dimensions.reference_year
            and scores.dimension_id = covered_dimensions.dimension_id
    group by scores.iso3, scores.reference_year
)

select
    data_years.iso3,
    data_years.reference_year,
    data_years.mean_data_year,
    coalesce(index_pairs.dimensions_linked, 0) as dimensions_linked,
    case
        when index_pairs.dimensions_linked >= index_pairs.min_dimensions
            then index_pairs.current_score - index_pairs.previous_score
    end as linked_change
from data_years
left join index_pairs
    on
        data_years.iso3 = index_pairs.iso3
        and data_years.reference_year = index_pairs.reference_year
