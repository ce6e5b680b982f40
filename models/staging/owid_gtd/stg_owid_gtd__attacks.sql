{#- Single-series OWID chart file; its values must equal the combined file's
    (tested in tests/staging/owid_gtd). -#}
{{ owid_chart_staging(source('owid_gtd', 'owid_gtd__attacks'), {'terrorist_attacks': 'attacks'}) }}
