{#- Rows of `model` where any of `column_names` is null: one query for all the columns a
    model guarantees, instead of one not_null test (one dbt node, one scan) per column.
    The same guarantee as per-column not_null tests; failing rows come back whole, with
    their provenance columns, so a failure names the raw file and row. -#}
{% test not_null_columns(model, column_names) %}

select *
from {{ model }}
where
    {%- for column_name in column_names %}
        {% if not loop.first %}or {% endif %}{{ column_name }} is null
    {%- endfor %}

{% endtest %}
