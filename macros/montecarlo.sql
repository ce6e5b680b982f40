{#- A deterministic uniform number in [0, 1) for an integer SQL expression `k`: the
    fractional part of k times the golden-ratio conjugate (a Weyl sequence). Exact
    IEEE arithmetic, so every engine (and numpy) draws the same numbers; successive
    k are evenly spread, which suits a Monte Carlo over a few parameters. -#}
{% macro weyl_uniform(k) -%}
    (
        cast({{ k }} as double) * cast(0.6180339887498949 as double)
        - floor(cast({{ k }} as double) * cast(0.6180339887498949 as double))
    )
{%- endmacro %}

{#- Continuous (linearly interpolated) quantile `p` of `expr` within a group. -#}
{% macro quantile_continuous(expr, p) -%}
    {{ return(adapter.dispatch('quantile_continuous', 'gpsi')(expr, p)) }}
{%- endmacro %}

{% macro default__quantile_continuous(expr, p) -%}
    quantile_cont({{ expr }}, {{ p }})
{%- endmacro %}

{% macro spark__quantile_continuous(expr, p) -%}
    percentile({{ expr }}, {{ p }})
{%- endmacro %}
