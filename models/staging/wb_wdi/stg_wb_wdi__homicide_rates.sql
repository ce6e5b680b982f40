{#- WDI bulk CSV: wide, one column per year; blank cells are missing values and are
    dropped when unpivoting to one row per country-year. -#}
with

long as (
    {{ unpivot_year_columns(
        source('wb_wdi', 'wb_wdi__homicide_rate'),
        ['country_name', 'country_code', 'indicator_code', '_source_file',
         '_source_row', '_source_sha256', '_loaded_at'],
        prefix='y',
    ) }}
),

renamed as (
    select
        -- entity
        {{ clean_text('country_name') }} as entity_name,
        {{ clean_text('country_code') }} as entity_code,
        -- observation
        {{ clean_text('indicator_code') }} as wdi_indicator_code,
        cast(year_label as integer) as reference_year,
        {{ to_number('value_text') }} as homicide_rate,
        -- provenance
        _source_file as source_file,
        _source_row as source_row,
        _source_sha256 as source_sha256,
        _loaded_at as loaded_at
    from long
    where {{ clean_text('value_text') }} is not null
)

select * from renamed
