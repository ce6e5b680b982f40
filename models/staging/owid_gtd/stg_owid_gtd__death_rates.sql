{#- OWID terrorism deaths per 100,000 (OWID population).
    Kept as published; the GPSI derives its own rates from World Bank population. -#}
{{ owid_chart_staging(
    source('owid_gtd', 'owid_gtd__deaths_rate'),
    {'terrorism_deaths_per_100_000_people': 'deaths_per_100k'}
) }}
