{#- The country-years two sources of the same measure both cover
    (seeds/method/source_agreement_pairs.csv): each observation of series a matched with
    the observation of series b for the same country in the same year or, where the pair
    allows a gap, the nearest year within it (the later one on a tie). Average ranks
    (ties share their mean rank) and percentiles of both values over the pair's matched
    rows, for Spearman's correlation and for comparing series with different units. -#}
with

pairs as (
    select * from {{ ref('source_agreement_pairs') }}
),

-- Read twice (sides a and b): scanned by each rather than written out first.
observations as {{ cte_materialization(false) }} (
    select
        iso3,
        reference_year,
        indicator_id,
        source_id,
        value
    from {{ ref('int_indicator_observations') }}
    where value is not null
),

candidates as (
    select
        pairs.pair_id,
        a.iso3,
        a.reference_year as year_a,
        b.reference_year as year_b,
        a.value as value_a,
        b.value as value_b,
        row_number() over (
            partition by pairs.pair_id, a.iso3, a.reference_year
            order by abs(b.reference_year - a.reference_year), b.reference_year desc
        ) as nearness
    from pairs
    inner join observations as a
        on
            pairs.indicator_a = a.indicator_id
            and pairs.source_a = a.source_id
    inner join observations as b
        on
            pairs.indicator_b = b.indicator_id
            and pairs.source_b = b.source_id
            and a.iso3 = b.iso3
            and abs(b.reference_year - a.reference_year) <= pairs.max_year_gap
),

matched as (
    select
        pair_id,
        iso3,
        year_a,
        year_b,
        value_a,
        value_b
    from candidates
    where nearness = 1
)

select
    *,
    rank() over (partition by pair_id order by value_a)
    + (count(*) over (partition by pair_id, value_a) - 1) / 2.0 as average_rank_a,
    rank() over (partition by pair_id order by value_b)
    + (count(*) over (partition by pair_id, value_b) - 1) / 2.0 as average_rank_b,
    percent_rank() over (partition by pair_id order by value_a) as percentile_a,
    percent_rank() over (partition by pair_id order by value_b) as percentile_b
from matched
