{#- The series the forecasts learn from, one row per subject, country and year, on the
    0-100 score scale (100 = most secure; scores are linear in the transformed value, so
    log-transformed rates are forecast on the log scale), comparable over time:
    - indicator:<id>: the indicator's score in years it was observed (filled values
      would teach a model that nothing changes), on the series (source and edition) of
      its latest observation only: an older edition or vintage is another measurement;
    - dimension:<id> and gpsi (the headline index): chain-linked levels. The latest year
      whose imputed share is at most method.latest_year_max_imputed_share (the rule that
      picks the reported year) keeps its published score; each earlier year is that
      score minus the linked changes since (int_dimension_changes_linked,
      int_gpsi_changes_linked: like for like), back to the first change that is not
      comparable: for the index, a year without a published linked change (its
      change_from_previous_year); for a dimension, also a change of composition (an
      indicator entering or leaving), across which a chain of one-indicator subsets
      drifted off the score scale (Palau's public order reached 148). The index
      aggregates at least five dimensions, so its chain stays on the scale (tested:
      every level is within 0-100). Years over the imputed-share
      limit are chained through but are not observations. So a new source edition moves
      the whole series, never its trend. -#}
with

method as (
    select * from {{ ref('method') }}
),

indicator_scores as (
    select
        iso3,
        indicator_id,
        reference_year,
        normalised_score,
        series_key,
        first_value(series_key) over (
            partition by iso3, indicator_id order by reference_year desc
        ) as latest_series_key
    from {{ ref('int_indicator_scores_normalised') }}
    where value_status = 'observed' and normalised_score is not null
),

indicators as (
    select
        'indicator:' || indicator_id as subject_id,
        'indicator' as subject_type,
        iso3,
        reference_year as year,
        normalised_score as y
    from indicator_scores
    where series_key = latest_series_key
),

levels as (
    select
        'dimension:' || scores.dimension_id as subject_id,
        'dimension' as subject_type,
        scores.iso3,
        scores.reference_year as year,
        scores.score as published,
        case when changes.is_same_composition then changes.linked_change end
            as linked_change,
        scores.imputed_share <= method.latest_year_max_imputed_share as is_kept
    from {{ ref('int_dimension_scores_aggregated') }} as scores
    cross join method
    left join {{ ref('int_dimension_changes_linked') }} as changes
        on
            scores.iso3 = changes.iso3
            and scores.reference_year = changes.reference_year
            and scores.dimension_id = changes.dimension_id
    where scores.is_covered
    union all
    select
        'gpsi' as subject_id,
        'index' as subject_type,
        gpsi.iso3,
        gpsi.reference_year as year,
        gpsi.gpsi_score as published,
        changes.linked_change,
        gpsi.imputed_share <= method.latest_year_max_imputed_share as is_kept
    from {{ ref('int_gpsi_aggregated') }} as gpsi
    cross join method
    left join {{ ref('int_gpsi_changes_linked') }} as changes
        on
            gpsi.iso3 = changes.iso3
            and gpsi.reference_year = changes.reference_year
    where gpsi.index_variant = 'headline' and gpsi.is_published
),

anchored as (
    select
        levels.*,
        max(case when levels.is_kept then levels.year end)
            over (partition by levels.subject_id, levels.iso3)
            as anchor_year
    from levels
),

chained as (
    select
        anchored.*,
        max(case when anchored.year = anchored.anchor_year then anchored.published end)
            over (partition by anchored.subject_id, anchored.iso3)
            as anchor_score,
        sum(case when anchored.year <= anchored.anchor_year then anchored.linked_change end)
            over (
                partition by anchored.subject_id, anchored.iso3 order by anchored.year
                rows between 1 following and unbounded following
            )
            as change_since,
        sum(
            case
                when anchored.year <= anchored.anchor_year and anchored.linked_change is null
                    then 1
                else 0
            end
        )
            over (
                partition by anchored.subject_id, anchored.iso3 order by anchored.year
                rows between 1 following and unbounded following
            )
            as breaks_since
    from anchored
),

linked as (
    select
        subject_id,
        subject_type,
        iso3,
        year,
        anchor_score - coalesce(change_since, 0) as y
    from chained
    where is_kept and year <= anchor_year and coalesce(breaks_since, 0) = 0
)

select * from indicators
union all
select * from linked
