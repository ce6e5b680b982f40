{#- Zero-filled GTD country-year counts. GTD has no 1993 records (they were lost): the
    published 1993 zeros are kept here, and the observation layer excludes them under
    the known-gap rule in seeds/reference/source_known_gaps.csv. -#}
{{ owid_chart_staging(
    source('owid_gtd', 'owid_gtd__attacks_fatalities_injuries'),
    {'terrorist_attacks': 'attacks', 'terrorism_deaths': 'deaths',
     'terrorism_non_fatal_injuries': 'injuries'}
) }}
