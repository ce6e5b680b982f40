{#- The indicator values the early-warning model reads, per country and year: each
    indicator's level (transformed as the index transforms it: log1p for rates), its change
    from the year before and the change of that change, and its lowest and highest level
    of the five years to the year; changes only between consecutive years of one series
    (same source and edition: a new edition is not a change). With GDP per capita (log)
    and its growth (OWID's entity codes: the countries' are ISO 3166 alpha-3). -#}
with

observed as (
    select
        iso3,
        reference_year as year,
        indicator_id,
        series_key,
        transformed_value as observed_value
    from {{ ref('int_indicator_scores_normalised') }}
    where
        value_status = 'observed'
        and indicator_id in (
            'wgi_political_stability',
            'conflict_deaths_per_100k',
            'war_party_deaths_per_100k',
            'gtd_impact_per_100k',
            'inflation_cpi'
        )
),

observed_changes as (
    select
        *,
        case
            when
                lag(year) over (partition by iso3, indicator_id, series_key order by year)
                = year - 1
                then
                    observed_value
                    - lag(observed_value)
                        over (partition by iso3, indicator_id, series_key order by year)
        end as yearly_change,
        min(observed_value) over (
            partition by iso3, indicator_id, series_key order by year
            range between 4 preceding and current row
        ) as min5,
        max(observed_value) over (
            partition by iso3, indicator_id, series_key order by year
            range between 4 preceding and current row
        ) as max5
    from observed
),

observed_accelerations as (
    select
        *,
        case
            when
                lag(year) over (partition by iso3, indicator_id, series_key order by year)
                = year - 1
                then
                    yearly_change
                    - lag(yearly_change)
                        over (partition by iso3, indicator_id, series_key order by year)
        end as acceleration
    from observed_changes
),

indicator_signals as (
    select
        iso3,
        year,
        max(case when indicator_id = 'wgi_political_stability' then observed_value end)
            as political_stability,
        max(case when indicator_id = 'wgi_political_stability' then yearly_change end)
            as political_stability_change,
        max(case when indicator_id = 'wgi_political_stability' then acceleration end)
            as political_stability_acceleration,
        max(case when indicator_id = 'wgi_political_stability' then min5 end)
            as political_stability_min5,
        max(case when indicator_id = 'conflict_deaths_per_100k' then observed_value end)
            as conflict_deaths,
        max(case when indicator_id = 'conflict_deaths_per_100k' then yearly_change end)
            as conflict_deaths_change,
        max(case when indicator_id = 'conflict_deaths_per_100k' then acceleration end)
            as conflict_deaths_acceleration,
        max(case when indicator_id = 'conflict_deaths_per_100k' then max5 end)
            as conflict_deaths_max5,
        max(case when indicator_id = 'war_party_deaths_per_100k' then observed_value end)
            as war_party_deaths,
        max(case when indicator_id = 'gtd_impact_per_100k' then observed_value end)
            as terrorism_impact,
        max(case when indicator_id = 'gtd_impact_per_100k' then yearly_change end)
            as terrorism_impact_change,
        max(case when indicator_id = 'inflation_cpi' then observed_value end) as inflation,
        max(case when indicator_id = 'inflation_cpi' then yearly_change end) as inflation_change
    from observed_accelerations
    group by iso3, year
),

gdp as (
    select
        gdp.entity_code as iso3,
        gdp.reference_year as year,
        ln(gdp.gdp_per_capita_ppp) as gdp_per_capita,
        case
            when
                lag(gdp.reference_year)
                    over (partition by gdp.entity_code order by gdp.reference_year)
                = gdp.reference_year - 1
                then
                    ln(gdp.gdp_per_capita_ppp)
                    - ln(lag(gdp.gdp_per_capita_ppp) over (
                        partition by gdp.entity_code order by gdp.reference_year
                    ))
        end as gdp_per_capita_growth
    from {{ ref('stg_owid_gdp_per_capita__gdp_per_capita') }} as gdp
    where gdp.entity_code is not null and gdp.gdp_per_capita_ppp > 0
)

select
    coalesce(indicator_signals.iso3, gdp.iso3) as iso3,
    coalesce(indicator_signals.year, gdp.year) as year,
    indicator_signals.political_stability,
    indicator_signals.political_stability_change,
    indicator_signals.political_stability_acceleration,
    indicator_signals.political_stability_min5,
    indicator_signals.conflict_deaths,
    indicator_signals.conflict_deaths_change,
    indicator_signals.conflict_deaths_acceleration,
    indicator_signals.conflict_deaths_max5,
    indicator_signals.war_party_deaths,
    indicator_signals.terrorism_impact,
    indicator_signals.terrorism_impact_change,
    indicator_signals.inflation,
    indicator_signals.inflation_change,
    gdp.gdp_per_capita,
    gdp.gdp_per_capita_growth
from indicator_signals
full outer join gdp
    on indicator_signals.iso3 = gdp.iso3 and indicator_signals.year = gdp.year
