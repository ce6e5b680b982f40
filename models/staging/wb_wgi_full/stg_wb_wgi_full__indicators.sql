{#- All six Worldwide Governance Indicators (2024 update), one row per economy,
    indicator and year with an estimate. Codes are WGI's own (ROM, ZAR, TMP, ADO, KSV,
    WBG, ANT), resolved by the curated aliases. -#}
with

source as (
    select * from {{ source('wb_wgi_full', 'wb_wgi_full__indicators') }}
),

renamed as (
    select
        {{ clean_text('countryname') }} as entity_name,
        {{ clean_text('code') }} as entity_code,
        {{ clean_text('indicator') }} as wgi_indicator_code,
        cast({{ to_number('year') }} as integer) as reference_year,
        {{ to_number('estimate') }} as estimate,
        {{ to_number('stddev') }} as standard_error,
        cast({{ to_number('nsource') }} as integer) as source_count,
        {{ to_number('pctrank') }} as percentile_rank,
        {{ provenance_columns() }}
    from source
    where {{ to_number('estimate') }} is not null
)

select * from renamed
