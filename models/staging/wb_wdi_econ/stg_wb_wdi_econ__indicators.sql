{#- The WDI economic series (inflation FP.CPI.TOTL.ZG, unemployment SL.UEM.TOTL.ZS,
    GDP growth NY.GDP.MKTP.KD.ZG), one file each in the same bulk layout, as one row per
    economy, indicator and year with a value. -#}
{{ wdi_bulk_long(source('wb_wdi_econ', 'wb_wdi_econ__indicators'), 'value') }}
