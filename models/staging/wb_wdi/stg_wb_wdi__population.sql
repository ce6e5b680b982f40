{{ wdi_bulk_long(source('wb_wdi', 'wb_wdi__population'), 'population') }}
