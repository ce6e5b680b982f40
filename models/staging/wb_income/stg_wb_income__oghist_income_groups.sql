{#- OGHIST 'Country Analytical History': one row per economy and fiscal year.
    The sheet's own "Data for calendar year" row gives the GNI year behind each
    fiscal year (FYxx uses GNI of year xx-2), so no year arithmetic is hard-coded.
    Threshold and note rows have no economy code and are dropped; '..' is missing.
    'LM*' (Yemen, see the sheet's note) is kept as published in income_group_code
    and read as LM in income_group_base. -#}
with

long as (
    {{ unpivot_year_columns(
        source('wb_income', 'wb_income__oghist_history'),
        ['col_1', 'bank_s_fiscal_year', '_source_file', '_source_row',
         '_source_sha256', '_loaded_at'],
        prefix='fy',
    ) }}
),

data_years as (
    select
        year_label,
        cast({{ to_number('value_text') }} as integer) as gni_data_year
    from long
    where trim(bank_s_fiscal_year) = 'Data for calendar year :'
),

renamed as (
    select
        {{ clean_text('long.col_1') }} as entity_code,
        {{ clean_text('long.bank_s_fiscal_year') }} as entity_name,
        cast('20' || long.year_label as integer)
        - case when cast(long.year_label as integer) > 50 then 100 else 0 end
            as fiscal_year,
        data_years.gni_data_year,
        {{ clean_text('long.value_text') }} as income_group_code,
        replace({{ clean_text('long.value_text') }}, '*', '') as income_group_base,
        -- provenance
        long._source_file as source_file,
        long._source_row as source_row,
        long._source_sha256 as source_sha256,
        long._loaded_at as loaded_at
    from long
    inner join data_years on long.year_label = data_years.year_label
    where
        {{ clean_text('long.col_1') }} is not null
        and {{ clean_text('long.value_text') }} is not null
        and trim(long.value_text) <> '..'
)

select * from renamed
