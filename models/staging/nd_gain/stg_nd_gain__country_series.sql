{#- ND-GAIN country series (gain index 0-100; vulnerability and readiness 0-1), one
    file per series, as one row per country, series and year with a value. The series
    is the file's name (gain.csv, vulnerability.csv, readiness.csv); Name is cut at 32
    characters by the publisher, so ISO3 is the key. -#}
with

long as (
    {{ unpivot_year_columns(
        source('nd_gain', 'nd_gain__country_series'),
        ['iso3', 'name', '_source_file', '_source_row', '_source_sha256', '_loaded_at'],
        prefix='y',
    ) }}
),

renamed as (
    select
        -- entity
        {{ clean_text('iso3') }} as entity_code,
        {{ clean_text('name') }} as entity_name,
        -- observation
        regexp_extract(_source_file, '([a-z_]+)\.csv$', 1) as series,
        cast(year_label as integer) as reference_year,
        {{ to_number('value_text') }} as value,
        -- provenance
        {{ provenance_columns() }}
    from long
    where {{ clean_text('value_text') }} is not null
)

select * from renamed
