{#- The earlier OWID vintage of FAO's prevalence of undernourishment, read from its zip
    as published (value column landed by position as prevalence_pct). -#}
{{ owid_chart_staging(
    source('owid_undernourishment_2025', 'owid_undernourishment_2025__prevalence'),
    {'prevalence_pct': 'prevalence_pct'}
) }}
