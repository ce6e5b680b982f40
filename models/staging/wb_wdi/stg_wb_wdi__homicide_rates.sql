{{ wdi_bulk_long(source('wb_wdi', 'wb_wdi__homicide_rate'), 'homicide_rate') }}
