"""Stand-in for dbt's `adapter` object when sqlfluff renders models with its jinja
templater (no database, no dbt). `adapter.dispatch(name)` returns a callable that
renders a minimal SQL fragment of the right shape, so the calling model still parses
and is linted; the macros themselves are linted in macros/."""

_SHAPES = {
    "to_number": "cast(null as double)",
    "unpivot_year_columns": "select null as year_label, null as value_text",
    "year_series": "select 1 as year_value",
    "string_agg_ordered": "string_agg(null, ', ')",
    "quantile_continuous": "quantile_cont(null, 0.5)",
    "quantiles_continuous": "quantile_cont(null, [0.5])",
    "last_value_ignoring_nulls": "last_value(null)",
    "first_value_ignoring_nulls": "first_value(null)",
    "cte_materialization": "materialized",
    "sorted_values": "list_sort(list(null))",
}


def _deterministic_agg(function, arguments, order_by=None):
    return f"{function}({arguments} order by {order_by or arguments})"


def dispatch(macro_name, macro_namespace=None):
    if macro_name == "deterministic_agg":
        return _deterministic_agg  # DuckDB's shape, arguments included
    shape = _SHAPES.get(macro_name, "null")

    def render(*args, **kwargs):
        return shape

    return render


def get_columns_in_relation(relation):
    return []
