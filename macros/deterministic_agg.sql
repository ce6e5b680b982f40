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

{#- An exact sum of floats, so the same whatever the order of its inputs: each value
    becomes a 38-digit decimal with 18 decimals (DuckDB's cast scales the double by
    10^18, itself exact; values with few digits, like 40.0 or 0.25, stay exact, and the
    rounding stays below a double's own precision for values above 0.01; values of 10^20
    or more fail the cast loudly) and DuckDB adds decimals as 128-bit integers, exactly
    and associatively; the total is rounded to a double once. Several times faster than
    deterministic_agg('sum', ...), which sorts each group's inputs first (at 100 times
    the countries those sorts were most of the index's aggregation time). `over` makes it
    a window: exact_sum('x', 'partition by g'). Spark: the plain sum, as
    deterministic_agg. -#}
{% macro exact_sum(expr, over=none) -%}
    {{ return(adapter.dispatch('exact_sum', 'gpsi')(expr, over)) }}
{%- endmacro %}

{% macro default__exact_sum(expr, over) -%}
    cast(sum(cast({{ expr }} as decimal(38, 18))){% if over %} over ({{ over }}){% endif %} as double)
{%- endmacro %}

{% macro spark__exact_sum(expr, over) -%}
    sum({{ expr }}){% if over %} over ({{ over }}){% endif %}
{%- endmacro %}

{#- Pearson's r and the sample variance from exact sums (exact_sum), as DuckDB's corr
    and var_samp give them up to the last bits but the same whatever the order of the
    inputs, without sorting each group as deterministic_agg does (at 100 times the
    countries, the pairwise indicator correlations sorted 18 million pairs). Pairs with a
    null on either side are skipped, as corr skips them. DuckDB's own edge cases are kept:
    corr is NaN when either side is constant (one pair included) and null without pairs;
    var_samp is 0 for a constant and null below two values. Constancy is tested on min
    and max, exactly, not on a difference of rounded sums. Spark: its corr and var_samp
    (whose zero-variance cases are null, not NaN). -#}
{% macro exact_corr(x, y) -%}
    {{ return(adapter.dispatch('exact_corr', 'gpsi')(x, y)) }}
{%- endmacro %}

{#- n times the sample covariance of a and b (the variance when a is b), from exact sums:
    sum(a * b) - sum(a) * sum(b) / n. -#}
{% macro _exact_comoment(a, b, n) -%}
    ({{ exact_sum('(' ~ a ~ ') * (' ~ b ~ ')') }} - {{ exact_sum(a) }} * {{ exact_sum(b) }} / {{ n }})
{%- endmacro %}

{% macro default__exact_corr(x, y) -%}
    {%- set px = 'case when (' ~ y ~ ') is not null then ' ~ x ~ ' end' -%}
    {%- set py = 'case when (' ~ x ~ ') is not null then ' ~ y ~ ' end' -%}
    {%- set n = 'count(' ~ px ~ ')' -%}
    case
        when {{ n }} = 0 then null
        when min({{ px }}) = max({{ px }}) or min({{ py }}) = max({{ py }})
            then cast('nan' as double)
        else
            {{ _exact_comoment(px, py, n) }}
            / sqrt({{ _exact_comoment(px, px, n) }} * {{ _exact_comoment(py, py, n) }})
    end
{%- endmacro %}

{% macro spark__exact_corr(x, y) -%}
    corr({{ x }}, {{ y }})
{%- endmacro %}

{% macro exact_var_samp(expr) -%}
    {{ return(adapter.dispatch('exact_var_samp', 'gpsi')(expr)) }}
{%- endmacro %}

{% macro default__exact_var_samp(expr) -%}
    case
        when count({{ expr }}) < 2 then null
        when min({{ expr }}) = max({{ expr }}) then cast(0 as double)
        else {{ _exact_comoment(expr, expr, 'count(' ~ expr ~ ')') }} / (count({{ expr }}) - 1)
    end
{%- endmacro %}

{% macro spark__exact_var_samp(expr) -%}
    var_samp({{ expr }})
{%- endmacro %}
