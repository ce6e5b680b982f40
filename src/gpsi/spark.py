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
import time
import warnings
from pathlib import Path

import duckdb

from .compare import TOLERANCE, Comparison, compare_rows, marts, primary_key
from .dbt_runner import _invoke_dbt, _Progress, failed_nodes
from .errors import BuildError
from .land import land
from .paths import Paths
from .sql import ident
from .state import fingerprint, published_fingerprint

log = logging.getLogger(__name__)

# The index, its dimensions and its indicators are compared first; then every other
# mart (all are contracted, with a primary key). Keys come from each mart's primary-key
# constraint in the manifest.
COMPARED = ("fct_gpsi", "fct_dimension_scores", "fct_indicator_scores")


def spark_dir(paths: Paths) -> Path:
    return paths.warehouse_dir / "spark"


_SPARK_QUIETED: list[bool] = []  # set once Spark's log level is lowered


def _quiet_spark(_event) -> None:
    """dbt event callback: once dbt-spark has started the session, keep Spark's own log
    to errors (otherwise a warning per query on stderr)."""
    from pyspark.sql import SparkSession

    session = SparkSession._instantiatedSession
    if session is not None and not _SPARK_QUIETED:
        session.sparkContext.setLogLevel("ERROR")
        _SPARK_QUIETED.append(True)


def build_on_spark(paths: Paths, raw_dir: Path) -> dict[str, dict[str, int]]:
    """Land the raw files (Parquet copy included) and `dbt build --target spark`; returns
    counts of nodes by resource type and status. Raises BuildError on any failure."""
    root = spark_dir(paths)
    land(raw_dir, paths.build_db, parquet_dir=root / "raw")
    env = {"GPSI_SPARK_DIR": str(root), "GPSI_RAW_PARQUET_DIR": str(root / "raw")}
    target = root / "target"
    started = time.perf_counter()
    log.info("  dbt build --target spark ... (local pyspark)")
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


def compare(mart: str, key: list[str], duck: duckdb.DuckDBPyConnection, spark) -> Comparison:
    """Every row of a mart in DuckDB and in Spark, by key (gpsi.compare)."""
    relation = duck.execute(f"select * from {ident('marts', mart)}")
    columns = [d[0] for d in relation.description]
    duck_rows = relation.fetchall()
    frame = spark.table(f"marts.{mart}")
    spark_columns = [c.lower() for c in frame.columns]
    if sorted(spark_columns) != sorted(columns):
        missing = sorted(set(columns) ^ set(spark_columns))
        return Comparison(mart, key, problems=[f"columns differ: {missing}"])
    spark_rows = [tuple(row[c] for c in columns) for row in frame.select(*columns).collect()]
    return compare_rows(mart, key, columns, duck_rows, spark_rows, ("DuckDB", "Spark"))


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
        comparisons = [
            compare(m, primary_key(manifest, m), duck, spark) for m in marts(manifest, COMPARED)
        ]
    finally:
        duck.close()
    for c in comparisons:
        log.info(f"  {c.summary()}")
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
