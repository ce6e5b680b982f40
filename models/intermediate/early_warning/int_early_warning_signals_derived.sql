{#- The leading signals of the early-warning model (seeds/method/early_warning_signals.csv),
    one row per country-year of the index (is_ranked: the published ones, whose forecasts
    are published; the others only teach the model), each known at the end of its year:
    levels, changes and accelerations of indicator values and GDP per capita
    (int_early_warning_indicators_differenced: changes within one series), the social
    stability dimension's recent history (int_early_warning_stability_summarised), the
    income group, the conflict and political-stability trend of the other countries of the
    UN sub-region, and the index's imputed share. -#}
with

countries as (
    select
        iso3,
        un_sub_region
    from {{ ref('int_countries_enriched') }}
),

indicator_signals as (
    select * from {{ ref('int_early_warning_indicators_differenced') }}
),

stability_history as (
    select * from {{ ref('int_early_warning_stability_summarised') }}
),

income as (
    select
        iso3,
        reference_year as year,
        case
            when income_group = 'Low income' then 0
            when income_group = 'Lower middle income' then 1
            when income_group = 'Upper middle income' then 2
            when income_group = 'High income' then 3
        end as income_level
    from {{ ref('int_income_groups_annualised') }}
),

origins as (
    select
        gpsi.iso3,
        gpsi.reference_year as year,
        gpsi.is_published as is_ranked,
        gpsi.imputed_share,
        changes.linked_change as gpsi_change,
        countries.un_sub_region
    from {{ ref('int_gpsi_aggregated') }} as gpsi
    inner join countries on gpsi.iso3 = countries.iso3
    left join {{ ref('int_gpsi_changes_linked') }} as changes
        on gpsi.iso3 = changes.iso3 and gpsi.reference_year = changes.reference_year
    where gpsi.index_variant = 'headline'
),

joined as (
    select
        origins.iso3,
        origins.year,
        origins.is_ranked,
        origins.un_sub_region,
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
        indicator_signals.gdp_per_capita,
        indicator_signals.gdp_per_capita_growth,
        income.income_level,
        stability_history.social_stability_score,
        stability_history.social_stability_change,
        stability_history.social_stability_volatility5,
        stability_history.social_stability_largest_fall5,
        stability_history.social_stability_min3,
        least(coalesce(origins.year - stability_history.last_sharp_fall_year, 25), 25)
            as years_since_sharp_fall,
        origins.imputed_share,
        origins.gpsi_change
    from origins
    left join indicator_signals
        on origins.iso3 = indicator_signals.iso3 and origins.year = indicator_signals.year
    left join income on origins.iso3 = income.iso3 and origins.year = income.year
    left join stability_history
        on origins.iso3 = stability_history.iso3 and origins.year = stability_history.year
),
{# The region's signals: the mean over the other countries of the sub-region (sum and
    count of the region minus the country's own). #}
regions as (
    select
        un_sub_region,
        year,
        {{ exact_sum('conflict_deaths') }} as conflict_deaths_sum,
        count(conflict_deaths) as conflict_deaths_count,
        {{ exact_sum('political_stability_change') }} as political_stability_change_sum,
        count(political_stability_change) as political_stability_change_count
    from joined
    group by un_sub_region, year
)

select
    joined.iso3,
    joined.year,
    joined.is_ranked,
    joined.political_stability,
    joined.political_stability_change,
    joined.political_stability_acceleration,
    joined.political_stability_min5,
    joined.conflict_deaths,
    joined.conflict_deaths_change,
    joined.conflict_deaths_acceleration,
    joined.conflict_deaths_max5,
    joined.war_party_deaths,
    joined.terrorism_impact,
    joined.terrorism_impact_change,
    joined.inflation,
    joined.inflation_change,
    joined.gdp_per_capita,
    joined.gdp_per_capita_growth,
    joined.income_level,
    joined.social_stability_score,
    joined.social_stability_change,
    joined.social_stability_volatility5,
    joined.social_stability_largest_fall5,
    joined.social_stability_min3,
    joined.years_since_sharp_fall,
    joined.imputed_share,
    joined.gpsi_change,
    (regions.conflict_deaths_sum - coalesce(joined.conflict_deaths, 0))
    / nullif(
        regions.conflict_deaths_count - case when joined.conflict_deaths is null then 0 else 1 end,
        0
    ) as region_conflict_deaths,
    (regions.political_stability_change_sum - coalesce(joined.political_stability_change, 0))
    / nullif(
        regions.political_stability_change_count
        - case when joined.political_stability_change is null then 0 else 1 end,
        0
    ) as region_political_stability_change
from joined
left join regions
    on joined.un_sub_region = regions.un_sub_region and joined.year = regions.year
