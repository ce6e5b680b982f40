{#- Wide year columns (y1960, y1961, ... or fy89, ...) to long rows.
    Columns are discovered from the relation at run time, so a new year in a
    publisher's file flows through without a code change. Returns a select with
    `key_columns`, `year_label` (the column's suffix as text) and `value_text`. -#}
{% macro unpivot_year_columns(relation, key_columns, prefix='y') -%}
    {{ return(adapter.dispatch('unpivot_year_columns', 'gpsi')(relation, key_columns, prefix)) }}
{%- endmacro %}

{% macro default__unpivot_year_columns(relation, key_columns, prefix) -%}
    {%- set year_columns = [] -%}
    {%- if execute -%}
        {%- for col in adapter.get_columns_in_relation(relation) -%}
            {%- if modules.re.match('^' ~ prefix ~ '[0-9]{2,4}$', col.name) -%}
                {%- do year_columns.append(col.name) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {%- if year_columns | length == 0 %}
    select
        {% for k in key_columns %}{{ k }}, {% endfor %}
        cast(null as string) as year_label,
        cast(null as string) as value_text
    from {{ relation }}
    where 1 = 0
    {%- endif %}
    {%- for col in year_columns %}
    select
        {% for k in key_columns %}{{ k }}, {% endfor %}
        '{{ col[prefix | length:] }}' as year_label,
        {{ col }} as value_text
    from {{ relation }}
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
{%- endmacro %}

{% macro duckdb__unpivot_year_columns(relation, key_columns, prefix) -%}
    select
        {% for k in key_columns %}{{ k }}, {% endfor %}
        substr(year_column, {{ (prefix | length) + 1 }}) as year_label,
        value_text
    from (
        unpivot (
            select
                {% for k in key_columns %}{{ k }}, {% endfor %}
                columns('^{{ prefix }}[0-9]{2,4}$')
            from {{ relation }}
        )
        on columns('^{{ prefix }}[0-9]{2,4}$')
        into name year_column value value_text
    )
{%- endmacro %}

{#- Spark has no column pattern in UNPIVOT: each row becomes a JSON object of its
    columns, read back as a map and exploded; the year columns are the keys that match
    the pattern. Found at query time like DuckDB's columns(), so it also works on a unit
    test's fixture. Null cells are dropped by to_json, as DuckDB's UNPIVOT drops them. -#}
{% macro spark__unpivot_year_columns(relation, key_columns, prefix) -%}
    select
        {% for k in key_columns %}{{ k }}, {% endfor %}
        substr(year_column, {{ (prefix | length) + 1 }}) as year_label,
        value_text
    from (
        select
            {% for k in key_columns %}{{ k }}, {% endfor %}
            explode(from_json(to_json(struct(*)), 'map<string, string>')) as (year_column, value_text)
        from {{ relation }}
    ) as cells
    where year_column rlike '^{{ prefix }}[0-9]{2,4}$'
{%- endmacro %}
