"""Serving: atomic publish under concurrent BI readers, a failing input leaves the
published warehouse byte-identical, lineage docs, persisted column comments, exports."""

from __future__ import annotations

import hashlib
import json
import multiprocessing as mp
import shutil
import time

import duckdb
import pyarrow.parquet as pq
import pytest
from conftest import gpsi


def _sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_lineage_site_is_written_and_self_contained(built_warehouse):
    page = (built_warehouse / "site" / "lineage.html").read_text()
    assert "fct_gpsi" in page and "stg_owid_homicide__homicide_rates" in page
    assert "gpsi_visual_report" in page and "gpsi_bi_dashboard" in page  # exposures
    assert '<script src="http' not in page and '<link href="http' not in page


def test_one_parse_per_run_still_leaves_every_artefact(built_warehouse, manifest):
    """gpsi run parses the project once for freshness, build and docs; freshness runs
    without writing dbt's artefacts and gpsi writes its results: every declared source
    table has a freshness result, the manifest left in target/ holds the build's
    compiled SQL, and the report shows each source's freshness."""
    target = built_warehouse / "build" / "target"
    freshness = json.loads((target / "sources.json").read_text())
    checked = {r["unique_id"] for r in freshness["results"]}
    declared = {  # every source but the edition archive (written at publish, not landed)
        u
        for u, s in manifest["sources"].items()
        if s["package_name"] == "gpsi" and s["source_name"] != "edition_archive"
    }
    assert checked == declared
    assert {r["status"] for r in freshness["results"]} <= {"pass", "warn"}
    built = [
        r["unique_id"]
        for r in json.loads((target / "run_results.json").read_text())["results"]
        if r["unique_id"].startswith("model.")
    ]
    assert built and all(manifest["nodes"][u].get("compiled_code") for u in built)
    page = (built_warehouse / "site" / "report" / "assets" / "data.js").read_text(encoding="utf-8")
    assert "not checked" not in page and "pass " in page


def test_column_comments_reach_bi_tools(con):
    comment = con.execute(
        "select comment from duckdb_columns() where schema_name = 'marts' "
        "and table_name = 'fct_gpsi' and column_name = 'gpsi_score'"
    ).fetchone()[0]
    assert comment and "geometric mean" in comment
    table_comment = con.execute(
        "select comment from duckdb_tables() where schema_name = 'marts' "
        "and table_name = 'rpt_gpsi_latest'"
    ).fetchone()[0]
    assert table_comment


def test_sqlalchemy_reflects_every_mart_with_its_comments(con, built_warehouse, tmp_path):
    """BI schema browsers reflect through SQLAlchemy (duckdb-engine): every mart's columns,
    with the column comments the YAML documents, and its table comment. The version pair
    is pinned in pyproject.toml (SQLAlchemy 2.0.45+ queries pg_collation, which DuckDB
    lacks)."""
    import shutil

    from sqlalchemy import create_engine, inspect

    # a copy: DuckDB refuses a second configuration on a file the session's `con` holds
    copy = tmp_path / "gpsi.duckdb"
    shutil.copyfile(built_warehouse / "gpsi.duckdb", copy)
    engine = create_engine(f"duckdb:///{copy}", connect_args={"read_only": True})
    try:
        inspector = inspect(engine)
        marts = inspector.get_table_names(schema="marts")
        expected = {
            t for (t,) in con.execute(
                "select table_name from information_schema.tables where table_schema = 'marts'"
            ).fetchall()
        }  # fmt: skip
        assert set(marts) == expected and len(marts) >= 19
        for table in marts:
            columns = inspector.get_columns(table, schema="marts")
            names = [c["name"] for c in columns]
            assert names == [
                n for (n,) in con.execute(
                    "select column_name from information_schema.columns where table_schema = "
                    "'marts' and table_name = ? order by ordinal_position",
                    [table],
                ).fetchall()
            ], table  # fmt: skip
            assert all(c["comment"] for c in columns), table
            assert inspector.get_table_comment(table, schema="marts")["text"], table
    finally:
        engine.dispose()


def test_every_year_beyond_the_reported_one_is_flagged_provisional(con):
    """An analyst who takes max(year) gets a provisional year, and is told so: every mart
    keyed by year says, per row, whether its year is after the reported year."""
    (reported,) = con.execute("select reported_year from marts.dim_method").fetchone()
    year_marts = [
        t for (t,) in con.execute(
            "select table_name from information_schema.columns where table_schema = 'marts' "
            "and column_name = 'year' order by 1"
        ).fetchall()
    ]  # fmt: skip
    assert len(year_marts) >= 8
    flagged = {
        t for (t,) in con.execute(
            "select table_name from information_schema.columns where table_schema = 'marts' "
            "and column_name = 'is_provisional'"
        ).fetchall()
    }  # fmt: skip
    for table in year_marts:
        if table.startswith("rpt_") and table not in flagged:
            (years,) = con.execute(f"select list(distinct year) from marts.{table}").fetchone()
            assert years == [reported], table  # a report of the reported year only
            continue
        wrong, beyond = con.execute(
            f"select count(*) filter (where is_provisional is distinct from (year > ?)), "
            f"count(*) filter (where year > ?) from marts.{table}",
            [reported, reported],
        ).fetchone()
        assert wrong == 0, table
        if table in ("fct_gpsi", "fct_dimension_scores", "fct_indicator_scores"):
            assert beyond > 0, table  # the snapshot has provisional years: the flag is used


def test_exports_cover_every_mart(built_warehouse, con, manifest):
    exports = built_warehouse / "exports"
    meta = json.loads((exports / "export.json").read_text())
    method = con.execute("select method_version from marts.dim_method").fetchone()[0]
    assert meta["method_version"] == method
    marts = [
        r[0]
        for r in con.execute(
            "select table_name from information_schema.tables where table_schema = 'marts'"
        ).fetchall()
    ]
    mart_models = {
        n["name"]
        for n in manifest["nodes"].values()
        if n["resource_type"] == "model" and n["fqn"][1] == "marts"
    }
    assert sorted(marts) == sorted(mart_models)
    dictionary = (exports / "data_dictionary.csv").read_text()
    for table in marts:
        rows = con.execute(f"select count(*) from marts.{table}").fetchone()[0]
        parquet = pq.ParquetFile(exports / f"{table}.parquet")
        assert parquet.metadata.num_rows == rows
        kv = parquet.schema_arrow.metadata or {}
        assert kv.get(b"method_version") == method.encode()
        assert kv.get(b"gpsi_fingerprint") == meta["fingerprint"].encode()
        with open(exports / f"{table}.csv", encoding="utf-8") as fh:
            assert sum(1 for _ in fh) == rows + 1
        columns = con.execute(
            "select column_name from information_schema.columns "
            "where table_schema = 'marts' and table_name = ?",
            [table],
        ).fetchall()
        for (column,) in columns:
            assert f"{table},{column}," in dictionary
    for entry in meta["files"]:
        assert _sha(exports / entry["file"]) == entry["sha256"]


def _reader(db_path: str, driver: str, stop, queue) -> None:
    """A BI tool: fresh read-only connections, querying marts, until told to stop."""
    errors, reads, states = [], 0, set()
    if driver == "sqlalchemy":
        from sqlalchemy import create_engine, text
    while not stop.is_set():
        try:
            if driver == "duckdb":
                con = duckdb.connect(db_path, read_only=True)
                try:
                    row = con.execute(
                        "select count(*), count(gpsi_score) from marts.fct_gpsi"
                    ).fetchone()
                    con.execute("select * from marts.rpt_gpsi_latest limit 5").fetchall()
                finally:
                    con.close()
            else:
                engine = create_engine(f"duckdb:///{db_path}", connect_args={"read_only": True})
                try:
                    with engine.connect() as conn:
                        row = conn.execute(
                            text("select count(*), count(gpsi_score) from marts.fct_gpsi")
                        ).fetchone()
                finally:
                    engine.dispose()
            states.add(tuple(row))
            reads += 1
        except Exception as exc:  # every failure is counted, none is retried
            errors.append(repr(exc))
        time.sleep(0.02)
    queue.put((driver, reads, errors, sorted(states)))


@pytest.fixture
def warehouse_copy(tmp_path, built_warehouse):
    copy = tmp_path / "warehouse"
    (copy / "build").mkdir(parents=True)
    shutil.copy(built_warehouse / "build" / "gpsi.duckdb", copy / "build" / "gpsi.duckdb")
    shutil.copytree(built_warehouse / "build" / "target", copy / "build" / "target")
    shutil.copy(built_warehouse / "gpsi.duckdb", copy / "gpsi.duckdb")
    return copy


def test_readers_see_no_error_across_rebuilds(warehouse_copy):
    published = warehouse_copy / "gpsi.duckdb"
    before = duckdb.connect(str(published), read_only=True)
    state = before.execute("select count(*), count(gpsi_score) from marts.fct_gpsi").fetchone()
    before.close()
    ctx = mp.get_context("spawn")
    queue, stop = ctx.Queue(), ctx.Event()
    readers = [
        ctx.Process(target=_reader, args=(str(published), driver, stop, queue))
        for driver in ("duckdb", "duckdb", "sqlalchemy")
    ]
    for r in readers:
        r.start()
    try:
        # The swap of a green build over the published file, repeatedly, while the
        # readers read (a build writes only the build file, never the published one:
        # test_bad_input_fails_and_leaves_published_file_unchanged).
        for _ in range(4):
            gpsi("--warehouse-dir", str(warehouse_copy), "publish")
        time.sleep(1)
    finally:
        stop.set()
        results = [queue.get(timeout=60) for _ in readers]
        for r in readers:
            r.join(timeout=30)
    for driver, reads, errors, states in results:
        assert errors == [], f"{driver}: {errors[:3]}"
        assert reads > 10, f"{driver} read only {reads} times"
        # Every read saw a complete warehouse: the same marts, never a partial one.
        assert states == [tuple(state)], f"{driver}: {states}"


def test_bad_input_fails_and_leaves_published_file_unchanged(tmp_path, raw_dir, warehouse_copy):
    raw = tmp_path / "raw"
    shutil.copytree(raw_dir, raw)
    path = raw / "owid_homicide" / "homicide-rate-unodc.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    # Albania's first year becomes a negative homicide rate: numeric, so the loader
    # lands it; the staging range test must stop the build before publishing.
    first = next(i for i, line in enumerate(lines) if line.startswith("Albania,ALB,"))
    fields = lines[first].split(",")
    fields[3] = "-" + fields[3]
    lines[first] = ",".join(fields)
    # Another row loses its country name: the loader lands it (a blank cell is a null),
    # the staging model's one not-null check over all its required columns stops it.
    nameless = next(i for i, line in enumerate(lines) if line.startswith("Algeria,DZA,"))
    lines[nameless] = lines[nameless].removeprefix("Algeria")
    path.write_text("".join(lines), encoding="utf-8")
    published = warehouse_copy / "gpsi.duckdb"
    digest = _sha(published)
    proc = gpsi(
        "--warehouse-dir",
        str(warehouse_copy),
        "run",
        "--raw-dir",
        str(raw),
        "--no-docs",
        check=False,
    )
    assert proc.returncode == 3, proc.stderr
    assert "the published warehouse is unchanged" in proc.stderr
    assert "accepted_range_stg_owid_homicide__homicide_rates_homicide_rate" in proc.stderr
    assert "1 failing rows" in proc.stderr
    # The failure names the raw file and line to fix, not just the staging model.
    assert f"owid_homicide/homicide-rate-unodc.csv row {first + 1}" in proc.stderr
    assert "not_null_columns_stg_owid_homicide__homicide_rates_" in proc.stderr
    assert f"owid_homicide/homicide-rate-unodc.csv row {nameless + 1}" in proc.stderr
    assert _sha(published) == digest


def test_a_warning_is_named_not_only_counted(tmp_path):
    """`dbt build ok (... 4 warn)` said how many tests warned, not which."""
    import json

    from gpsi.dbt_runner import run_summary

    results = [
        {"unique_id": "model.gpsi.fct_gpsi", "status": "success"},
        {
            "unique_id": "test.gpsi.source_freshness_like_check",
            "status": "warn",
            "failures": 3,
            "message": "Got 3 results, configured to warn if != 0",
        },
    ]
    (tmp_path / "run_results.json").write_text(json.dumps({"results": results}))
    summary = run_summary(tmp_path, "build")
    assert summary.startswith("1 success, 1 warn")
    assert "WARN test.gpsi.source_freshness_like_check (3 rows): Got 3 results" in summary
