{#- The social stability dimension's recent history, per country and year, on its
    chain-linked changes (like for like: a change of composition is not a change): its score,
    its change from the year before, the volatility and the largest fall of its changes over
    the five years to the year, its lowest score of the three years to the year, and the
    year of its last sharp fall (the social_stability_fall target's threshold). -#}
with

targets as (
    select * from {{ ref('early_warning_targets') }}
),

stability as (
    select
        scores.iso3,
        scores.reference_year as year,
        scores.score,
        case when changes.is_same_composition then changes.linked_change end as linked_change,
        case when changes.is_same_composition then -changes.linked_change end as fall
    from {{ ref('int_dimension_scores_aggregated') }} as scores
    left join {{ ref('int_dimension_changes_linked') }} as changes
        on
            scores.iso3 = changes.iso3
            and scores.reference_year = changes.reference_year
            and scores.dimension_id = changes.dimension_id
    where scores.dimension_id = 'social_stability' and scores.is_covered
),

stability_history as (
    select
        stability.iso3,
        stability.year,
        stability.score as social_stability_score,
        stability.linked_change as social_stability_change,
        stddev_samp(stability.fall) over (
            partition by stability.iso3 order by stability.year
            range between 4 preceding and current row
        ) as social_stability_volatility5,
        max(stability.fall) over (
            partition by stability.iso3 order by stability.year
            range between 4 preceding and current row
        ) as social_stability_largest_fall5,
        min(stability.score) over (
            partition by stability.iso3 order by stability.year
            range between 2 preceding and current row
        ) as social_stability_min3,
        max(case when stability.fall >= targets.fall_points then stability.year end) over (
            partition by stability.iso3 order by stability.year
            rows between unbounded preceding and current row
        ) as last_sharp_fall_year
    from stability
    inner join targets on targets.target_id = 'social_stability_fall'
)

select * from stability_history
