"""The project's own conventions that dbt-project-evaluator does not check (it runs in
`make evaluate`: naming, primary-key tests, contracts on public models, DAG shape):
marts never read staging, every column documented against the catalog, one YAML per
staging folder, public marts with primary-key constraints, compile on an empty
database."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import PROJECT_DIR


def _models(manifest):
    return {
        node_id: node
        for node_id, node in manifest["nodes"].items()
        if node["resource_type"] == "model" and node["package_name"] == "gpsi"
    }


def _layer(node):
    return node["fqn"][1]


def test_layers_flow_one_way(manifest):
    models = _models(manifest)
    for node in models.values():
        layer = _layer(node)
        parents = node["depends_on"]["nodes"]
        reads_source = any(p.startswith("source.") for p in parents)
        assert reads_source == (layer == "staging"), f"{node['name']} source() use"
        for parent in parents:
            if not parent.startswith("model."):
                continue
            parent_layer = _layer(models[parent])
            if layer == "staging":
                pytest.fail(f"staging model {node['name']} reads model {parent}")
            if layer == "marts":
                assert parent_layer != "staging", f"{node['name']} reads staging {parent}"
            if layer == "intermediate":
                assert parent_layer in ("staging", "intermediate"), (node["name"], parent)


def test_every_model_and_column_documented(manifest, built_warehouse):
    catalog = json.loads((built_warehouse / "build" / "target" / "catalog.json").read_text())
    for node_id, node in _models(manifest).items():
        assert node["description"].strip(), f"{node['name']} has no description"
        documented = {c for c, meta in node["columns"].items() if meta["description"].strip()}
        actual = {c.lower() for c in catalog["nodes"][node_id]["columns"]}
        assert actual - documented == set(), f"{node['name']} undocumented: {actual - documented}"
        assert documented - actual == set(), f"{node['name']} documents unknown columns"


def test_every_seed_and_source_documented(manifest):
    for node in manifest["nodes"].values():
        if node["resource_type"] == "seed" and node["name"] != "dbt_project_evaluator_exceptions":
            # (the evaluator package documents its exceptions seed; ours only fills it)
            assert node["description"].strip(), node["name"]
            assert all(c["description"].strip() for c in node["columns"].values()), node["name"]
    for source in manifest["sources"].values():
        assert source["description"].strip(), source["name"]
        if source["source_name"] in ("loader_manifest", "edition_archive"):
            continue  # the loader's own bookkeeping; the archive publish writes
        assert source["loaded_at_field"] == "_loaded_at", source["name"]
        assert source["freshness"]["warn_after"]["count"], source["name"]


def test_yaml_beside_the_sql():
    """Staging: one sources and one models YAML per source folder. Intermediate and
    marts: a YAML per model beside its SQL, holding its tests and unit tests; models
    whose unit tests share their inputs (a YAML anchor) may share one file, in the same
    folder."""
    import yaml

    for folder in (PROJECT_DIR / "models" / "staging").iterdir():
        if folder.is_dir():
            assert (folder / f"_{folder.name}__sources.yml").exists(), folder
            assert (folder / f"_{folder.name}__models.yml").exists(), folder
    for layer in ("intermediate", "marts"):
        for sql in (PROJECT_DIR / "models" / layer).rglob("*.sql"):
            declared = {
                model["name"]
                for path in sql.parent.glob("*.yml")
                for model in (yaml.safe_load(path.read_text()) or {}).get("models", [])
            }
            assert sql.stem in declared, sql


def test_no_legacy_tests_key():
    for path in Path(PROJECT_DIR / "models").rglob("*.yml"):
        assert not re.search(r"^\s+tests:", path.read_text(), re.M), path


def test_marts_are_public_with_primary_keys(manifest):
    for node in _models(manifest).values():
        if _layer(node) == "marts":
            assert node["access"] == "public", node["name"]
            kinds = {c["type"] for c in node.get("constraints", [])}
            assert "primary_key" in kinds, f"{node['name']} has no model-level primary key"


def test_dbt_compiles_on_an_empty_database(tmp_path):
    """No compile-time query: a fresh clone compiles before anything is loaded."""
    from conftest import dbt_cli

    proc = dbt_cli(tmp_path / "empty.duckdb", tmp_path, "compile", "--quiet")
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert (tmp_path / "empty.duckdb").is_file()  # the database dbt compiled against


# Aggregates whose result depends on the order their inputs are added in when they are
# floats. DuckDB splits a large group between its threads and combines the partial
# results in a schedule-dependent order, so these go through the exact-aggregate macros
# (macros/exact_aggregates.sql: sums of decimals, 128-bit integer additions exact in any
# order, or for skewness and kurtosis an ordered aggregate) or a window over an explicit
# order.
FLOAT_AGGREGATES = {
    "sum", "avg", "mean", "fsum", "sumkahan", "kahan_sum", "var_pop", "var_samp", "variance",
    "stddev", "stddev_pop", "stddev_samp", "covar_pop", "covar_samp", "corr", "skewness",
    "kurtosis", "kurtosis_pop", "regr_slope", "regr_intercept", "regr_r2", "regr_avgx",
    "regr_avgy", "regr_sxx", "regr_syy", "regr_sxy",
}  # fmt: skip
# Aggregates of integers (exact in any order), by model and the aggregate's own text.
EXACT_AGGREGATES = {
    ("int_sources_summarised", "sum(row_count)"),  # bigint counts
    ("int_sources_summarised", "sum(size_bytes)"),
    ("fct_forecast_backtest", "avg("),  # of 1 and 0: an integer sum, then one division
    ("int_forecast_predictions", "sum(pair_sums.group_pairs)"),  # bigint counts
    # ranks are bigint
    ("int_uncertainty_intervals_summarised", "sum(draw_rank"),
    ("int_uncertainty_sensitivity_summarised", "sum(base_pairs.rank_b"),
    ("int_uncertainty_sensitivity_summarised", "sum((base_pairs.rank_a"),
}


def _is_decimal_sum(node: dict) -> bool:
    """sum(cast(... as decimal(...))): exact, so its order does not matter."""
    arguments = node.get("arguments") or node.get("children") or []
    if node.get("function_name", "").lower() != "sum" or len(arguments) != 1:
        return False
    argument = arguments[0].get("expression", arguments[0])
    type_name = ((argument.get("type_expr") or {}).get("type_name") or "").upper()
    return argument.get("class") == "CAST" and type_name == "DECIMAL"


def _unordered_aggregates(node: dict, found: list) -> list:
    """Every float aggregate in a DuckDB syntax tree (json_serialize_sql) with no order:
    no ORDER BY among its arguments, and as a window, none in its window either; a sum
    of decimals is exact in any order."""
    if isinstance(node, dict):
        if (
            node.get("class") in ("FUNCTION", "WINDOW")
            and node.get("function_name", "").lower() in FLOAT_AGGREGATES
            and not _is_decimal_sum(node)
        ):
            orders = (node.get("order_bys") or {}).get("orders") or []
            orders = orders + (node.get("arg_orders") or []) + (node.get("orders") or [])
            if not orders:
                found.append(node)
        for value in node.values():
            _unordered_aggregates(value, found)
    elif isinstance(node, list):
        for value in node:
            _unordered_aggregates(value, found)
    return found


def test_float_aggregates_add_up_in_one_order(manifest):
    """Two builds of the same inputs give the same bits with any number of DuckDB
    threads: every float aggregate in every compiled model is ordered (DuckDB's parser
    reads the compiled SQL), apart from the integer ones listed with their reasons."""
    import duckdb

    con = duckdb.connect()
    checked, unordered = 0, []
    for node in _models(manifest).values():
        if node["language"] == "python":
            continue  # gpsi.early_warning sorts its inputs before any float sum
        sql = node["compiled_code"]
        tree = json.loads(con.execute("select json_serialize_sql(?)", [sql]).fetchone()[0])
        assert not tree.get("error"), f"{node['name']}: {tree.get('error_message')}"
        for agg in _unordered_aggregates(tree["statements"], []):
            start = agg["query_location"]
            text = sql[start : start + agg.get("query_location_length", 40)]
            text = " ".join(text.split())
            exact = any(
                node["name"] == model and text.startswith(prefix)
                for model, prefix in EXACT_AGGREGATES
            )
            if not exact:
                unordered.append(f"{node['name']}: {text}")
        checked += 1
    assert checked > 80
    assert unordered == [], "\n".join(unordered)
