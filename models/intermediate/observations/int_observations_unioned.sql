{#- Every indicator value of every source, for every entity the source publishes
    (countries, aggregates, historical states alike), in one long shape. Entities are
    classified in int_source_entities_classified; int_indicator_observations keeps
    the country rows. Values are exactly as published except where a documented rule
    says otherwise (GCI on one 0-100 scale: seeds/method/gci_editions.csv; GOCI's
    composites are the weighted means of seeds/method/goci_components.csv; a state's
    battle deaths are its share of every dyad it fights, seeds/method/war_party_roles.csv,
    and 0 in a year it fights none, pointing at the file's header row). -#}
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

goci_editions as (
    select * from {{ ref('stg_gitoc_goci__scores_2021') }}
    union all
    select * from {{ ref('stg_gitoc_goci__scores_2023') }}
),

goci as (
    select
        cast(null as string) as entity_code,
        scores.entity_name,
        scores.edition_year as reference_year,
        components.indicator_id,
        min(scores.source_file) as source_file,
        min(scores.source_row) as source_row,
        min(scores.source_sha256) as source_sha256,
        {{ weighted_mean(
            "case components.component"
            ~ " when 'mafia_style_groups' then scores.mafia_style_groups"
            ~ " when 'arms_trafficking' then scores.arms_trafficking"
            ~ " when 'heroin_trade' then scores.heroin_trade"
            ~ " when 'cocaine_trade' then scores.cocaine_trade"
            ~ " when 'cannabis_trade' then scores.cannabis_trade"
            ~ " when 'synthetic_drug_trade' then scores.synthetic_drug_trade end",
            'components.weight') }} as value
    from goci_editions as scores
    cross join {{ ref('goci_components') }} as components
    group by scores.entity_name, scores.edition_year, components.indicator_id
),

war_dyads as (
    select * from {{ ref('stg_ucdp_battle_deaths__dyad_years') }}
),

-- one row per dyad-year and side of it: the Gleditsch-Ward list of its states
war_party_lists as (
    {%- for party_role, gw_column in [
        ('primary', 'gwno_a'), ('primary', 'gwno_b'),
        ('secondary', 'gwno_a_secondary'), ('secondary', 'gwno_b_secondary')] %}
        select
            dyad_id,
            reference_year,
            battle_deaths_best,
            '{{ party_role }}' as party_role,
            {{ gw_column }} as gw_list,
            source_file,
            source_row,
            source_sha256
        from war_dyads
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),

gw_codes as (
    -- every Gleditsch-Ward number UCDP may use, with its ISO code where it names a
    -- present-day entity (seeds/reference/gleditsch_ward_overrides.csv first, then the
    -- code list); null for historical states (Yugoslavia), classified downstream
    select
        coalesce(overrides.gw_number, codes.gw_number) as gw_number,
        coalesce(overrides.iso3, codes.iso3) as iso3,
        codes.country_name
    from {{ ref('stg_countrycode_codelist__countries') }} as codes
    full outer join {{ ref('gleditsch_ward_overrides') }} as overrides
        on codes.gw_number = overrides.gw_number
    where coalesce(overrides.gw_number, codes.gw_number) is not null
),

war_parties as (
    select
        lists.*,
        gw_codes.iso3,
        gw_codes.country_name,
        count(*) over (partition by lists.dyad_id, lists.reference_year) as counted_parties
    from war_party_lists as lists
    inner join {{ ref('war_party_roles') }} as counted_roles
        on lists.party_role = counted_roles.party_role and counted_roles.is_counted
    inner join gw_codes
        on
            ',' || replace(lists.gw_list, ' ', '') || ','
            like '%,' || cast(gw_codes.gw_number as string) || ',%'
),

war_file as (
    select
        min(source_file) as source_file,
        min(source_sha256) as source_sha256
    from war_dyads
),

war_years as (
    select distinct reference_year from war_dyads
),

coded_entities as (
    -- one row per ISO code of the code list and the overrides, a state or not (Hong
    -- Kong and Macao have no Gleditsch-Ward number: they never fight as a party, so 0)
    select
        iso3,
        min(country_name) as country_name
    from (
        select
            iso3,
            country_name
        from {{ ref('stg_countrycode_codelist__countries') }}
        union all
        select
            iso3,
            country_name
        from gw_codes
    ) as named
    where iso3 is not null
    group by iso3
),

war_deaths as (
    -- a state's share of every dyad it fights that year; historical states by name
    select
        iso3,
        case when iso3 is null then country_name end as historical_name,
        reference_year,
        min(source_row) as source_row,
        {{ exact_sum('battle_deaths_best / counted_parties') }} as value
    from war_parties
    group by iso3, case when iso3 is null then country_name end, reference_year
),

war_party as (
    select
        entities.iso3 as entity_code,
        entities.country_name as entity_name,
        years.reference_year,
        'war_party_battle_deaths' as indicator_id,
        war_file.source_file,
        coalesce(war_deaths.source_row, 1) as source_row,
        war_file.source_sha256,
        coalesce(war_deaths.value, 0.0) as value
    from coded_entities as entities
    cross join war_years as years
    cross join war_file
    left join war_deaths
        on
            entities.iso3 = war_deaths.iso3
            and years.reference_year = war_deaths.reference_year
    union all
    select
        cast(null as string) as entity_code,
        war_deaths.historical_name as entity_name,
        war_deaths.reference_year,
        'war_party_battle_deaths' as indicator_id,
        war_file.source_file,
        war_deaths.source_row,
        war_file.source_sha256,
        war_deaths.value
    from war_deaths
    cross join war_file
    where war_deaths.iso3 is null
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
    union all
    {{ observations_from_columns(
        ref('stg_wb_inflation_db__headline_cpi'), 'wb_inflation_db',
        {'inflation_pct': 'inflation_cpi'}) }}
    union all
    {{ observations_from_long('goci', 'gitoc_goci') }}
    union all
    {{ observations_from_long('war_party', 'ucdp_battle_deaths') }}
)

select * from unioned
