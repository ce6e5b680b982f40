{#- UNODC intentional homicide rate per 100,000 as republished by OWID, with OWID's
    world region (filled on one row per entity only, as published). -#}
{{ owid_chart_staging(
    source('owid_homicide', 'owid_homicide__homicide_rate'),
    {'homicide_rate_per_100_000_population': 'homicide_rate'},
    texts={'world_region_according_to_owid': 'owid_region'}
) }}
