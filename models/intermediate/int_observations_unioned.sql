{#- Every indicator value of every source, for every entity the source publishes
    (countries, aggregates, historical states alike), in one long shape. Entities are
    classified in int_source_entities_classified; int_indicator_observations keeps
    the country rows. Values are exactly as published except where a documented rule
    says otherwise (GCI on one 0-100 scale: seeds/method/gci_editions.csv). -#}
with

unsd as (
    select
        crime.*,
        cast(crime.m49_code as string) as entity_code,
        series.indicator_id
    from {{ ref('stg_unsd_syb_crime__crime_series') }} as crime
    inner join {{ ref('unsd_series') }} as series
        on crime.series_name = series.series_name
),

who as (
    select
        road.*,
        cast(null as string) as entity_name,
        gho_map.indicator_id
    from {{ ref('stg_who_gho_road__observations') }} as road
    inner join {{ ref('who_gho_indicators') }} as gho_map
        on
            road.gho_indicator_code = gho_map.gho_indicator_code
            and road.disaggregation_code = gho_map.disaggregation_code
),

cyber as (
    select
        scores.entity_code,
        scores.entity_name,
        vintages.reference_year,
        vintages.indicator_id,
        scores.source_file,
        scores.source_row,
        scores.source_sha256,
        case vintages.index_column
            when 'cei_score' then scores.cei_score
            when 'gci_score' then scores.gci_score
            when 'ncsi_score' then scores.ncsi_score
            when 'ddl_score' then scores.ddl_score
        end as value
    from {{ ref('stg_cyber_indexes__country_scores') }} as scores
    cross join {{ ref('cyber_index_vintages') }} as vintages
),

who_2023 as (
    select
        road.*,
        gho_map.indicator_id
    from {{ ref('stg_who_gho_road_2023__observations') }} as road
    inner join {{ ref('who_gho_indicators') }} as gho_map
        on
            road.gho_indicator_code = gho_map.gho_indicator_code
            and road.disaggregation_code = gho_map.disaggregation_code
),

series_indicators as (
    select * from {{ ref('series_indicators') }}
),

wdi_econ as (
    select
        econ.*,
        series_indicators.indicator_id
    from {{ ref('stg_wb_wdi_econ__indicators') }} as econ
    inner join series_indicators
        on
            series_indicators.source_id = 'wb_wdi_econ'
            and econ.wdi_indicator_code = series_indicators.series_code
),

nd_gain as (
    select
        gain.*,
        series_indicators.indicator_id
    from {{ ref('stg_nd_gain__country_series') }} as gain
    inner join series_indicators
        on
            series_indicators.source_id = 'nd_gain'
            and gain.series = series_indicators.series_code
),

gfsi as (
    select
        *,
        edition_year as reference_year,
        'gfsi_' || pillar as indicator_id,
        score as value
    from {{ ref('stg_gfsi__pillar_scores') }}
),

unioned as (
    {{ observations_from_columns(
        ref('stg_owid_homicide__homicide_rates'), 'owid_homicide',
        {'homicide_rate': 'homicide_rate'}) }}
    union all
    {{ observations_from_long('unsd', 'unsd_syb_crime') }}
    union all
    {{ observations_from_columns(
        ref('stg_wb_wdi__homicide_rates'), 'wb_wdi', {'homicide_rate': 'homicide_rate'}) }}
    union all
    {{ observations_from_columns(
        ref('stg_wb_wdi__population'), 'wb_wdi', {'population': 'population'}) }}
    union all
    {{ observations_from_columns(
        ref('stg_wb_population__population'), 'wb_population',
        {'population': 'population'}) }}
    union all
    {{ observations_from_columns(
        ref('stg_iep_gti__country_scores'), 'iep_gti',
        {'gti_score': 'gti_score', 'gti_rank': 'gti_rank', 'incidents': 'gti_incidents',
         'fatalities': 'gti_fatalities', 'injuries': 'gti_injuries',
         'hostages': 'gti_hostages'},
        edition_year='edition_year') }}
    union all
    {{ observations_from_columns(
        ref('stg_owid_gtd__attacks_fatalities_injuries'), 'owid_gtd',
        {'attacks': 'terrorist_attacks', 'deaths': 'terrorism_deaths',
         'injuries': 'terrorism_injuries'}) }}
    union all
    {{ observations_from_columns(
        ref('stg_owid_gtd__death_rates'), 'owid_gtd',
        {'deaths_per_100k': 'terrorism_deaths_rate_owid'}) }}
    union all
    {{ observations_from_columns(
        ref('stg_owid_gtd_2018__incidents_fatalities_injuries'), 'owid_gtd_2018',
        {'attacks': 'terrorist_attacks', 'deaths': 'terrorism_deaths',
         'injuries': 'terrorism_injuries',
         'successful_attacks': 'gtd_successful_attacks',
         'unsuccessful_attacks': 'gtd_unsuccessful_attacks',
         'suicide_attacks': 'gtd_suicide_attacks', 'fatal_attacks': 'gtd_fatal_attacks'}) }}
    union all
    {{ observations_from_columns(
        ref('stg_itu_gci__edition_scores'), 'itu_gci',
        {'score_0_100': 'gci_score', 'rank_as_published': 'gci_rank'},
        edition_year='edition_year') }}
    union all
    {{ observations_from_long('cyber', 'cyber_indexes') }}
    union all
    {{ observations_from_long(
        'who', 'who_gho_road', lower_bound='lower_bound', upper_bound='upper_bound') }}
    union all
    {{ observations_from_columns(
        ref('stg_ihme_road_owid__death_rates'), 'ihme_road_owid',
        {'death_rate_age_standardised': 'road_death_rate_age_standardised'}) }}
    union all
    {{ observations_from_columns(
        ref('stg_ihme_road_owid__death_counts'), 'ihme_road_owid',
        {'deaths': 'road_deaths'}) }}
    union all
    {{ observations_from_long('gfsi', 'gfsi', edition_year='edition_year') }}
    union all
    {{ observations_from_long(
        'who_2023', 'who_gho_road_2023', lower_bound='lower_bound', upper_bound='upper_bound') }}
    union all
    {{ observations_from_columns(
        ref('stg_wb_wgi__political_stability'), 'wb_wgi',
        {'political_stability': 'wgi_political_stability'}) }}
    union all
    {{ observations_from_columns(
        ref('stg_owid_conflict_deaths__deaths'), 'owid_conflict_deaths',
        {'deaths_best': 'conflict_deaths'},
        lower_bound='deaths_low', upper_bound='deaths_high') }}
    union all
    {{ observations_from_long('nd_gain', 'nd_gain') }}
    union all
    {{ observations_from_long('wdi_econ', 'wb_wdi_econ') }}
    union all
    {{ observations_from_columns(
        ref('stg_owid_undernourishment__prevalence'), 'owid_undernourishment',
        {'prevalence_pct': 'undernourishment_pct'}) }}
    union all
    {{ observations_from_columns(
        ref('stg_owid_undernourishment_2025__prevalence'), 'owid_undernourishment_2025',
        {'prevalence_pct': 'undernourishment_pct'}) }}
)

select * from unioned
