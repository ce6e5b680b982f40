{#- Sample-adjusted skewness (G1) and excess kurtosis (G2) of a group, as Excel's SKEW
    and KURT and pandas compute them: the engine's built-in aggregates where they are
    the sample estimators (DuckDB), or the population ones adjusted for n (Spark's
    skewness() and kurtosis() are population g1 and excess g2). Null when the group has
    too few values or no spread. -#}
{% macro sample_skewness(expr) -%}
    {{ return(adapter.dispatch('sample_skewness', 'gpsi')(expr)) }}
{%- endmacro %}

{% macro default__sample_skewness(expr) -%}
    {{ deterministic_agg('skewness', expr) }}
{%- endmacro %}

{% macro spark__sample_skewness(expr) -%}
    case
        when count({{ expr }}) > 2
            then skewness({{ expr }})
            * sqrt(count({{ expr }}) * (count({{ expr }}) - 1.0)) / (count({{ expr }}) - 2.0)
    end
{%- endmacro %}

{% macro sample_excess_kurtosis(expr) -%}
    {{ return(adapter.dispatch('sample_excess_kurtosis', 'gpsi')(expr)) }}
{%- endmacro %}

{% macro default__sample_excess_kurtosis(expr) -%}
    {{ deterministic_agg('kurtosis', expr) }}
{%- endmacro %}

{% macro spark__sample_excess_kurtosis(expr) -%}
    case
        when count({{ expr }}) > 3
            then ((count({{ expr }}) + 1.0) * kurtosis({{ expr }}) + 6.0)
            * (count({{ expr }}) - 1.0)
            / ((count({{ expr }}) - 2.0) * (count({{ expr }}) - 3.0))
    end
{%- endmacro %}
