{#- A floating-point aggregate whose result does not depend on how the engine splits
    the group between threads: `function(arguments)` with its inputs fed in one order.
    Float addition is not associative, so a parallel sum that combines partial sums in a
    schedule-dependent order can differ in its last bits between two equal builds (and a
    near-tie of two countries can flip its rank). DuckDB's ordered aggregate sorts each
    group's inputs first; ordering by the arguments themselves is a total order up to
    ties of equal values, which add up to the same bits in either order. Use it for every
    aggregate of floats (sum, avg, var_*, stddev_*, covar_*, corr, regr_*, skewness,
    kurtosis), alone or as a window (`... over (...)`); integer sums are exact already.
    `order_by` overrides the order (default: the arguments). -#}
{% macro deterministic_agg(function, arguments, order_by=none) -%}
    {{ return(adapter.dispatch('deterministic_agg', 'gpsi')(function, arguments, order_by)) }}
{%- endmacro %}

{% macro default__deterministic_agg(function, arguments, order_by) -%}
    {{ function }}({{ arguments }} order by {{ order_by or arguments }})
{%- endmacro %}

{#- Spark has no ordered aggregates: the plain aggregate (its builds compare with
    DuckDB's within a tolerance, make spark). -#}
{% macro spark__deterministic_agg(function, arguments, order_by) -%}
    {{ function }}({{ arguments }})
{%- endmacro %}
