{#- How far sources that measure the same thing agree (seeds/method/source_agreement_pairs.csv),
    over every country-year both cover (int_source_pairs_matched): overlap, Spearman's rank
    correlation (Pearson's r of the average ranks), agreement (Spearman times the pair's
    orientation: 1 = the same ordering of countries), Pearson's r, and for series in the same
    unit the mean difference (b - a) and mean absolute difference. The largest
    disagreements by country-year are in fct_source_disagreements. -#}
with

pairs as (
    select * from {{ ref('source_agreement_pairs') }}
),

matched as (
    select * from {{ ref('int_source_pairs_matched') }}
),

summary as (
    select
        pair_id,
        count(*) as n_overlap,
        count(distinct iso3) as countries,
        min(year_a) as first_year,
        max(year_a) as last_year,
        {{ exact_corr('average_rank_a', 'average_rank_b') }} as spearman,
        {{ exact_corr('value_a', 'value_b') }} as pearson,
        {{ exact_avg('value_b - value_a') }} as mean_difference,
        {{ exact_avg('abs(value_b - value_a)') }}
            as mean_absolute_difference
    from matched
    group by pair_id
)

select
    pairs.pair_id,
    pairs.measure,
    pairs.indicator_a,
    pairs.source_a,
    pairs.indicator_b,
    pairs.source_b,
    pairs.is_same_unit,
    cast(coalesce(summary.n_overlap, 0) as integer) as n_overlap,
    cast(coalesce(summary.countries, 0) as integer) as countries,
    summary.first_year,
    summary.last_year,
    round(summary.spearman, 10) as spearman,
    round(pairs.orientation * summary.spearman, 10) as agreement,
    round(summary.pearson, 10) as pearson,
    case when pairs.is_same_unit then summary.mean_difference end as mean_difference,
    case when pairs.is_same_unit then summary.mean_absolute_difference end
        as mean_absolute_difference
from pairs
left join summary on pairs.pair_id = summary.pair_id
