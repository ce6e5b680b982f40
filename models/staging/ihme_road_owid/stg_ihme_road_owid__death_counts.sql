{#- Road injury deaths (IHME GBD 2017, OWID). The published header repeats 'Year'; the
    loader lands the four data fields only (FileSpec data_columns). -#}
{{ owid_chart_staging(
    source('ihme_road_owid', 'ihme_road_owid__death_counts'),
    {'road_injury_deaths_deaths': 'deaths'}
) }}
