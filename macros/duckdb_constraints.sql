{#- The DDL of a contracted model's columns and constraints on DuckDB: dbt's own
    (table_columns_and_constraints), without the model-level primary key unless var
    duckdb_primary_key_indexes is true. DuckDB enforces a primary key with an ART index
    that it builds on insert and persists, at a cost in build time and file size
    measured in BENCHMARKS.md, and that speeds up no analytical query (DuckDB uses an ART
    index only for point lookups). The keys stay declared in each contract
    (manifest, docs, Spark's contract_constraints_hold test) and are checked on every
    engine by each mart's unique_combination_of_columns test before anything is
    published; their columns stay not null in DuckDB's DDL. As dbt treats primary keys on
    the warehouses that do not enforce them. -#}
{% macro duckdb__get_table_columns_and_constraints() -%}
    {%- if var('duckdb_primary_key_indexes', false) -%}
        {{ return(table_columns_and_constraints()) }}
    {%- endif -%}
    {%- set column_constraints = adapter.render_raw_columns_constraints(
        raw_columns=model['columns']
    ) -%}
    {%- set model_constraints = adapter.render_raw_model_constraints(
        raw_constraints=model['constraints'] | rejectattr('type', 'equalto', 'primary_key') | list
    ) -%}
    (
    {% for c in column_constraints -%}
        {{ c }}{{ "," if not loop.last or model_constraints }}
    {% endfor %}
    {% for c in model_constraints -%}
        {{ c }}{{ "," if not loop.last }}
    {% endfor -%}
    )
{%- endmacro %}
