"""The same dbt project on Apache Spark (make spark): land the raw snapshot as Parquet,
`dbt build --target spark` on a local pyspark session (every model, seed, data test and
unit test), then compare every mart (those in COMPARED first) with the published DuckDB
build.

dbt runs in this process (dbtRunner), so the comparison reads the marts through the very
SparkSession dbt-spark used (`method: session`). The published DuckDB warehouse must be
built from the same code and snapshot (its fingerprint is checked): `make spark` runs
`gpsi run` first.
"""

from __future__ import annotations

import json
import logging
import math
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from .land import land
from .pipeline import (
    BuildError,
    Paths,
    _invoke_dbt,
    _Progress,
    failed_nodes,
    fingerprint,
    published_fingerprint,
)
from .sql import ident

log = logging.getLogger(__name__)

# The index, its dimensions and its indicators are compared first; then every other
# mart (all are contracted, with a primary key). Keys come from each mart's primary-key
# constraint in the manifest.
COMPARED = ("fct_gpsi", "fct_dimension_scores", "fct_indicator_scores")
TOLERANCE = 1e-9


@dataclass
class Comparison:
    mart: str
    key: list[str]
    rows: int = 0
    values: int = 0
    max_difference: float = 0.0
    problems: list[str] = field(default_factory=list)


def spark_dir(paths: Paths) -> Path:
    return paths.warehouse_dir / "spark"


def _quiet_spark(_event) -> None:
    """dbt event callback: once dbt-spark has started the session, keep Spark's own log
    to errors (otherwise a warning per query on stderr)."""
    from pyspark.sql import SparkSession

    session = SparkSession._instantiatedSession
    if session is not None and not getattr(_quiet_spark, "done", False):
        session.sparkContext.setLogLevel("ERROR")
        _quiet_spark.done = True


def build_on_spark(paths: Paths, raw_dir: Path) -> dict[str, dict[str, int]]:
    """Land the raw files (Parquet copy included) and `dbt build --target spark`; returns
    counts of nodes by resource type and status. Raises BuildError on any failure."""
    root = spark_dir(paths)
    land(raw_dir, paths.build_db, parquet_dir=root / "raw")
    env = {"GPSI_SPARK_DIR": str(root), "GPSI_RAW_PARQUET_DIR": str(root / "raw")}
    target = root / "target"
    started = time.perf_counter()
    log.info("  dbt build --target spark ... (local pyspark; about 4 minutes)")
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas")
        result = _invoke_dbt(
            paths,
            ["build", "--target", "spark"],
            callbacks=[_quiet_spark, _Progress()],
            target_dir=target,
            extra_env=env,
        )
    seconds = time.perf_counter() - started
    if not result.success:
        detail = failed_nodes(target) if result.exception is None else f"  {result.exception}"
        raise BuildError(f"dbt build on Spark failed after {seconds:.0f} s\n{detail}")
    counts: dict[str, dict[str, int]] = {}
    for node_result in result.result.results:
        kind = node_result.node.resource_type
        kind = "unit test" if kind == "unit_test" else str(kind).replace("_", " ")
        status = str(node_result.status)
        counts.setdefault(kind, {}).setdefault(status, 0)
        counts[kind][status] += 1
    log.info(f"  dbt build on Spark ok in {seconds:.0f} s")
    return counts


def primary_key(manifest: dict, mart: str) -> list[str]:
    node = manifest["nodes"][f"model.gpsi.{mart}"]
    for constraint in node.get("constraints", []):
        if constraint["type"] == "primary_key":
            return list(constraint["columns"])
    raise BuildError(f"{mart} declares no primary key: cannot compare it by key")


def marts(manifest: dict) -> list[str]:
    """COMPARED first, then every other mart of the project, by name."""
    others = sorted(
        node["name"]
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model"
        and node["package_name"] == "gpsi"
        and node["original_file_path"].startswith("models/marts/")
        and node["name"] not in COMPARED
    )
    return [*COMPARED, *others]


def _difference(a, b) -> float | None:
    """How far apart two cell values are: 0 if equal, the absolute difference of two
    numbers, None if they differ otherwise (type, text, one null)."""
    if a is None or b is None:
        return 0.0 if a is None and b is None else None
    if isinstance(a, bool) or isinstance(b, bool):
        return 0.0 if a == b else None
    if isinstance(a, int | float) and isinstance(b, int | float):
        if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
            return 0.0
        return abs(float(a) - float(b))
    return 0.0 if a == b else None


def compare(mart: str, key: list[str], duck: duckdb.DuckDBPyConnection, spark) -> Comparison:
    """Every row by key, every column: equal keys, numbers within TOLERANCE, all else
    equal."""
    result = Comparison(mart, key)
    relation = duck.execute(f"select * from {ident('marts', mart)}")
    columns = [d[0] for d in relation.description]
    duck_rows = relation.fetchall()
    frame = spark.table(f"marts.{mart}")
    spark_columns = [c.lower() for c in frame.columns]
    if sorted(spark_columns) != sorted(columns):
        missing = sorted(set(columns) ^ set(spark_columns))
        result.problems.append(f"columns differ: {missing}")
        return result
    spark_rows = [tuple(row[c] for c in columns) for row in frame.select(*columns).collect()]
    at = [columns.index(k) for k in key]

    def keyed(rows, engine):
        out = {}
        for row in rows:
            k = tuple(row[i] for i in at)
            if k in out:
                result.problems.append(f"{engine}: key {k} repeated")
            out[k] = row
        return out

    by_duck, by_spark = keyed(duck_rows, "DuckDB"), keyed(spark_rows, "Spark")
    only_duck, only_spark = by_duck.keys() - by_spark.keys(), by_spark.keys() - by_duck.keys()
    for engine, keys in (("DuckDB", only_duck), ("Spark", only_spark)):
        if keys:
            result.problems.append(
                f"{len(keys)} keys only in {engine}, e.g. {sorted(keys, key=str)[:3]}"
            )
    for k in by_duck.keys() & by_spark.keys():
        result.rows += 1
        for column, a, b in zip(columns, by_duck[k], by_spark[k], strict=True):
            result.values += 1
            difference = _difference(a, b)
            if difference is None or difference > TOLERANCE:
                if len(result.problems) < 10:
                    result.problems.append(f"{k} {column}: DuckDB {a!r}, Spark {b!r}")
                else:
                    result.problems[-1] = "... and more differences"
            if difference is not None:
                result.max_difference = max(result.max_difference, difference)
    return result


def run_spark(paths: Paths, raw_dir: Path) -> int:
    """make spark: build and test on Spark, compare with DuckDB, print the summary
    line last. Returns 0 when everything passed and matched, 1 otherwise."""
    started = time.perf_counter()
    if published_fingerprint(paths) != fingerprint(paths):
        raise BuildError(
            f"{paths.published_db} was not built from this code and snapshot, so it "
            "cannot be the reference: run `make run` first (make spark does)"
        )
    counts = build_on_spark(paths, raw_dir)
    from pyspark.sql import SparkSession

    spark = SparkSession.builder.getOrCreate()  # the session dbt-spark used
    manifest = json.loads((spark_dir(paths) / "target" / "manifest.json").read_text())
    duck = duckdb.connect(str(paths.published_db), read_only=True)
    try:
        comparisons = [compare(m, primary_key(manifest, m), duck, spark) for m in marts(manifest)]
    finally:
        duck.close()
    for c in comparisons:
        state = "equal" if not c.problems else "DIFFERENT"
        log.info(
            f"  {c.mart}: {c.rows:,} rows by ({', '.join(c.key)}), {c.values:,} values, "
            f"max difference {c.max_difference:.1e}: {state}"
        )
        for problem in c.problems:
            log.info(f"    {problem}")
    ok = all(not c.problems for c in comparisons)
    # Marts disabled on Spark (the early warning's, fitted by dbt Python models, which
    # dbt-spark runs only on Databricks): named, not silently missing.
    skipped = sorted(
        node["name"]
        for nodes in manifest.get("disabled", {}).values()
        for node in nodes
        if node.get("package_name") == "gpsi"
        and node.get("original_file_path", "").startswith("models/marts/")
    )
    if skipped:
        log.info(f"  not built on Spark (DuckDB-only Python models upstream): {', '.join(skipped)}")

    def tally(kind: str) -> str:
        by_status = counts.get(kind, {})
        total = sum(by_status.values())
        extra = [f"{n} {s}" for s, n in sorted(by_status.items()) if s not in ("success", "pass")]
        return f"{total} {kind}s" + (f" ({', '.join(extra)})" if extra else "")

    version = spark.version
    line = (
        f"spark {version}: {tally('model')}, {tally('seed')}, {tally('test')}, "
        f"{tally('unit test')} passed in {time.perf_counter() - started:.0f} s; compared "
        f"{', '.join(COMPARED)} and {len(comparisons) - len(COMPARED)} more marts with "
        f"DuckDB: {sum(c.rows for c in comparisons):,} rows, "
        f"{sum(c.values for c in comparisons):,} values, max difference "
        f"{max(c.max_difference for c in comparisons):.1e} (tolerance {TOLERANCE:.0e})"
        + (f"; {len(skipped)} DuckDB-only marts skipped" if skipped else "")
        + ": "
        + ("OK" if ok else "DIFFERENCES")
    )
    print(line, flush=True)
    return 0 if ok else 1
