{#- The raw schema on engines that read the loader's Parquet files (gpsi load
    --parquet-dir): each source table of the project is registered as an external table
    over <raw_parquet_dir>/<table>/. A no-op on DuckDB, where the loader writes raw.*
    itself. Run by on-run-start. -#}
{% macro register_raw_tables() %}
    {{ return(adapter.dispatch('register_raw_tables', 'gpsi')()) }}
{% endmacro %}

{% macro default__register_raw_tables() %}
    {{ return('') }}
{% endmacro %}

{% macro spark__register_raw_tables() %}
    {%- if execute -%}
        {%- set default_root = env_var('GPSI_RAW_PARQUET_DIR', 'warehouse/spark/raw') -%}
        {%- set root = var('raw_parquet_dir', default_root) -%}
        {%- set schemas = [] -%}
        {%- for source in graph.sources.values() if source.package_name == 'gpsi' -%}
            {%- if source.schema not in schemas -%}
                {%- do schemas.append(source.schema) -%}
                {%- do run_query('create database if not exists ' ~ source.schema) -%}
            {%- endif -%}
            {%- do run_query('drop table if exists ' ~ source.schema ~ '.' ~ source.identifier) -%}
            {%- do run_query(
                'create table ' ~ source.schema ~ '.' ~ source.identifier
                ~ " using parquet location '" ~ root ~ '/' ~ source.identifier ~ "'"
            ) -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return('') }}
{% endmacro %}
