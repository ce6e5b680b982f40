{#- The largest disagreements between sources that measure the same thing: per pair of
    seeds/method/source_agreement_pairs.csv, the ten country-years where the two series
    differ most: by absolute difference for series in the same unit, else by the gap
    between their percentiles over the pair's matched rows (a country near the top of
    one series and the bottom of the other). -#}
with

pairs as (
    select * from {{ ref('source_agreement_pairs') }}
),

matched as (
    select * from {{ ref('int_source_pairs_matched') }}
),

ranked as (
    select
        matched.*,
        matched.value_b - matched.value_a as difference,
        case when pairs.orientation = -1 then 1 - matched.percentile_b else matched.percentile_b end
        - matched.percentile_a as percentile_gap,
        row_number() over (
            partition by matched.pair_id
            order by
                case
                    when pairs.is_same_unit then abs(matched.value_b - matched.value_a)
                    when pairs.orientation = -1
                        then abs(1 - matched.percentile_b - matched.percentile_a)
                    else abs(matched.percentile_b - matched.percentile_a)
                end desc,
                matched.iso3,
                matched.year_a asc
        ) as disagreement_rank
    from matched
    inner join pairs on matched.pair_id = pairs.pair_id
)

select
    pair_id,
    cast(disagreement_rank as integer) as disagreement_rank,
    iso3,
    year_a,
    year_b,
    value_a,
    value_b,
    difference,
    percentile_gap
from ranked
where disagreement_rank <= 10
