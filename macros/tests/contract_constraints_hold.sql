{#- The not-null and primary-key constraints of a contracted model, checked by a query:
    for engines that do not enforce them at table creation. DuckDB enforces not-null
    (the build fails on a violating row) and each mart's unique_combination_of_columns
    test checks its key (macros/duckdb_constraints.sql: not built as an index), so the
    marts' YAML enables this test only on other targets; Spark's Parquet tables accept constraints but enforce none (only Delta
    tables enforce not-null and check constraints, and no Spark table enforces a primary
    key). Reads the constraints from the model's own contract: nothing to keep in step.
    One row per violated rule. -#}
{% test contract_constraints_hold(model) %}
{%- if not execute -%}
    select 1 as violation
{%- else -%}

{%- set node = graph.nodes.values()
    | selectattr('resource_type', 'equalto', 'model')
    | selectattr('name', 'equalto', model.identifier)
    | first -%}
{%- set not_null = [] -%}
{%- set keys = [] -%}
{%- for column in node.columns.values() -%}
    {%- for constraint in column.constraints -%}
        {%- if constraint.type == 'not_null' -%}{%- do not_null.append(column.name) -%}{%- endif -%}
        {%- if constraint.type == 'primary_key' -%}{%- do keys.append([column.name]) -%}{%- endif -%}
    {%- endfor -%}
{%- endfor -%}
{%- for constraint in node.constraints if constraint.type == 'primary_key' -%}
    {%- do keys.append(constraint.columns) -%}
{%- endfor -%}
{%- if not (not_null or keys) -%}
    {{ exceptions.raise_compiler_error(
        'contract_constraints_hold on ' ~ node.name ~ ': the model declares no not_null or primary_key constraint') }}
{%- endif -%}

{%- for column_name in not_null %}
    {%- if not loop.first %}
        union all
    {%- endif %}
    select
        '{{ column_name }} is null' as violation,
        count(*) as violating_rows
    from {{ model }}
    where {{ column_name }} is null
    having count(*) > 0
{%- endfor %}
{%- for key in keys %}
    {%- if not_null or not loop.first %}
        union all
    {%- endif %}
    select
        'primary key ({{ key | join(", ") }}) repeated' as violation,
        count(*) as violating_rows
    from (
        select {{ key | join(', ') }}
        from {{ model }}
        group by {{ key | join(', ') }}
        having count(*) > 1
    ) as repeated_keys
    having count(*) > 0
{%- endfor %}
{%- endif %}

{% endtest %}
