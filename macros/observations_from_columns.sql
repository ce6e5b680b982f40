{#- Observation rows in the long shape of int_observations_unioned:
    source_id, entity_code, entity_name, reference_year, edition_year, indicator_id,
    value, lower_bound, upper_bound, source_file, source_row, source_sha256.
    The relation must expose entity_code, entity_name, reference_year and the
    provenance columns; rows with a null value are skipped (missing is not an
    observation). -#}
{% macro _observation_select(
    relation, source_id, indicator_sql, value_column, edition_year, lower_bound, upper_bound
) -%}
    select
        '{{ source_id }}' as source_id,
        entity_code,
        entity_name,
        reference_year,
        {{ edition_year }} as edition_year,
        {{ indicator_sql }} as indicator_id,
        cast({{ value_column }} as double) as value,
        {{ lower_bound }} as lower_bound,
        {{ upper_bound }} as upper_bound,
        source_file,
        source_row,
        source_sha256
    from {{ relation }}
    where {{ value_column }} is not null
{%- endmacro %}

{#- From a wide relation with one column per indicator: `indicators` maps column
    name -> indicator_id. -#}
{% macro observations_from_columns(
    relation, source_id, indicators, edition_year='cast(null as integer)',
    lower_bound='cast(null as double)', upper_bound='cast(null as double)'
) -%}
    {%- for column, indicator_id in indicators.items() %}
    {{ _observation_select(
        relation, source_id, "'" ~ indicator_id ~ "'", column,
        edition_year, lower_bound, upper_bound) }}
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
{%- endmacro %}

{#- From a relation that is already long: it has `indicator_id` and `value`
    columns. -#}
{% macro observations_from_long(
    relation, source_id, edition_year='cast(null as integer)',
    lower_bound='cast(null as double)', upper_bound='cast(null as double)'
) -%}
    {{ _observation_select(
        relation, source_id, 'indicator_id', 'value',
        edition_year, lower_bound, upper_bound) }}
{%- endmacro %}
