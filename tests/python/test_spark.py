"""The Spark path without Spark: the loader's Parquet writer, the comparison `make
spark` ends with, and the constraint test Spark relies on (run here on DuckDB).
`make spark` itself builds and tests everything on a local Spark."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from conftest import PROJECT_DIR, dbt_test_result
from fixtures import HOMICIDE_ROWS, write_homicide, write_unsd
from gpsi_dev import spark_cluster
from gpsi_dev.spark import TOLERANCE, compare
from gpsi_dev.spark_cluster import stop_recorded

from gpsi import land as land_module
from gpsi.land import land


def _raw_rows(db: Path, table: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(f'select * from raw."{table}" order by all').fetchall()
    finally:
        con.close()


def _parquet_rows(folder: Path, table: str) -> list[tuple]:
    path = (folder / table / "*.parquet").as_posix()
    return duckdb.sql(f"select * from read_parquet('{path}') order by all").fetchall()


def test_parquet_writer_writes_every_landed_table_and_replaces_them_whole(tmp_path):
    raw, db, out = tmp_path / "raw", tmp_path / "gpsi.duckdb", tmp_path / "parquet"
    write_homicide(raw)
    write_unsd(raw)
    land(raw, db, ["owid_homicide", "unsd_syb_crime"], parquet_dir=out)
    tables = sorted(p.name for p in out.iterdir())
    landed = ["owid_homicide__homicide_rate", "unsd_syb_crime__crime_series"]
    archive = ["_edition_gpsi", "_edition_values", "_editions"]  # written at publish
    assert tables == sorted(["_columns", "_files", "_sources", *archive, *landed])
    for table in tables:  # the same rows, provenance and types as the raw tables
        assert _parquet_rows(out, table) == _raw_rows(db, table), table

    # A changed file: the next load rewrites the Parquet folder from the new raw tables.
    write_homicide(raw, rows=HOMICIDE_ROWS + "Chad,TCD,2021,9.1,\n")
    land(raw, db, ["owid_homicide"], parquet_dir=out)
    rows = _parquet_rows(out, "owid_homicide__homicide_rate")
    assert len(rows) == 5 and rows == _raw_rows(db, "owid_homicide__homicide_rate")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_parquet_writer_failure_leaves_the_previous_files(tmp_path, monkeypatch):
    raw, db, out = tmp_path / "raw", tmp_path / "gpsi.duckdb", tmp_path / "parquet"
    write_homicide(raw)
    write_unsd(raw)
    land(raw, db, ["owid_homicide", "unsd_syb_crime"], parquet_dir=out)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*.parquet")}
    seen = []

    def failing_exists(con, table):  # the third table cannot be written
        seen.append(table)
        if len(seen) == 3:
            raise OSError("disk full")
        return True

    monkeypatch.setattr(land_module, "_table_exists", failing_exists)
    with pytest.raises(OSError, match="disk full"):
        land_module.write_parquet(duckdb.connect(str(db), read_only=True), out)
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*.parquet")}
    assert after == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


class _FakeReader:
    """What compare() reads of Spark (a session or the Thrift server): a mart's columns,
    and its rows with the columns in the order asked."""

    def __init__(self, mart, columns, rows):
        self.mart, self._columns, self._rows = mart, columns, rows

    def columns(self, mart):
        assert mart == self.mart
        return self._columns

    def rows(self, mart, columns):
        assert mart == self.mart
        at = [self._columns.index(c) for c in columns]
        return [tuple(row[i] for i in at) for row in self._rows]


ROWS = [("AAA", 2023, 71.25, "observed"), ("BBB", 2023, 12.5, None)]
COLUMNS = ["iso3", "year", "score", "status"]


def _compare(spark_rows, spark_columns=COLUMNS):
    duck = duckdb.connect()
    duck.execute("create schema marts")
    duck.execute(
        "create table marts.fct_x (iso3 varchar, year integer, score double, status varchar)"
    )
    duck.executemany("insert into marts.fct_x values (?, ?, ?, ?)", ROWS)
    return compare("fct_x", ["iso3", "year"], duck, _FakeReader("fct_x", spark_columns, spark_rows))


def test_compare_accepts_equal_marts_and_float_noise():
    result = _compare([("BBB", 2023, 12.5 + 1e-12, None), ("AAA", 2023, 71.25, "observed")])
    assert result.problems == []
    assert (result.rows, result.values) == (2, 8)
    assert 0 < result.max_difference < TOLERANCE


@pytest.mark.parametrize(
    ("spark_rows", "expected"),
    [
        ([("AAA", 2023, 71.25 + 1e-6, "observed"), ROWS[1]], "score: DuckDB 71.25"),
        ([("AAA", 2023, 71.25, "imputed"), ROWS[1]], "status: DuckDB 'observed'"),
        ([("AAA", 2023, 71.25, None), ROWS[1]], "status: DuckDB 'observed', Spark None"),
        ([ROWS[0]], "1 keys only in DuckDB"),
        ([*ROWS, ("CCC", 2023, 1.0, None)], "1 keys only in Spark"),
        ([ROWS[0], ROWS[0], ROWS[1]], "Spark: key ('AAA', 2023) repeated"),
    ],
)
def test_compare_reports_each_kind_of_difference(spark_rows, expected):
    problems = _compare(spark_rows).problems
    assert any(expected in p for p in problems), problems


def test_compare_reads_spark_columns_in_duckdb_order():
    columns = ["status", "score", "year", "iso3"]
    rows = [tuple(reversed(r)) for r in ROWS]
    assert _compare(rows, spark_columns=columns).problems == []


def test_compare_reports_different_columns():
    rows = [(r[0], r[1], r[2]) for r in ROWS]
    problems = _compare(rows, spark_columns=COLUMNS[:3]).problems
    assert problems == ["columns differ: ['status']"]


@pytest.mark.warehouse
def test_contract_constraints_hold_fails_on_a_null_and_a_repeated_key(built_warehouse, tmp_path):
    """The test Spark relies on for the marts' constraints, run on DuckDB (where it is
    otherwise disabled) over a copy of fct_gpsi rebuilt without its constraints: one
    null year and one repeated (iso3, year) give one failing row each; the intact mart
    passes."""
    db = tmp_path / "gpsi.duckdb"
    shutil.copyfile(built_warehouse / "gpsi.duckdb", db)

    def dbt_test() -> dict:
        return dbt_test_result(
            db,
            "fct_gpsi,test_name:contract_constraints_hold",
            "{check_constraints_by_query: true}",
            tmp_path,
        )

    intact = dbt_test()
    assert (intact["status"], intact["failures"]) == ("pass", 0)
    con = duckdb.connect(str(db))
    con.execute(
        "create or replace table marts.fct_gpsi as "
        "select * from marts.fct_gpsi "
        "union all (select * from marts.fct_gpsi order by iso3, year limit 1) "
        "union all (select * replace (null as year) from marts.fct_gpsi "
        "order by iso3 desc, year limit 1)"
    )
    con.close()
    broken = dbt_test()
    assert (broken["status"], broken["failures"]) == ("fail", 2)


# --- the local cluster's processes (make spark-cluster) ----------------------------------


def _sleeper(*args: str) -> subprocess.Popen:
    code = "import time; time.sleep(300)"
    return subprocess.Popen([sys.executable, "-c", code, *args], start_new_session=True)


def test_a_run_stops_the_processes_an_earlier_run_left_and_nothing_else(tmp_path):
    """A run killed outright leaves its pid files: the next run stops those processes
    (their process groups), but not a process that now has one of their pids without
    naming the cluster's folder."""
    root = tmp_path / "spark-cluster"
    pids = root / "pids"
    pids.mkdir(parents=True)
    left = _sleeper(str(root))  # names the cluster's folder, as its Spark processes do
    other = _sleeper(str(tmp_path / "elsewhere"))
    try:
        (pids / "master.pid").write_text(str(left.pid))
        (pids / "worker-1.pid").write_text(str(other.pid))
        (pids / "worker-2.pid").write_text("999999999")  # long gone
        (pids / "thrift-server.pid").write_text("")  # cut short by a kill
        assert stop_recorded(pids, str(root)) == [left.pid]
        assert left.wait(timeout=10) == -signal.SIGTERM
        assert other.poll() is None
        assert list(pids.iterdir()) == []
        assert stop_recorded(pids, str(root)) == []  # nothing left: a no-op
    finally:
        for process in (left, other):
            process.kill()
            process.wait()


def test_a_process_ignoring_sigterm_is_killed(tmp_path, monkeypatch):
    root = tmp_path / "spark-cluster"
    (root / "pids").mkdir(parents=True)
    code = "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(300)"
    stubborn = subprocess.Popen([sys.executable, "-c", code, str(root)], start_new_session=True)
    try:
        time.sleep(0.5)  # its handler installed
        (root / "pids" / "thrift-server.pid").write_text(str(stubborn.pid))
        monkeypatch.setattr(spark_cluster, "STOP_SECONDS", 1)
        assert stop_recorded(root / "pids", str(root)) == [stubborn.pid]
        assert stubborn.wait(timeout=10) == -signal.SIGKILL
    finally:
        stubborn.kill()
        stubborn.wait()


def test_the_cluster_profile_sets_the_session_settings_the_local_one_does():
    """The two Spark targets must run the same SQL under the same session settings; over
    the Thrift server a session's settings apply only under the set:hiveconf: prefix, and
    the server itself owns the table location (spark.sql.warehouse.dir)."""
    import yaml

    outputs = yaml.safe_load((PROJECT_DIR / "profiles.yml").read_text())["gpsi"]["outputs"]
    local = {
        key: str(value)
        for key, value in outputs["spark"]["server_side_parameters"].items()
        if key.startswith("spark.sql.") and key != "spark.sql.warehouse.dir"
    }
    cluster = outputs["spark_cluster"]["server_side_parameters"]
    assert outputs["spark_cluster"]["method"] == "thrift"
    assert all(key.startswith("set:hiveconf:") for key in cluster)
    settings = {key.removeprefix("set:hiveconf:"): str(value) for key, value in cluster.items()}
    # dbt-spark turns ANSI mode off itself in a session, not through the Thrift server
    assert settings.pop("spark.sql.ansi.enabled") == "false"
    assert settings == local
