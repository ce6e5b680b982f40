{#- The series the forecasts learn from, one row per subject, country and year, on the
    0-100 score scale (100 = most secure; scores are linear in the transformed value, so
    log-transformed rates are forecast on the log scale):
    - indicator:<id>: the indicator's score in years it was observed (filled values
      would teach a model that nothing changes);
    - dimension:<id> and gpsi (the headline index): the score in years whose imputed
      share is at most method.latest_year_max_imputed_share (the rule that picks the
      reported year), so mostly carried-forward years do not count as observations. -#}
with

method as (
    select * from {{ ref('method') }}
),

indicators as (
    select
        'indicator:' || indicator_id as subject_id,
        'indicator' as subject_type,
        iso3,
        reference_year as year,
        normalised_score as y
    from {{ ref('int_indicator_scores_normalised') }}
    where value_status = 'observed' and normalised_score is not null
),

dimensions as (
    select
        'dimension:' || dimension_scores.dimension_id as subject_id,
        'dimension' as subject_type,
        dimension_scores.iso3,
        dimension_scores.reference_year as year,
        dimension_scores.score as y
    from {{ ref('int_dimension_scores_aggregated') }} as dimension_scores
    cross join method
    where
        dimension_scores.is_covered
        and dimension_scores.imputed_share <= method.latest_year_max_imputed_share
),

index_scores as (
    select
        'gpsi' as subject_id,
        'index' as subject_type,
        gpsi.iso3,
        gpsi.reference_year as year,
        gpsi.gpsi_score as y
    from {{ ref('int_gpsi_aggregated') }} as gpsi
    cross join method
    where
        gpsi.index_variant = 'headline'
        and gpsi.is_published
        and gpsi.imputed_share <= method.latest_year_max_imputed_share
)

select * from indicators
union all
select * from dimensions
union all
select * from index_scores
