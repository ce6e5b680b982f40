{#- Normalisation against fixed goalposts (seeds/method/indicators.csv), the same for every
    year so that a country's score changes only when its own data change:
        s = 100 * (T(x) - T(low)) / (T(high) - T(low)), clamped to [0, 100],
    with T the indicator's transformation and x the treated value; for direction -1
    (higher raw value = less secure) the score is 100 - s. 100 = most secure. -#}
with

treated as (
    select * from {{ ref('int_index_values_treated') }}
),

scaled as (
    select
        *,
        100.0
        * (
            treated_transformed_value
            - {{ apply_transformation('goalpost_low', 'transformation') }}
        )
        / (
            {{ apply_transformation('goalpost_high', 'transformation') }}
            - {{ apply_transformation('goalpost_low', 'transformation') }}
        ) as unclamped_score
    from treated
),

clamped as (
    select
        *,
        least(greatest(unclamped_score, 0.0), 100.0) as position_score,
        unclamped_score < 0 or unclamped_score > 100 as is_clamped
    from scaled
)

select
    *,
    case when direction = -1 then 100.0 - position_score else position_score end
        as normalised_score
from clamped
