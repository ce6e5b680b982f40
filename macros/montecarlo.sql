{#- A seeded pseudo-random uniform number in [0, 1) for a text key: the first 52 bits of
    the key's md5 over 2^52. Each parameter of each draw hashes its own key (seed,
    sample, row, parameter), so parameters are independent, and md5 is the same on every
    engine, so DuckDB and Spark (and Python's hashlib) draw the same numbers. -#}
{% macro hash_uniform(key) -%}
    {{ return(adapter.dispatch('hash_uniform', 'gpsi')(key)) }}
{%- endmacro %}

{% macro default__hash_uniform(key) -%}
    (cast(('0x' || substr(md5({{ key }}), 1, 13)) as bigint) / 4503599627370496.0)
{%- endmacro %}

{% macro spark__hash_uniform(key) -%}
    (cast(conv(substr(md5({{ key }}), 1, 13), 16, 10) as bigint) / 4503599627370496.0)
{%- endmacro %}

{#- Continuous (linearly interpolated) quantiles of `expr` within a group, for a list of
    probabilities `ps`, in one aggregate (the group's values are sorted once, not once per
    probability): an array in the order of `ps`; read its items with array_item(). -#}
{% macro quantiles_continuous(expr, ps) -%}
    {{ return(adapter.dispatch('quantiles_continuous', 'gpsi')(expr, ps)) }}
{%- endmacro %}

{% macro default__quantiles_continuous(expr, ps) -%}
    quantile_cont({{ expr }}, [{{ ps | join(', ') }}])
{%- endmacro %}

{% macro spark__quantiles_continuous(expr, ps) -%}
    percentile({{ expr }}, array({{ ps | join(', ') }}))
{%- endmacro %}

{#- Item `position` (1-based) of an array: DuckDB lists are 1-based, Spark arrays 0-based
    with [], so Spark uses element_at (1-based). -#}
{% macro array_item(expr, position) -%}
    {{ return(adapter.dispatch('array_item', 'gpsi')(expr, position)) }}
{%- endmacro %}

{% macro default__array_item(expr, position) -%}
    {{ expr }}[{{ position }}]
{%- endmacro %}

{% macro spark__array_item(expr, position) -%}
    element_at({{ expr }}, {{ position }})
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

{#- A group's values as an array in ascending order: an aggregate expression. -#}
{% macro sorted_values(expr) -%}
    {{ return(adapter.dispatch('sorted_values', 'gpsi')(expr)) }}
{%- endmacro %}

{% macro default__sorted_values(expr) -%}
    list_sort(list({{ expr }}))
{%- endmacro %}

{% macro spark__sorted_values(expr) -%}
    array_sort(collect_list({{ expr }}))
{%- endmacro %}

{#- The linearly interpolated quantile (as quantile_cont) of a group's values, from their
    ascending array (sorted_values) and the target position p * (n - 1), for a
    probability p that is data (a column), not a constant. -#}
{% macro quantile_from_sorted(sorted, target) -%}
    {%- set below = array_item(sorted, 'cast(floor(' ~ target ~ ') as integer) + 1') -%}
    {%- set above = array_item(sorted, 'cast(ceil(' ~ target ~ ') as integer) + 1') -%}
    (
        {{ below }}
        + ({{ target }} - floor({{ target }}))
        * ({{ above }} - {{ below }})
    )
{%- endmacro %}

{#- The keyword that decides how a common table expression read by several parts of a
    query is computed. materialized = true: once, and held (DuckDB may otherwise inline
    it into each reader). materialized = false: again by each reader, for wide CTEs of
    millions of rows that are cheap to recompute (DuckDB otherwise materialises every CTE
    read twice, and holding one spills gigabytes at scale). Spark has no such keyword
    (it inlines, and its plan reuses exchanges). -#}
{% macro cte_materialization(materialized) -%}
    {{ return(adapter.dispatch('cte_materialization', 'gpsi')(materialized)) }}
{%- endmacro %}

{% macro default__cte_materialization(materialized) -%}
{%- endmacro %}

{% macro duckdb__cte_materialization(materialized) -%}
    {{ 'materialized' if materialized else 'not materialized' }}
{%- endmacro %}
