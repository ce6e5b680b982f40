{#- The uncertainty of each published country-year's rank and score: the 5th, 50th and
    95th percentiles of rank and score and the population variance of the rank over the
    method.mc_draws independent draws (samples A and B), from the per-draw ranks of
    macro uncertainty_draws_ranked (incremental by year). -#}
{{ uncertainty_draws_ranked('intervals') }},

{# The summaries as window aggregates over the country-year: the window sorts its
    partitions, which spill to disk at scale, where a grouping would hold every
    country-year's quantile state at once (BENCHMARKS.md). The same quantile function
    either way; one row per country-year is kept. #}
intervals as (
    select
        country_index,
        reference_year,
        n_draws,
        rank_quantiles,
        score_quantiles,
        rank_variance
    from (
        select
            country_index,
            reference_year,
            count(*) over country_year as n_draws,
            {{ quantiles_continuous('draw_rank', [0.05, 0.5, 0.95]) }}
                over country_year as rank_quantiles,
            {{ quantiles_continuous('draw_score', [0.05, 0.5, 0.95]) }}
                over country_year as score_quantiles,
            {# Population variance from the integer sums of ranks: exact up to the final
                divisions (a running-update variance leaves residue such as
                0.18749999999999994). #}
            (
                cast(sum(draw_rank * draw_rank) over country_year as double)
                - cast(sum(draw_rank) over country_year as double)
                * cast(sum(draw_rank) over country_year as double)
                / count(*) over country_year
            ) / count(*) over country_year as rank_variance,
            row_number() over (
                partition by country_index, reference_year order by draw_id
            ) as draw_row
        from ranked
        window country_year as (partition by country_index, reference_year)
    ) as draws_summarised
    where draw_row = 1
)

select
    countries.iso3,
    intervals.reference_year,
    cast(intervals.n_draws as integer) as n_draws,
    cast({{ array_item('intervals.rank_quantiles', 1) }} as double) as rank_q05,
    cast({{ array_item('intervals.rank_quantiles', 2) }} as double) as rank_median,
    cast({{ array_item('intervals.rank_quantiles', 3) }} as double) as rank_q95,
    cast({{ array_item('intervals.score_quantiles', 1) }} as double) as score_q05,
    cast({{ array_item('intervals.score_quantiles', 2) }} as double) as score_median,
    cast({{ array_item('intervals.score_quantiles', 3) }} as double) as score_q95,
    intervals.rank_variance,
    stale_years.input_digest
from intervals
inner join countries on intervals.country_index = countries.country_index
inner join stale_years on intervals.reference_year = stale_years.reference_year
{{ uncertainty_removed_years([
    'n_draws', 'rank_q05', 'rank_median', 'rank_q95', 'score_q05', 'score_median',
    'score_q95', 'rank_variance'
]) }}
