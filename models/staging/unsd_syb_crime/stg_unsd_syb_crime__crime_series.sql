{#- Title line (line 1) is kept by the loader in raw._files.preamble; the blank
    second header column holds the area name; values use thousands separators. -#}
with

source as (
    select * from {{ source('unsd_syb_crime', 'unsd_syb_crime__crime_series') }}
),

renamed as (
    select
        -- entity: UN M49 numeric code, mixing regions and countries
        cast({{ to_number('region_country_area') }} as integer) as m49_code,
        {{ clean_text('col_2') }} as entity_name,
        -- observation
        cast(year as integer) as reference_year,
        {{ clean_text('series') }} as series_name,
        {{ to_number('value', thousands=',') }} as value,
        {{ clean_text('footnotes') }} as footnotes,
        {{ clean_text('source') }} as data_source,
        -- provenance
        {{ provenance_columns() }}
    from source
)

select * from renamed
