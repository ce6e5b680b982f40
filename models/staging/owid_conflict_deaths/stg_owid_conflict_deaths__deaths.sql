{#- UCDP deaths in organised violence (state-based, non-state, one-sided) in the
    country where they occurred, OWID aggregation: best estimate with UCDP's low and
    high estimates (five rows have best > high, as published: bounds are not
    reordered). -#}
{{ owid_chart_staging(
    source('owid_conflict_deaths', 'owid_conflict_deaths__deaths'),
    {'best_estimate': 'deaths_best', 'low_estimate': 'deaths_low',
     'high_estimate': 'deaths_high'}
) }}
