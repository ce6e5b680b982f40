{#- FAO prevalence of undernourishment via OWID (value column landed by position as
    prevalence_pct: its header changes between vintages). 2.5 stands for FAO's "<2.5%";
    the floor is applied by seeds/method/reported_floors.csv, not here. -#}
{{ owid_chart_staging(
    source('owid_undernourishment', 'owid_undernourishment__prevalence'),
    {'prevalence_pct': 'prevalence_pct'}
) }}
