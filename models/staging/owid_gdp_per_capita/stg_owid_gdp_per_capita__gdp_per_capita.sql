{#- GDP per capita, PPP (constant 2021 international $), World Bank via OWID. -#}
{{ owid_chart_staging(
    source('owid_gdp_per_capita', 'owid_gdp_per_capita__gdp_per_capita'),
    {'gdp_per_capita': 'gdp_per_capita_ppp'},
    texts={'world_region_according_to_owid': 'owid_region'}
) }}
