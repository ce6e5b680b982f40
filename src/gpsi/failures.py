"""A failed build explained: the raw file and row behind each failing test's rows."""

from __future__ import annotations

import json

import duckdb

from .dbt_runner import invoke_dbt
from .paths import Paths
from .sql import ident

MAX_ROWS_NAMED = 5


PROVENANCE = (("source_file", "source_row"), ("_source_file", "_source_row"))


def _provenance(columns: list[str]) -> tuple[str, str] | None:
    """The (file, row) provenance columns among `columns`: staging renames the raw
    _source_file/_source_row to source_file/source_row."""
    return next((pair for pair in PROVENANCE if set(pair) <= set(columns)), None)


def _rows_named(con, failures: str, model: str | None, column: str | None) -> str:
    """The raw file and rows behind the stored failures of one test: read from the
    failing rows when they carry their provenance, else by joining the failing values
    back to the tested model; else the first failing rows as they are."""
    cols = [d[0] for d in con.execute(f"select * from {failures} limit 0").description]
    sql = None
    if pair := _provenance(cols):
        sql = f"select {ident(pair[0])}, {ident(pair[1])} from {failures}"
    elif model and column:
        model_cols = [d[0] for d in con.execute(f"select * from {model} limit 0").description]
        if pair := _provenance(model_cols):
            sql = (
                f"select {ident(pair[0])}, {ident(pair[1])} from {model} "
                f"where {ident(column)} in (select {ident(cols[0])} from {failures})"
            )
    if sql is None:
        rows = con.execute(f"select * from {failures} limit 3").fetchall()
        return "; ".join(", ".join(f"{c}={v}" for c, v in zip(cols, r, strict=False)) for r in rows)
    found = con.execute(f"{sql} order by all limit {MAX_ROWS_NAMED + 1}").fetchall()
    by_file: dict[str, list[str]] = {}
    for file, row in found[:MAX_ROWS_NAMED]:
        by_file.setdefault(file, []).append(str(row))
    more = " and more" if len(found) > MAX_ROWS_NAMED else ""
    return "; ".join(f"{f} row {', '.join(r)}" for f, r in by_file.items()) + more


def explain_test_failures(paths: Paths) -> str:
    """For every failing data test of the last build, the raw file and row of each failing
    record (the fix a user must make): the failing tests are run again with their failing
    rows stored (schema dbt_test__audit of the build database), which costs nothing on a
    green build."""

    results_path = paths.target_dir / "run_results.json"
    manifest_path = paths.target_dir / "manifest.json"
    if not results_path.exists() or not manifest_path.exists():
        return ""
    failing = [
        r["unique_id"]
        for r in json.loads(results_path.read_text()).get("results", [])
        if r["unique_id"].startswith("test.") and r.get("status") in ("fail", "error")
    ]
    if not failing:
        return ""
    nodes = json.loads(manifest_path.read_text())["nodes"]
    names = [nodes[u]["name"] for u in failing if u in nodes]
    try:
        invoke_dbt(paths, ["test", "--store-failures", "--select", *names])  # read, not raised
        stored = {
            r["unique_id"]: r.get("relation_name")
            for r in json.loads(results_path.read_text()).get("results", [])
        }
        con = duckdb.connect(str(paths.build_db), read_only=True)
    except (duckdb.Error, OSError, ValueError) as exc:
        return f"  (failing rows could not be traced to raw files: {exc})"
    lines = []
    try:
        for unique_id in failing:
            node, relation = nodes.get(unique_id, {}), stored.get(unique_id)
            if not relation:
                continue
            attached = nodes.get(node.get("attached_node") or "", {})
            model = attached.get("relation_name")
            column = node.get("column_name") or (node.get("test_metadata") or {}).get(
                "kwargs", {}
            ).get("column_name")
            try:
                named = _rows_named(con, relation, model, column)
            except duckdb.Error as exc:
                named = f"(not traceable: {str(exc).splitlines()[0][:120]})"
            lines.append(f"  {node.get('name', unique_id)}: {named}")
    finally:
        con.close()
    return "failing records, by raw file and row:\n" + "\n".join(lines) if lines else ""
