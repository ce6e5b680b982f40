"""Reliability and hostile input, on small fixtures: symbolic links and control characters
refused at load with the place named, crash debris swept, one run at a time per
warehouse, CSV exports that a spreadsheet cannot execute and that are byte-identical
for equal marts."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

import duckdb
import pytest
from conftest import gpsi
from fixtures import HOMICIDE_HEADER, HOMICIDE_ROWS, write_homicide

from gpsi.exports import export
from gpsi.land import land
from gpsi.readers import LoadError

# The two summaries of the uncertainty step, incremental by year.
UNCERTAINTY_SUMMARIES = (
    "int_uncertainty_intervals_summarised",
    "int_uncertainty_sensitivity_summarised",
)


def test_a_symbolic_link_is_refused_without_reading_it(tmp_path):
    raw = tmp_path / "raw"
    (raw / "owid_homicide").mkdir(parents=True)
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n")
    os.symlink(secret, raw / "owid_homicide" / "homicide-rate-unodc.csv")
    with pytest.raises(LoadError) as err:
        land(raw, tmp_path / "db.duckdb", ["owid_homicide"])
    message = str(err.value)
    assert "symbolic link" in message and "owid_homicide/homicide-rate-unodc.csv" in message
    assert "root:x" not in message


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x07"])
def test_control_characters_are_refused_with_line_and_column(tmp_path, char):
    raw = tmp_path / "raw"
    write_homicide(raw, rows=HOMICIDE_ROWS + f"Bad{char}land,BAD,2021,1.0,\n")
    with pytest.raises(LoadError) as err:
        land(raw, tmp_path / "db.duckdb", ["owid_homicide"])
    message = str(err.value)
    assert "line 6, column 'Entity'" in message
    assert f"U+{ord(char):04X}" in message


def test_crash_debris_is_swept_before_a_load(tmp_path):
    raw = tmp_path / "raw"
    write_homicide(raw)
    db = tmp_path / "db.duckdb"
    land(raw, db, ["owid_homicide"])
    con = duckdb.connect(str(db))
    con.execute('create table raw."owid_homicide__homicide_rate__loading" as select 1 as x')
    con.close()
    land(raw, db, ["owid_homicide"])
    con = duckdb.connect(str(db), read_only=True)
    tables = [
        r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()
    ]
    con.close()
    assert not [t for t in tables if t.endswith("__loading")]


def test_a_second_run_is_refused_while_the_warehouse_is_locked(tmp_path):
    raw = tmp_path / "raw"
    write_homicide(raw, header=HOMICIDE_HEADER)
    warehouse = tmp_path / "warehouse"
    warehouse.mkdir()
    with (warehouse / ".gpsi.lock").open("a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        fh.write("gpsi pid 12345")
        fh.flush()
        proc = gpsi(
            "--warehouse-dir", str(warehouse), "load", "--raw-dir", str(raw),
            "--source", "owid_homicide", check=False,
        )  # fmt: skip
    assert proc.returncode == 5
    assert "in use by gpsi pid 12345" in proc.stderr
    assert "Traceback" not in proc.stderr


def _tiny_marts(db_path):
    con = duckdb.connect(str(db_path))
    con.execute("create schema marts")
    con.execute(
        "create table marts.dim_method as select '2026.11-2' as method_version, "
        "2023 as reported_year"
    )
    con.execute(
        "create table marts.dim_source as select 's' as source_id, 'n' as source_name, "
        "'p' as publisher, 'https://example.org' as publisher_url, 'l' as licence"
    )
    con.execute(
        "create table marts.fct_hostile as select * from (values (2, '=HYPERLINK(\"x\")'), "
        "(1, '+1'), (3, '-2'), (4, '@SUM(A1)'), (5, 'plain'), (6, '-')) t(k, label)"
    )
    con.close()


def test_csv_exports_neutralise_formulas_and_are_reproducible(tmp_path):
    db = tmp_path / "gpsi.duckdb"
    _tiny_marts(db)
    first = export(db, tmp_path / "a", tmp_path / "no-manifest.json")
    second = export(db, tmp_path / "b", tmp_path / "no-manifest.json")
    text = (first / "fct_hostile.csv").read_text()
    assert text.splitlines()[1:] == [
        "1,'+1",
        '2,"\'=HYPERLINK(""x"")"',
        "3,'-2",
        "4,'@SUM(A1)",
        "5,plain",
        "6,'-",
    ]
    for name in ("fct_hostile.csv", "fct_hostile.parquet", "dim_source.csv"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_a_missing_file_of_a_multi_file_source_fails_the_load(tmp_path):
    from fixtures import spec_header

    raw = tmp_path / "raw"
    folder = raw / "nd_gain"
    folder.mkdir(parents=True)
    header = ",".join(f'"{c}"' for c in ["ISO3", "Name", "1995", "1996"])
    for name in ("gain.csv", "vulnerability.csv"):  # readiness.csv is missing
        (folder / name).write_text(header + '\n"AFG","Afghanistan",1,2\n')
    assert spec_header("owid_homicide", "owid_homicide__homicide_rate")
    with pytest.raises(
        LoadError, match=r"expected at least 3 files matching this pattern, found 2"
    ):
        land(raw, tmp_path / "db.duckdb", ["nd_gain"])


def test_a_shrunken_file_is_refused_unless_accepted_and_recorded(tmp_path):
    raw = tmp_path / "raw"
    rows = "".join(f"Country{i},C{i:02d},2020,1.0,\n" for i in range(20))
    write_homicide(raw, rows=rows)
    db = tmp_path / "db.duckdb"
    land(raw, db, ["owid_homicide"])
    cut = "".join(f"Country{i},C{i:02d},2020,1.0,\n" for i in range(12))  # cut short
    write_homicide(raw, rows=cut)
    with pytest.raises(LoadError, match=r"12 rows where the previous landing had 20 \(-40%"):
        land(raw, db, ["owid_homicide"])
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("select count(*) from raw.owid_homicide__homicide_rate").fetchone() == (20,)
    con.close()
    land(raw, db, ["owid_homicide"], accept_shrink=True)
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("select count(*) from raw.owid_homicide__homicide_rate").fetchone() == (12,)
    assert con.execute("select accepted_shrink from raw._files").fetchone() == (True,)
    con.close()


def test_encoding_drift_from_cp1252_to_utf8_is_detected(tmp_path):
    from fixtures import UNSD_TEXT, write_unsd

    raw = tmp_path / "raw"
    write_unsd(raw, UNSD_TEXT, encoding="utf-8")  # "Côte d’Ivoire" as UTF-8 bytes
    with pytest.raises(LoadError, match=r"valid UTF-8 .* publishes Windows-1252"):
        land(raw, tmp_path / "db.duckdb", ["unsd_syb_crime"])


def _audited_marts(
    path, ranked: int, covered: int, cells: dict[str, int], method: tuple | None = None
):
    """Marts the publish audit reads; `method` = (active indicators, active dimension
    count) writes the build's dim_indicator and dim_dimension too."""
    con = duckdb.connect(str(path))
    con.execute("create schema marts")
    if method is not None:
        indicators, dimensions = method
        con.execute(
            "create table marts.dim_indicator as select unnest(?::varchar[]) as indicator_id, "
            "true as is_active",
            [sorted(indicators)],
        )
        con.execute(
            "create table marts.dim_dimension as select 'd' || i as dimension_id, "
            "i < ? as is_active from range(9) t(i)",
            [dimensions],
        )
    con.execute(
        "create table marts.rpt_gpsi_latest as select case when i < ? then i end as gpsi_rank "
        "from range(200) t(i)",
        [ranked],
    )
    con.execute(
        "create table marts.rpt_gpsi_latest_dimensions as select 'd' || i as dimension_id, "
        "true as is_covered from range(?) t(i)",
        [covered],
    )
    con.execute(
        "create table marts.fct_indicator_scores (indicator_id varchar, value_status varchar)"
    )
    for indicator, n in cells.items():
        con.execute(
            "insert into marts.fct_indicator_scores select ?, 'observed' from range(?)",
            [indicator, n],
        )
    con.close()


def test_publish_refuses_a_material_shrink_and_lists_what_would_be_lost(tmp_path):
    from gpsi.errors import ShrinkError
    from gpsi.publish import audit_publish

    published, same, smaller = (
        tmp_path / "old.duckdb",
        tmp_path / "same.duckdb",
        tmp_path / "new.duckdb",
    )
    _audited_marts(published, 184, 8, {"homicide_rate": 4000, "road_death_rate": 4200})
    _audited_marts(same, 183, 8, {"homicide_rate": 3990, "road_death_rate": 4200})
    _audited_marts(smaller, 126, 7, {"homicide_rate": 4000, "road_death_rate": 0})
    assert audit_publish(same, published) == []  # within the tolerance
    with pytest.raises(ShrinkError) as err:
        audit_publish(smaller, published)
    message = str(err.value)
    assert "countries ranked in the reported year [all]: 184 published -> 126" in message
    assert "dimensions covered in the reported year [all]: 8 published -> 7" in message
    assert "[road_death_rate]: 4,200 published -> 0" in message
    assert "homicide_rate" not in message
    assert len(audit_publish(smaller, published, accept=True)) == 3


def test_publish_does_not_read_a_method_change_as_a_shrink(tmp_path):
    """A method that stops scoring an indicator or a dimension (a new method_version) is
    not lost data: the audit compares what both methods score, and still refuses a real
    loss in what the new method keeps."""
    from gpsi.errors import ShrinkError
    from gpsi.publish import audit_publish

    published, new, broken = (tmp_path / f"{n}.duckdb" for n in ("old", "new", "broken"))
    cells = {"homicide_rate": 4000, "unemployment_rate": 4800}
    _audited_marts(published, 189, 8, cells)
    kept = {"homicide_rate"}
    _audited_marts(new, 193, 7, {"homicide_rate": 4000}, method=(kept, 7))
    _audited_marts(broken, 193, 7, {"homicide_rate": 2000}, method=(kept, 7))
    assert audit_publish(new, published) == []
    with pytest.raises(ShrinkError) as err:
        audit_publish(broken, published)
    assert "[homicide_rate]: 4,000 published -> 2,000" in str(err.value)
    assert "unemployment_rate" not in str(err.value)
    _audited_marts(tmp_path / "fewer.duckdb", 193, 6, {"homicide_rate": 4000}, method=(kept, 7))
    with pytest.raises(ShrinkError, match=r"dimensions covered .*: 7 published -> 6"):
        audit_publish(tmp_path / "fewer.duckdb", published)


def _writer(db, hold: bool):
    """A process that opens the database read-write and writes (like a BI tool that
    forgot read_only), then either holds it or is killed before it checkpoints."""
    import signal
    import subprocess
    import sys
    import time

    code = (
        "import duckdb, sys, time\n"
        f"con = duckdb.connect({str(db)!r})\n"
        "con.execute('create table scribble as select 42 as x')\n"
        "print('ready', flush=True)\n"
        "time.sleep(60)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    if not hold:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        time.sleep(0.2)
    return proc


def _published_pair(tmp_path):
    """A published warehouse and a green build (stamped with the fingerprint of what it
    holds), as small fakes."""
    from gpsi.paths import Paths
    from gpsi.state import fingerprint, record_green

    paths = Paths(project_dir=tmp_path, warehouse_dir=tmp_path / "warehouse")
    paths.build_db.parent.mkdir(parents=True)
    build = duckdb.connect(str(paths.build_db))
    build.execute("create table t as select 1 as x")
    build.execute(
        "create schema raw; create table raw._files "
        "(table_name varchar, file_path varchar, sha256 varchar, loader_version varchar)"
    )
    build.close()
    duckdb.connect(str(paths.published_db)).execute("create table t as select 0 as x").close()
    record_green(paths, fingerprint(paths), "run-1")
    return paths


def _published_x(paths) -> int:
    con = duckdb.connect(str(paths.published_db), read_only=True)
    try:
        return con.execute("select x from t").fetchone()[0]
    finally:
        con.close()


def test_publish_refuses_a_build_that_is_not_marked_green(tmp_path):
    from gpsi.errors import BuildError
    from gpsi.publish import publish
    from gpsi.state import mark_build_started

    paths = _published_pair(tmp_path)
    mark_build_started(paths)  # what a killed or failed build leaves
    with pytest.raises(BuildError, match="not marked green"):
        publish(paths)
    assert _published_x(paths) == 0


def test_publish_refuses_a_build_whose_inputs_changed_after_it_went_green(tmp_path):
    from gpsi.errors import BuildError
    from gpsi.publish import publish

    paths = _published_pair(tmp_path)
    con = duckdb.connect(str(paths.build_db))
    con.execute("insert into raw._files values ('raw_t', 'a.csv', 'abc', '1')")  # a later load
    con.close()
    with pytest.raises(BuildError, match="changed since its green build"):
        publish(paths)
    assert _published_x(paths) == 0


def test_publish_inside_a_run_refuses_a_green_stamp_from_another_run(tmp_path):
    from gpsi.errors import BuildError
    from gpsi.publish import publish

    paths = _published_pair(tmp_path)
    with pytest.raises(BuildError, match="another run"):
        publish(paths, run_id="run-2")
    assert _published_x(paths) == 0
    publish(paths, run_id="run-1")
    assert _published_x(paths) == 1


def _stage(paths, name: str, fp: str) -> None:
    import json

    if name == "exports":
        folder = paths.build_dir / "exports"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "export.json").write_text(json.dumps({"fingerprint": fp}))
    else:
        from gpsi.publish import write_listing

        folder = paths.build_dir / "site" / "report"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.html").write_text(
            f'<!doctype html><meta name="gpsi-fingerprint" content="{fp}">'
        )
        write_listing(folder.parent, "site.json", fp)


def test_outputs_staged_from_the_same_build_are_published_with_it(tmp_path):
    from gpsi.publish import output_fingerprints, publish
    from gpsi.state import build_state

    paths = _published_pair(tmp_path)
    fp = build_state(paths.build_db)["fingerprint"]
    _stage(paths, "exports", fp)
    _stage(paths, "site", "0" * 64)  # staged from some other build: not published
    publish(paths)
    published = output_fingerprints(paths.warehouse_dir)
    assert published == {"exports": fp, "site": None}
    assert build_state(paths.published_db)["fingerprint"] == fp


def test_publish_stages_the_outputs_of_its_build_unless_staged_and_fails_with_them(tmp_path):
    """`gpsi publish` after `gpsi build`: the exports and site are built from the build
    (stage) before the swap and published with it; outputs of this very build already
    staged (by `gpsi run`) are not built again; a stage that fails publishes nothing."""
    from gpsi.publish import output_fingerprints, publish
    from gpsi.state import build_state

    paths = _published_pair(tmp_path)
    fp = build_state(paths.build_db)["fingerprint"]
    calls = []

    def stage():
        calls.append(fp)
        _stage(paths, "exports", fp)
        _stage(paths, "site", fp)

    def broken():
        raise RuntimeError("report failed")

    with pytest.raises(RuntimeError, match="report failed"):
        publish(paths, stage=broken)
    assert _published_x(paths) == 0
    assert output_fingerprints(paths.warehouse_dir) == {"exports": None, "site": None}
    publish(paths, stage=stage)
    assert calls == [fp]
    assert _published_x(paths) == 1
    assert output_fingerprints(paths.warehouse_dir) == {"exports": fp, "site": fp}
    stage()  # staged again from this build, as `gpsi run` does before publishing
    publish(paths, stage=broken)  # not called (it would raise): this build's are staged
    assert output_fingerprints(paths.warehouse_dir) == {"exports": fp, "site": fp}


def test_crash_debris_of_publish_and_swaps_is_swept(tmp_path):
    from gpsi.paths import Paths
    from gpsi.publish import sweep_debris

    paths = Paths(project_dir=tmp_path, warehouse_dir=tmp_path / "warehouse")
    wh = paths.warehouse_dir
    (wh / "build" / "gpsi.duckdb.tmp").mkdir(parents=True)
    (wh / "build" / "gpsi.duckdb.tmp" / "spill.block").write_bytes(b"x" * 1000)
    (wh / ".gpsi.duckdb.123.tmp").write_bytes(b"half a copy")
    (wh / ".exports.123.old").mkdir()
    (wh / ".site.77.tmp").mkdir()
    (wh / "gpsi.duckdb").write_bytes(b"published")
    sweep_debris(paths)
    assert sorted(p.name for p in wh.iterdir()) == ["build", "gpsi.duckdb"]
    assert list((wh / "build").iterdir()) == []


def test_a_stale_wal_beside_the_published_file_is_settled_before_the_swap(tmp_path):
    from gpsi.publish import publish

    paths = _published_pair(tmp_path)
    _writer(paths.published_db, hold=False)
    wal = paths.published_db.with_name("gpsi.duckdb.wal")
    assert wal.exists()
    publish(paths)
    assert not wal.exists()
    con = duckdb.connect(str(paths.published_db), read_only=True)
    assert con.execute("select x from t").fetchone() == (1,)
    con.close()


def test_a_writer_holding_the_published_file_stops_publishing_cleanly(tmp_path):
    from gpsi.errors import BuildError
    from gpsi.publish import publish

    paths = _published_pair(tmp_path)
    holder = _writer(paths.published_db, hold=True)
    try:
        before = paths.published_db.read_bytes()
        with pytest.raises(BuildError, match="open read-write by another process"):
            publish(paths)
        assert paths.published_db.read_bytes() == before
    finally:
        holder.kill()
        holder.wait()


def test_a_run_after_an_interrupted_publish_rebuilds_the_stale_outputs(
    tmp_path, built_warehouse, raw_dir
):
    """Killed after the database swap, before exports and report: the next run sees that
    their fingerprints differ from the published warehouse's and rebuilds them from it."""
    import json
    import shutil

    from gpsi.publish import output_fingerprints
    from gpsi.state import build_state

    warehouse = tmp_path / "warehouse"
    shutil.copytree(built_warehouse, warehouse, ignore=shutil.ignore_patterns(".gpsi.lock"))
    published = build_state(warehouse / "gpsi.duckdb")["fingerprint"]
    export_json = warehouse / "exports" / "export.json"
    stale = json.loads(export_json.read_text()) | {"fingerprint": "0" * 64}
    export_json.write_text(json.dumps(stale))
    (warehouse / "site" / "report" / "index.html").write_text("<!doctype html><p>old numbers")
    proc = gpsi("--warehouse-dir", str(warehouse), "run", "--raw-dir", str(raw_dir))
    assert "exports and site do not match the published warehouse: rebuilt" in proc.stderr
    assert "dbt build" not in proc.stderr.split("rebuilt")[0]
    assert output_fingerprints(warehouse) == {"exports": published, "site": published}
    again = gpsi("--warehouse-dir", str(warehouse), "run", "--raw-dir", str(raw_dir))
    assert "nothing changed since the published build" in again.stderr
    # A deleted export and an edited lineage page are noticed through the sha256 that
    # export.json and site.json list, and rebuilt.
    (warehouse / "exports" / "fct_gpsi.csv").unlink()
    with (warehouse / "site" / "lineage.html").open("a") as fh:
        fh.write("<p>edited")
    tampered = gpsi("--warehouse-dir", str(warehouse), "run", "--raw-dir", str(raw_dir))
    assert "exports/fct_gpsi.csv is missing or altered" in tampered.stderr
    assert "site/lineage.html is missing or altered" in tampered.stderr
    assert "exports and site do not match the published warehouse: rebuilt" in tampered.stderr
    assert (warehouse / "exports" / "fct_gpsi.csv").exists()
    assert "<p>edited" not in (warehouse / "site" / "lineage.html").read_text()
    assert output_fingerprints(warehouse) == {"exports": published, "site": published}


def test_failing_values_are_traced_back_to_their_raw_file_and_row(tmp_path):
    """A test whose stored failures hold only the failing values (accepted_values, unique)
    is joined back to the tested model's provenance; one whose failures carry provenance
    is read directly; anything else shows its first failing rows."""
    from gpsi.failures import _rows_named

    con = duckdb.connect(str(tmp_path / "t.duckdb"))
    con.execute(
        "create table stg as select * from (values ('a.csv', 2, 'x'), ('a.csv', 3, 'BAD'), "
        "('b.csv', 9, 'BAD'), ('b.csv', 10, 'y')) t(source_file, source_row, code)"
    )
    con.execute("create table fail_values as select 'BAD' as value_field, 2 as n_records")
    con.execute("create table fail_rows as select * from stg where code = 'BAD'")
    con.execute("create table fail_bare as select 'BAD' as code_value, 2 as n")
    assert _rows_named(con, "fail_values", "stg", "code") == "a.csv row 3; b.csv row 9"
    assert _rows_named(con, "fail_rows", None, None) == "a.csv row 3; b.csv row 9"
    assert _rows_named(con, "fail_bare", None, None) == "code_value=BAD, n=2"


def test_an_unwritable_warehouse_is_reported_without_a_traceback(tmp_path):
    raw = tmp_path / "raw"
    write_homicide(raw)
    warehouse = tmp_path / "warehouse"
    warehouse.mkdir()
    (warehouse / "build").write_text("a file where the build folder should be")
    proc = gpsi(
        "--warehouse-dir", str(warehouse), "load", "--raw-dir", str(raw), "--source",
        "owid_homicide", check=False,
    )  # fmt: skip
    assert proc.returncode == 6, proc.stderr
    assert "the system refused a file operation" in proc.stderr
    assert "Traceback" not in proc.stderr


def _assert_same_exports(left: Path, right: Path) -> None:
    """Two warehouses' exports hold the same bytes, but for the edition marts: they are a
    warehouse's history (which editions it published, and when: the times differ); the
    edition they describe is the same (same method and data, so the same edition key)."""
    import json

    history = ("dim_edition", "fct_gpsi_editions", "fct_gpsi_revisions")
    listings = [json.loads((w / "exports" / "export.json").read_text()) for w in (left, right)]

    def shas(listing: dict) -> dict:
        return {
            f["file"]: f["sha256"] for f in listing["files"] if not f["file"].startswith(history)
        }

    assert shas(listings[0]) == shas(listings[1])
    assert len(shas(listings[0])) > 30
    assert [{k: v for k, v in listing.items() if k != "files"} for listing in listings[1:]] == [
        {k: v for k, v in listings[0].items() if k != "files"}
    ]  # the fingerprint among them
    keys = []
    for warehouse in (left, right):
        with duckdb.connect(str(warehouse / "gpsi.duckdb"), read_only=True) as con:
            query = "select edition_key from marts.dim_edition where is_current"
            keys.append(con.execute(query).fetchone())
    assert keys[0] == keys[1]
    for name in ("DATA_DICTIONARY.md", "data_dictionary.csv", "dim_source.csv"):
        assert (left / "exports" / name).read_bytes() == (right / "exports" / name).read_bytes()


@pytest.mark.xdist_group("revised_run")
def test_an_incremental_run_publishes_what_a_full_rebuild_publishes(
    built_warehouse, revised_run, revised_recovered
):
    """One source changes (a homicide rate, the revised_run fixture): `gpsi run` rebuilds
    only what depends on it, on top of the green build, and publishes exactly what a full
    rebuild of the same warehouse publishes with every file landed again (at another
    time, by another process; the revised_recovered fixture, whose incremental build was
    killed before its green stamp, so the run that recovers rebuilds everything): the
    same marts, fingerprint, export.json, data dictionary and the same bytes in every
    export file (rows in key order, no clock in the files: dim_source lists the files'
    sha256, not the loader's time; every float aggregate exact, so sums add up alike on
    DuckDB's threads). Reproducibility and incremental correctness in one pair of builds."""
    incremental, full = revised_run.warehouse, revised_recovered.warehouse
    assert "incremental build: 1 raw table(s) changed" in revised_run.log
    assert "owid_homicide__homicide_rate" in revised_run.log
    # Same code, same raw columns: the lineage site cannot differ, and is kept.
    assert "docs: the lineage site in target/ describes the same code" in revised_run.log
    lineage = "site/lineage.html"
    assert (incremental / lineage).read_bytes() == (built_warehouse / lineage).read_bytes()
    assert "incremental build" not in revised_recovered.log
    landings = []
    for warehouse in (incremental, full):
        with duckdb.connect(str(warehouse / "build" / "gpsi.duckdb"), read_only=True) as con:
            landed = con.execute("select file_path, loaded_at from raw._files").fetchall()
            landings.append(set(landed))
    assert landings[0].isdisjoint(landings[1])  # every file landed again, at another time
    _assert_same_exports(incremental, full)
    con = duckdb.connect()
    con.execute(f"attach '{incremental / 'gpsi.duckdb'}' as inc (read_only)")
    con.execute(f"attach '{full / 'gpsi.duckdb'}' as ful (read_only)")
    changed = con.execute(
        "select raw_value from inc.marts.fct_indicator_scores "
        "where iso3 = ? and year = ? and indicator_id = 'homicide_rate'",
        [revised_run.iso3, revised_run.year],
    ).fetchone()[0]
    assert abs(changed - revised_run.revised) < 1e-9  # the change reached the marts
    # The uncertainty draws were recomputed for the years whose inputs changed only: the
    # revised year (and any later year its value is carried into), not the other years.
    con.execute(f"attach '{built_warehouse / 'gpsi.duckdb'}' as before (read_only)")
    summaries = " union all ".join(
        f"select reference_year, input_digest from {{0}}.intermediate.{summary}"
        for summary in UNCERTAINTY_SUMMARIES
    )
    digests = f"select distinct reference_year, input_digest from ({summaries}) as summaries"
    recomputed = {
        year
        for (year,) in con.execute(
            f"select reference_year from ({digests.format('inc')} "
            f"except {digests.format('before')})"
        ).fetchall()
    }
    years = con.execute(f"select count(distinct reference_year) from ({digests.format('inc')})")
    years = years.fetchone()[0]
    assert revised_run.year in recomputed and len(recomputed) < years / 2, (recomputed, years)
    marts = con.execute(
        "select table_name from information_schema.tables "
        "where table_catalog = 'inc' and table_schema = 'marts'"
    ).fetchall()
    assert len(marts) >= 19
    for (table,) in marts:
        columns = ", ".join(
            f'"{c}"'
            for (c,) in con.execute(
                "select column_name from information_schema.columns where table_catalog = "
                "'inc' and table_schema = 'marts' and table_name = ? "
                "and data_type not like 'TIMESTAMP%'",  # landing times differ by design
                [table],
            ).fetchall()
        )
        for left, right in (("inc", "ful"), ("ful", "inc")):
            differing = con.execute(
                f"select count(*) from (select {columns} from {left}.marts.{table} "
                f"except all select {columns} from {right}.marts.{table})"
            ).fetchone()[0]
            assert differing == 0, f"{table}: {differing} rows of {left} not in {right}"


def test_relations_the_project_no_longer_defines_are_dropped_not_published(tmp_path):
    """dbt leaves a removed or renamed model's table behind; it would be published and
    exported with stale numbers. After a green build it is dropped."""
    import json

    from gpsi.paths import Paths
    from gpsi.state import drop_orphans

    paths = Paths(project_dir=tmp_path, warehouse_dir=tmp_path / "warehouse")
    paths.target_dir.mkdir(parents=True)
    con = duckdb.connect(str(paths.build_db))
    con.execute("create schema marts; create schema raw")
    con.execute("create table marts.fct_current as select 1 as x")
    con.execute("create table marts.rpt_removed as select 0 as x")
    con.execute("create table raw.kept as select 2 as x")  # not a dbt schema: untouched
    con.close()
    node = {"resource_type": "model", "schema": "marts", "name": "fct_current", "alias": None}
    (paths.target_dir / "manifest.json").write_text(json.dumps({"nodes": {"m": node}}))
    assert drop_orphans(paths) == ["marts.rpt_removed"]
    con = duckdb.connect(str(paths.build_db), read_only=True)
    left = con.execute("select table_schema || '.' || table_name from information_schema.tables")
    assert sorted(r[0] for r in left.fetchall()) == ["marts.fct_current", "raw.kept"]
    con.close()
