"""Every mart of two DuckDB warehouses, compared by key (compare.py): a change that
should not move a number (a refactoring) must leave every mart equal.

    python -m gpsi_dev.compare_marts BEFORE.duckdb AFTER.duckdb [--manifest PATH]

Keys come from the marts' primary-key constraints in the manifest (default: the one
`gpsi run` wrote, warehouse/build/target/manifest.json). A mart in one warehouse
only is a difference. Exit status 1 on any difference beyond the tolerance."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import duckdb

from gpsi.sql import ident

from .compare import TOLERANCE, Comparison, compare_rows, marts, primary_key


def _tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    rows = con.execute(
        "select table_name from information_schema.tables where table_schema = 'marts'"
    ).fetchall()
    return {r[0] for r in rows}


def _rows(con: duckdb.DuckDBPyConnection, mart: str) -> tuple[list[str], list[tuple]]:
    relation = con.execute(f"select * from {ident('marts', mart)}")
    return [d[0] for d in relation.description], relation.fetchall()


def compare_warehouses(
    before: Path, after: Path, manifest: dict, tolerance: float
) -> list[Comparison]:
    old = duckdb.connect(str(before), read_only=True)
    new = duckdb.connect(str(after), read_only=True)
    try:
        old_tables, new_tables = _tables(old), _tables(new)
        results = []
        for mart in sorted(set(marts(manifest)) | old_tables | new_tables):
            if mart not in old_tables or mart not in new_tables:
                where = "before" if mart in old_tables else "after"
                results.append(Comparison(mart, [], problems=[f"only in the warehouse {where}"]))
                continue
            key = primary_key(manifest, mart)
            old_columns, old_rows = _rows(old, mart)
            new_columns, new_rows = _rows(new, mart)
            if old_columns != new_columns:
                problem = f"columns differ: before {old_columns}, after {new_columns}"
                results.append(Comparison(mart, key, problems=[problem]))
                continue
            names = ("before", "after")
            results.append(
                compare_rows(mart, key, old_columns, old_rows, new_rows, names, tolerance)
            )
        return results
    finally:
        old.close()
        new.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    manifest = Path("warehouse/build/target/manifest.json")
    parser.add_argument("--manifest", type=Path, default=manifest)
    parser.add_argument("--tolerance", type=float, default=TOLERANCE)
    args = parser.parse_args(argv)
    manifest = json.loads(args.manifest.read_text())
    results = compare_warehouses(args.before, args.after, manifest, args.tolerance)
    for result in results:
        print(result.summary())
        for problem in result.problems:
            print(f"    {problem}")
    different = [r.mart for r in results if r.problems]
    print(
        f"{len(results)} marts, {sum(r.rows for r in results):,} rows, "
        f"{sum(r.values for r in results):,} values, max difference "
        f"{max((r.max_difference for r in results), default=0.0):.1e} (tolerance "
        f"{args.tolerance:.0e}): "
        + (f"DIFFERENT: {', '.join(different)}" if different else "equal")
    )
    return 1 if different else 0


if __name__ == "__main__":
    sys.exit(main())
