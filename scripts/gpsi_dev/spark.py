"""The same dbt project on Apache Spark, checked against DuckDB: land the raw snapshot as
Parquet, `dbt build` on Spark (every model, seed, data test and unit test), then compare
every mart (those in COMPARED first) with the published DuckDB build. A check of the
project's portability, so a development tool: an organisation running the index on its
own cluster lands Parquet with `gpsi load --parquet-dir` and runs `dbt build --target
spark_cluster` (README, "On a Spark cluster").

Two ways to reach Spark, one per profile target:
- `make spark` (target `spark`, dbt-spark `method: session`): a local pyspark in this
  process; the comparison reads the marts through the very SparkSession dbt-spark used.
- `make spark-cluster` (target `spark_cluster`, `method: thrift`): a standalone master,
  two workers and the Thrift server started for the run (spark_cluster.py); dbt and
  the comparison are clients of the Thrift endpoint, as against any cluster.
The published DuckDB warehouse must be built from the same code and snapshot (its
fingerprint is checked): both make targets run `gpsi run` first.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
import warnings
from pathlib import Path

import duckdb

from gpsi.dbt_runner import Progress, failed_nodes, invoke_dbt
from gpsi.errors import BuildError, LockError
from gpsi.land import land
from gpsi.paths import Paths, default_paths, warehouse_lock
from gpsi.publish import sweep_debris
from gpsi.readers import LoadError
from gpsi.sql import ident
from gpsi.state import fingerprint, published_fingerprint

from .compare import TOLERANCE, Comparison, compare_rows, marts, primary_key
from .spark_cluster import HOST

log = logging.getLogger(__name__)

# The index, its dimensions and its indicators are compared first; then every other
# mart (all are contracted, with a primary key). Keys come from each mart's primary-key
# constraint in the manifest.
COMPARED = ("fct_gpsi", "fct_dimension_scores", "fct_indicator_scores")


def spark_dir(paths: Paths, cluster: bool = False) -> Path:
    return paths.warehouse_dir / ("spark-cluster" if cluster else "spark")


_SPARK_QUIETED: list[bool] = []  # set once Spark's log level is lowered


def _quiet_spark(_event) -> None:
    """dbt event callback: once dbt-spark has started the session, keep Spark's own log
    to errors (otherwise a warning per query on stderr)."""
    from pyspark.sql import SparkSession

    session = SparkSession._instantiatedSession
    if session is not None and not _SPARK_QUIETED:
        session.sparkContext.setLogLevel("ERROR")
        _SPARK_QUIETED.append(True)


def build_on_spark(
    paths: Paths, raw_dir: Path, thrift_port: int | None = None
) -> dict[str, dict[str, int]]:
    """Land the raw files (Parquet copy included) and `dbt build` on Spark: in this
    process, or through the Thrift server on thrift_port; returns counts of nodes by
    resource type and status. Raises BuildError on any failure."""
    cluster = thrift_port is not None
    root = spark_dir(paths, cluster)
    started = time.perf_counter()
    land(raw_dir, paths.build_db, parquet_dir=root / "raw")
    log.info(f"  landed the snapshot as Parquet in {time.perf_counter() - started:.0f} s")
    env = {"GPSI_SPARK_DIR": str(root), "GPSI_RAW_PARQUET_DIR": str(root.resolve() / "raw")}
    if cluster:
        env.update(GPSI_SPARK_HOST=HOST, GPSI_SPARK_PORT=str(thrift_port))
    dbt_target = "spark_cluster" if cluster else "spark"
    target = root / "target"
    started = time.perf_counter()
    how = "the Thrift server" if cluster else "local pyspark"
    log.info(f"  dbt build --target {dbt_target} ... ({how})")
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas")
        result = invoke_dbt(
            paths,
            ["build", "--target", dbt_target],
            callbacks=[Progress()] if cluster else [_quiet_spark, Progress()],
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


class SessionReader:
    """A mart's columns and rows through the SparkSession dbt-spark used (make spark)."""

    def __init__(self):
        from pyspark.sql import SparkSession

        self.spark = SparkSession.builder.getOrCreate()
        self.version = self.spark.version

    def columns(self, mart: str) -> list[str]:
        return [c.lower() for c in self.spark.table(f"marts.{mart}").columns]

    def rows(self, mart: str, columns: list[str]) -> list[tuple]:
        frame = self.spark.table(f"marts.{mart}").select(*columns)
        return [tuple(row[c] for c in columns) for row in frame.collect()]


class ThriftReader:
    """The same through the Thrift server, as any client of a cluster reads it; a context
    manager that closes its connection."""

    def __init__(self, port: int):
        from pyhive import hive

        self.connection = hive.connect(host=HOST, port=port, username="gpsi")
        self.cursor = self.connection.cursor()
        self.cursor.arraysize = 10_000
        self.cursor.execute("select version()")
        self.version = self.cursor.fetchall()[0][0].split()[0]

    def __enter__(self) -> ThriftReader:
        return self

    def __exit__(self, *_exc) -> None:
        self.cursor.close()
        self.connection.close()

    def columns(self, mart: str) -> list[str]:
        self.cursor.execute(f"select * from marts.{mart} limit 0")
        return [d[0].lower() for d in self.cursor.description]

    def rows(self, mart: str, columns: list[str]) -> list[tuple]:
        self.cursor.execute(f"select {', '.join(columns)} from marts.{mart}")
        return self.cursor.fetchall()


def compare(mart: str, key: list[str], duck: duckdb.DuckDBPyConnection, reader) -> Comparison:
    """Every row of a mart in DuckDB and in Spark, by key (compare.py)."""
    relation = duck.execute(f"select * from {ident('marts', mart)}")
    columns = [d[0] for d in relation.description]
    duck_rows = relation.fetchall()
    spark_columns = reader.columns(mart)
    if sorted(spark_columns) != sorted(columns):
        missing = sorted(set(columns) ^ set(spark_columns))
        return Comparison(mart, key, problems=[f"columns differ: {missing}"])
    spark_rows = reader.rows(mart, columns)
    return compare_rows(mart, key, columns, duck_rows, spark_rows, ("DuckDB", "Spark"))


def _compare_all(paths: Paths, cluster: bool, reader) -> tuple[list[Comparison], list[str]]:
    started = time.perf_counter()
    manifest = json.loads((spark_dir(paths, cluster) / "target" / "manifest.json").read_text())
    duck = duckdb.connect(str(paths.published_db), read_only=True)
    try:
        comparisons = [
            compare(m, primary_key(manifest, m), duck, reader) for m in marts(manifest, COMPARED)
        ]
    finally:
        duck.close()
    for c in comparisons:
        log.info(f"  {c.summary()}")
        for problem in c.problems:
            log.info(f"    {problem}")
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
    log.info(f"  compared with DuckDB in {time.perf_counter() - started:.0f} s")
    return comparisons, skipped


def run_spark(paths: Paths, raw_dir: Path, cluster: bool = False) -> int:
    """make spark (cluster=False) and make spark-cluster: build and test on Spark, compare
    with DuckDB, print the summary line last. Returns 0 when everything passed and
    matched, 1 otherwise."""
    started = time.perf_counter()
    if published_fingerprint(paths) != fingerprint(paths):
        raise BuildError(
            f"{paths.published_db} was not built from this code and snapshot, so it "
            "cannot be the reference: run `make run` first (make spark does)"
        )
    if cluster:
        from .spark_cluster import LocalCluster

        with LocalCluster(spark_dir(paths, cluster)) as running:
            counts = build_on_spark(paths, raw_dir, thrift_port=running.thrift_port)
            with ThriftReader(running.thrift_port) as reader:
                comparisons, skipped = _compare_all(paths, cluster, reader)
                version = reader.version
        mode = "standalone cluster (2 workers) through its Thrift server"
    else:
        counts = build_on_spark(paths, raw_dir)
        session = SessionReader()
        comparisons, skipped = _compare_all(paths, cluster, session)
        version = session.version
        mode = "local session"
    ok = all(not c.problems for c in comparisons)

    def tally(kind: str) -> str:
        by_status = counts.get(kind, {})
        total = sum(by_status.values())
        extra = [f"{n} {s}" for s, n in sorted(by_status.items()) if s not in ("success", "pass")]
        return f"{total} {kind}s" + (f" ({', '.join(extra)})" if extra else "")

    line = (
        f"spark {version} ({mode}): {tally('model')}, {tally('seed')}, "
        f"{tally('test')}, {tally('unit test')} passed in {time.perf_counter() - started:.0f} s; "
        f"compared {', '.join(COMPARED)} and {len(comparisons) - len(COMPARED)} more marts "
        f"with DuckDB: {sum(c.rows for c in comparisons):,} rows, "
        f"{sum(c.values for c in comparisons):,} values, max difference "
        f"{max(c.max_difference for c in comparisons):.1e} (tolerance {TOLERANCE:.0e})"
        + (f"; {len(skipped)} DuckDB-only marts skipped" if skipped else "")
        + ": "
        + ("OK" if ok else "DIFFERENCES")
    )
    print(line, flush=True)
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    """`make spark` and `make spark-cluster`: exit 0 when every node passed and every mart
    matched, 1 otherwise (the reason on the last lines of stderr)."""
    parser = argparse.ArgumentParser(prog="python -m gpsi_dev.spark", description=__doc__)
    parser.add_argument("--raw-dir", required=True, help="the raw snapshot (GPSI_RAW_DIR)")
    parser.add_argument("--warehouse-dir", help="default: $GPSI_WAREHOUSE_DIR or ./warehouse")
    parser.add_argument(
        "--cluster",
        action="store_true",
        help="on a standalone Spark cluster started for the run (a master, two workers, the "
        "Thrift server) instead of a session in this process",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    for noisy in ("dbt", "py4j"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    paths = default_paths(args.warehouse_dir)
    try:
        with warehouse_lock(paths.warehouse_dir):
            sweep_debris(paths)
            return run_spark(paths, Path(args.raw_dir), cluster=args.cluster)
    except (LockError, LoadError, BuildError) as exc:
        log.error(f"error: {exc}")
        return 1


if __name__ == "__main__":
    sys.exit(main())
