{#- Headline CPI inflation (annual average, %) from the World Bank's inflation
    database, one row per economy and year with a value. Only rows with a three-letter
    economy code are economies: the blank and footnote rows below them are dropped.
    The 2023 column mixes actuals with averages of available months and IMF WEO
    projections (the workbook's footnote). -#}
with

long as (
    {{ unpivot_year_columns(
        source('wb_inflation_db', 'wb_inflation_db__headline_cpi'),
        ['country_code', 'country', 'series_name', '_source_file',
         '_source_row', '_source_sha256', '_loaded_at'],
        prefix='y',
    ) }}
),

renamed as (
    select
        {{ clean_text('country') }} as entity_name,
        {{ clean_text('country_code') }} as entity_code,
        cast(year_label as integer) as reference_year,
        {{ to_number('value_text') }} as inflation_pct,
        {{ clean_text('series_name') }} as series_name,
        {{ provenance_columns() }}
    from long
    where
        {{ clean_text('value_text') }} is not null
        and length(trim(country_code)) = 3
)

select * from renamed
