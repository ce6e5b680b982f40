{#- A parameter of the method seed (seeds/method/method.csv) as a literal, for the few
    places SQL needs a constant (the probability of a quantile). Read when the model runs
    (the seed is built first: the model refs it), `default` while dbt only parses. -#}
{% macro method_value(column, default) -%}
    {%- if execute -%}
        {%- set found = run_query("select " ~ column ~ " from " ~ ref('method')) -%}
        {{- return(found.columns[0].values()[0]) -}}
    {%- endif -%}
    {{- return(default) -}}
{%- endmacro %}
