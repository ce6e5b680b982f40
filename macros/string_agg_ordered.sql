{#- Concatenate `expr` over a group, separated by `separator` (a SQL string
    literal), in the order of `order_by`. -#}
{% macro string_agg_ordered(expr, separator, order_by) -%}
    {{ return(adapter.dispatch('string_agg_ordered', 'gpsi')(expr, separator, order_by)) }}
{%- endmacro %}

{% macro default__string_agg_ordered(expr, separator, order_by) -%}
    string_agg({{ expr }}, {{ separator }} order by {{ order_by }})
{%- endmacro %}

{% macro spark__string_agg_ordered(expr, separator, order_by) -%}
    array_join(
        transform(
            array_sort(collect_list(struct({{ order_by }} as k, {{ expr }} as v))),
            x -> x.v
        ),
        {{ separator }}
    )
{%- endmacro %}
