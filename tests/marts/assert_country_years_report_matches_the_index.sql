-- rpt_gpsi_country_years holds every ranked country-year of fct_gpsi once, with the
-- same score and rank, and the rank interval wherever fct_gpsi_uncertainty has one.
-- Lists each country-year missing from one side, differing, or without its interval.
with

ranked as (
    select
        iso3,
        year,
        gpsi_score,
        gpsi_rank
    from {{ ref('fct_gpsi') }}
    where gpsi_score is not null
),

reported as (
    select * from {{ ref('rpt_gpsi_country_years') }}
),

intervals as (
    select
        iso3,
        year
    from {{ ref('fct_gpsi_uncertainty') }}
)

select
    coalesce(ranked.iso3, reported.iso3) as iso3,
    coalesce(ranked.year, reported.year) as year,
    ranked.gpsi_score as index_score,
    reported.gpsi_score as report_score
from ranked
full outer join reported on ranked.iso3 = reported.iso3 and ranked.year = reported.year
left join intervals on reported.iso3 = intervals.iso3 and reported.year = intervals.year
where
    ranked.iso3 is null
    or reported.iso3 is null
    or ranked.gpsi_score != reported.gpsi_score
    or ranked.gpsi_rank != reported.gpsi_rank
    or (intervals.iso3 is not null and reported.gpsi_rank_low is null)
