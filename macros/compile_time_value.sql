{#- One value read from an upstream relation when the calling model runs, so a model's
    SQL can take its shape from the method (how many slots, how many rows of a window)
    rather than from a fixed capacity. `sql` selects one row and one column from
    `relation` (an upstream ref of the caller). Without a database to read (dbt parse,
    docs without compiling, the linter on an empty database) it is `default`: the SQL's
    shape only, never run. -#}
{% macro compile_time_value(relation, sql, default) %}
    {%- if execute and adapter.get_relation(
        database=relation.database, schema=relation.schema, identifier=relation.identifier
    ) is not none -%}
        {%- set value = run_query(sql).rows[0][0] -%}
        {{ return(value if value is not none else default) }}
    {%- endif -%}
    {{ return(default) }}
{% endmacro %}
