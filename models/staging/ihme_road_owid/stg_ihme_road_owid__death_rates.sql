{#- Age-standardised road injury death rate per 100,000 (IHME GBD 2017), both sexes. -#}
{{ owid_chart_staging(
    source('ihme_road_owid', 'ihme_road_owid__death_rates'),
    {'deaths_road_injuries_sex_both_age_age_standardized_rate_deaths_per_100_000_individuals':
        'death_rate_age_standardised'}
) }}
