{#- One row per country, year and active indicator of the panel: the raw value, its
    treatment, its 0-100 score and how it was obtained (value_status). `score` is null
    exactly where the value is not used: the value is missing, or its dimension does
    not meet its coverage rule that year. -#}
with

filled as (
    select * from {{ ref('int_index_values_filled') }}
),

scores as (
    select * from {{ ref('int_indicator_scores_normalised') }}
),

indicators as (
    select * from {{ ref('int_index_indicators_active') }}
),

dimension_scores as (
    select * from {{ ref('int_dimension_scores_aggregated') }}
),

method as (
    select * from {{ ref('method') }}
),

reported as (
    select reported_year from {{ ref('int_reported_year') }}
),

mart_rows as (
    select
        filled.iso3,
        filled.reference_year as year,
        filled.indicator_id,
        indicators.dimension_id,
        filled.value_status,
        filled.value as raw_value,
        scores.treated_value,
        scores.treated_transformed_value as transformed_value,
        scores.normalised_score,
        case when coalesce(dimension_scores.is_covered, false) then scores.normalised_score end
            as score,
        coalesce(dimension_scores.is_covered, false) and scores.normalised_score is not null
            as is_used,
        coalesce(scores.is_winsorised, false) as is_winsorised,
        scores.winsorisation_steps,
        coalesce(scores.is_outlier_unresolved, false) as is_outlier_unresolved,
        coalesce(scores.is_clamped, false) as is_clamped,
        filled.source_id,
        filled.series_key,
        filled.source_year,
        filled.next_source_year,
        filled.source_file,
        filled.source_row,
        method.method_version
    from filled
    inner join indicators on filled.indicator_id = indicators.indicator_id
    left join scores
        on
            filled.iso3 = scores.iso3
            and filled.reference_year = scores.reference_year
            and filled.indicator_id = scores.indicator_id
    left join dimension_scores
        on
            filled.iso3 = dimension_scores.iso3
            and filled.reference_year = dimension_scores.reference_year
            and indicators.dimension_id = dimension_scores.dimension_id
    cross join method
)

select
    mart_rows.*,
    -- a year after the reported one rests mostly on carried values: provisional
    mart_rows.year > reported.reported_year as is_provisional
from mart_rows
cross join reported
