{#- Long observation rows from a staged relation with one column per indicator.
    `indicators` maps column name -> indicator_id. The relation must expose
    entity_code, entity_name, reference_year and the provenance columns; rows with a
    null value are skipped (missing is not an observation). -#}
{% macro observations_from_columns(
    relation, source_id, indicators, edition_year='cast(null as integer)',
    lower_bound='cast(null as double)', upper_bound='cast(null as double)'
) -%}
    {%- for column, indicator_id in indicators.items() %}
    select
        '{{ source_id }}' as source_id,
        entity_code,
        entity_name,
        reference_year,
        {{ edition_year }} as edition_year,
        '{{ indicator_id }}' as indicator_id,
        cast({{ column }} as double) as value,
        {{ lower_bound }} as lower_bound,
        {{ upper_bound }} as upper_bound,
        source_file,
        source_row,
        source_sha256
    from {{ relation }}
    where {{ column }} is not null
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
{%- endmacro %}
