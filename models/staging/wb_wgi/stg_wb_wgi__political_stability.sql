{#- WGI Political Stability and Absence of Violence/Terrorism (PV.EST), 2025 update:
    one row per economy and year with an estimate (units of a standard normal, higher =
    more stable). WGI was biennial before 2002 (no 1997, 1999, 2001). -#}
{{ wdi_bulk_long(source('wb_wgi', 'wb_wgi__political_stability'), 'political_stability') }}
