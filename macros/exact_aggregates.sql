{#- Exact aggregates: the project's one way to aggregate floats, so that two builds of
    the same inputs give the same bits on any number of DuckDB threads.

    Why: float addition is not associative, and DuckDB splits a large group between its
    threads and combines the partial results in a schedule-dependent order, so a plain
    sum (or avg, var_samp, corr, ...) can differ in its last bits between two equal
    builds, and a near-tie of two countries can flip its rank.

    How: every sum is exact. Each value becomes a DECIMAL(38, 18) (DuckDB's cast scales
    the double by 10^18, itself exact; values with few digits, like 40.0 or 0.25, stay
    exact, and the rounding stays below a double's own precision for values above 0.01;
    values of 10^20 or more fail the cast loudly); DuckDB adds decimals as 128-bit
    integers, exactly and in any order; the total is rounded to a double once. The mean,
    the sample variance and standard deviation and Pearson's r are formulas over such
    sums (the moments as sum(a * b) - sum(a) * sum(b) / n), with DuckDB's own edge cases:
    corr is NaN when either side is constant and null without pairs, var_samp is 0 for a
    constant and null below two values (constancy tested exactly, on min and max). The
    third and fourth moments (exact_skewness, exact_excess_kurtosis) would overflow the
    decimal for values above 10^5, so they are DuckDB's sample estimators with their
    inputs fed in one order (an ordered aggregate).

    `over`, where a macro takes it, makes it a window aggregate: the window as written
    after OVER (a name, or a specification in parentheses).

    Spark has no ordered aggregates and no 128-bit decimal sums: it gets its plain
    aggregates (make spark compares its marts with DuckDB's within a tolerance), and its
    skewness and kurtosis (population estimators) adjusted for n.

    tests/python/test_project_conventions.py rejects any other float aggregate in the
    compiled models. -#}

{%- macro _window(over) -%}
    {% if over %} over {{ over }}{% endif %}
{%- endmacro %}

{% macro exact_sum(expr, over=none) -%}
    {{ return(adapter.dispatch('exact_sum', 'gpsi')(expr, over)) }}
{%- endmacro %}

{% macro default__exact_sum(expr, over) -%}
    cast(sum(cast({{ expr }} as decimal(38, 18))){{ _window(over) }} as double)
{%- endmacro %}

{% macro spark__exact_sum(expr, over) -%}
    sum({{ expr }}){{ _window(over) }}
{%- endmacro %}

{% macro exact_avg(expr, over=none) -%}
    {{ return(adapter.dispatch('exact_avg', 'gpsi')(expr, over)) }}
{%- endmacro %}

{% macro default__exact_avg(expr, over) -%}
    ({{ exact_sum(expr, over) }} / count({{ expr }}){{ _window(over) }})
{%- endmacro %}

{% macro spark__exact_avg(expr, over) -%}
    avg({{ expr }}){{ _window(over) }}
{%- endmacro %}

{#- n times the sample covariance of a and b (the variance when a is b). -#}
{% macro _exact_comoment(a, b, n, over) -%}
    ({{ exact_sum('(' ~ a ~ ') * (' ~ b ~ ')', over) }}
    - {{ exact_sum(a, over) }} * {{ exact_sum(b, over) }} / {{ n }})
{%- endmacro %}

{% macro exact_var_samp(expr, over=none) -%}
    {{ return(adapter.dispatch('exact_var_samp', 'gpsi')(expr, over)) }}
{%- endmacro %}

{% macro default__exact_var_samp(expr, over) -%}
    {%- set n = 'count(' ~ expr ~ ')' ~ _window(over) -%}
    case
        when {{ n }} < 2 then null
        when min({{ expr }}){{ _window(over) }} = max({{ expr }}){{ _window(over) }}
            then cast(0 as double)
        else {{ _exact_comoment(expr, expr, n, over) }} / ({{ n }} - 1)
    end
{%- endmacro %}

{% macro spark__exact_var_samp(expr, over) -%}
    var_samp({{ expr }}){{ _window(over) }}
{%- endmacro %}

{% macro exact_stddev_samp(expr, over=none) -%}
    {{ return(adapter.dispatch('exact_stddev_samp', 'gpsi')(expr, over)) }}
{%- endmacro %}

{% macro default__exact_stddev_samp(expr, over) -%}
    sqrt({{ exact_var_samp(expr, over) }})
{%- endmacro %}

{% macro spark__exact_stddev_samp(expr, over) -%}
    stddev_samp({{ expr }}){{ _window(over) }}
{%- endmacro %}

{% macro exact_corr(x, y, over=none) -%}
    {{ return(adapter.dispatch('exact_corr', 'gpsi')(x, y, over)) }}
{%- endmacro %}

{% macro default__exact_corr(x, y, over) -%}
    {#- Pairs with a null on either side are skipped, as corr skips them. -#}
    {%- set px = 'case when (' ~ y ~ ') is not null then ' ~ x ~ ' end' -%}
    {%- set py = 'case when (' ~ x ~ ') is not null then ' ~ y ~ ' end' -%}
    {%- set n = 'count(' ~ px ~ ')' ~ _window(over) -%}
    case
        when {{ n }} = 0 then null
        when
            min({{ px }}){{ _window(over) }} = max({{ px }}){{ _window(over) }}
            or min({{ py }}){{ _window(over) }} = max({{ py }}){{ _window(over) }}
            then cast('nan' as double)
        else
            {{ _exact_comoment(px, py, n, over) }}
            / sqrt({{ _exact_comoment(px, px, n, over) }} * {{ _exact_comoment(py, py, n, over) }})
    end
{%- endmacro %}

{% macro spark__exact_corr(x, y, over) -%}
    corr({{ x }}, {{ y }}){{ _window(over) }}
{%- endmacro %}

{#- Sample-adjusted skewness (G1) and excess kurtosis (G2) of a group, as Excel's SKEW
    and KURT and pandas compute them; null when the group has too few values or no
    spread. -#}
{% macro exact_skewness(expr) -%}
    {{ return(adapter.dispatch('exact_skewness', 'gpsi')(expr)) }}
{%- endmacro %}

{% macro default__exact_skewness(expr) -%}
    skewness({{ expr }} order by {{ expr }})
{%- endmacro %}

{% macro spark__exact_skewness(expr) -%}
    case
        when count({{ expr }}) > 2
            then skewness({{ expr }})
            * sqrt(count({{ expr }}) * (count({{ expr }}) - 1.0)) / (count({{ expr }}) - 2.0)
    end
{%- endmacro %}

{% macro exact_excess_kurtosis(expr) -%}
    {{ return(adapter.dispatch('exact_excess_kurtosis', 'gpsi')(expr)) }}
{%- endmacro %}

{% macro default__exact_excess_kurtosis(expr) -%}
    kurtosis({{ expr }} order by {{ expr }})
{%- endmacro %}

{% macro spark__exact_excess_kurtosis(expr) -%}
    case
        when count({{ expr }}) > 3
            then ((count({{ expr }}) + 1.0) * kurtosis({{ expr }}) + 6.0)
            * (count({{ expr }}) - 1.0)
            / ((count({{ expr }}) - 2.0) * (count({{ expr }}) - 3.0))
    end
{%- endmacro %}
