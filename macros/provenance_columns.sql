{#- The loader's provenance columns, renamed as every staging model exposes them: the
    raw file and row each staged row comes from, its checksum and landing time. -#}
{% macro provenance_columns() -%}
        _source_file as source_file,
        _source_row as source_row,
        _source_sha256 as source_sha256,
        _loaded_at as loaded_at
{%- endmacro %}
