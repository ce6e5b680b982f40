{#- What happened after each origin (a ranked country-year), for every early-warning
    target (seeds/method/early_warning_targets.csv) and horizon 1 to
    early_warning_design.max_horizon: is_event when the target's chain-linked score fell by
    at least its fall_points in any one year from the origin + 1 to the origin + horizon
    (a like-for-like change: an edition or composition change is never a fall); false when
    every one of those years' linked changes is known and none is such a fall; null when
    not yet known. A country-year outside the ranking is not an origin. -#}
with

targets as (
    select * from {{ ref('early_warning_targets') }}
),

origins as (
    select
        iso3,
        year
    from {{ ref('int_early_warning_signals_derived') }}
),

horizons as (
    {{ year_series(1, "(select max_horizon from " ~ ref('early_warning_design') ~ ")") }}
),

changes as (
    select
        'dimension:' || dimension_id as subject_id,
        iso3,
        reference_year as year,
        case when is_same_composition then linked_change end as linked_change
    from {{ ref('int_dimension_changes_linked') }}
    union all
    select
        'gpsi' as subject_id,
        iso3,
        reference_year as year,
        linked_change
    from {{ ref('int_gpsi_changes_linked') }}
),

followed as (
    select
        targets.target_id,
        origins.iso3,
        origins.year as origin_year,
        horizons.year_value as horizon,
        count(case when -changes.linked_change >= targets.fall_points then 1 end) as falls,
        count(changes.linked_change) as changes_known,
        min(changes.linked_change) as largest_change
    from origins
    cross join targets
    cross join horizons
    left join changes
        on
            targets.subject_id = changes.subject_id
            and origins.iso3 = changes.iso3
            and origins.year < changes.year
            and changes.year <= origins.year + horizons.year_value
    group by targets.target_id, origins.iso3, origins.year, horizons.year_value
)

select
    target_id,
    iso3,
    origin_year,
    horizon,
    origin_year + horizon as last_target_year,
    case
        when falls > 0 then true
        when changes_known = horizon then false
    end as is_event,
    -largest_change as largest_fall
from followed
