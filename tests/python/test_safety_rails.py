"""Safety rails, third round (issue 34): every check fails closed, the published file
never inherits another process's write-ahead log, no path or value is SQL text, and
text that only looks like a name or a number is refused where it enters."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from test_reliability import _audited_marts, _published_pair, _writer


def _cli_publish(paths, monkeypatch, caplog) -> tuple[int, str]:
    """`gpsi publish` (the CLI's main, its exit code and what it tells the user) on the
    fake pair of _published_pair, whose project folder is not a dbt project."""
    import logging

    from gpsi import cli

    monkeypatch.setattr(cli, "default_paths", lambda _warehouse_dir=None: paths)
    caplog.set_level(logging.INFO)
    code = cli.main(["--warehouse-dir", str(paths.warehouse_dir), "publish"])
    return code, caplog.text


def test_the_publish_audit_stops_when_it_cannot_open_the_published_file(tmp_path):
    """A BI client holding a read-write connection on the published file: the audit
    cannot read what is published, so it cannot know what would be lost. It stops
    (exit 3, the reason named), it does not take the error for an old file and publish."""
    from gpsi.errors import BuildError
    from gpsi.publish import audit_publish

    published, smaller = tmp_path / "old.duckdb", tmp_path / "new.duckdb"
    _audited_marts(published, 184, 8, {"wgi_political_stability": 4000})
    _audited_marts(smaller, 184, 8, {"wgi_political_stability": 3600})
    holder = _writer(published, hold=True)
    try:
        with pytest.raises(BuildError, match=r"publish audit: cannot read the published"):
            audit_publish(smaller, published)
    finally:
        holder.kill()
        holder.wait()


def test_a_held_published_file_stops_the_cli_with_exit_3(tmp_path, monkeypatch, caplog):
    paths = _published_pair(tmp_path)
    holder = _writer(paths.published_db, hold=True)
    try:
        before = paths.published_db.read_bytes()
        code, err = _cli_publish(paths, monkeypatch, caplog)
    finally:
        holder.kill()
        holder.wait()
    assert code == 3, err
    assert "open read-write by another process" in err
    assert "Traceback" not in err
    assert paths.published_db.read_bytes() == before


def test_an_old_published_file_without_the_audited_marts_is_still_replaced(tmp_path):
    """What the audit may skip is named: a published file that opens but predates the
    audited marts (a schema it does not know is not a lock)."""
    from gpsi.publish import audit_publish

    published, new = tmp_path / "old.duckdb", tmp_path / "new.duckdb"
    duckdb.connect(str(published)).execute("create table t as select 1 as x").close()
    _audited_marts(new, 184, 8, {"homicide_rate": 10})
    assert audit_publish(new, published) == []


def _foreign_wal(paths):
    """A client opened the published file read-write, the file was swapped under it, the
    client wrote and was killed: its log now sits beside the new file."""
    import os
    import signal
    import subprocess
    import sys

    code = (
        "import duckdb, sys\n"
        f"con = duckdb.connect({str(paths.published_db)!r})\n"
        "print('ready', flush=True)\n"
        "sys.stdin.readline()\n"
        "con.execute('create table scribble as select 42 as x')\n"
        "print('wrote', flush=True)\n"
        "sys.stdin.readline()\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout.readline().strip() == "ready"
    newer = paths.published_db.with_name("newer.duckdb")
    duckdb.connect(str(newer)).execute("create table t as select 7 as x").close()
    os.replace(newer, paths.published_db)  # the swap a publish makes
    proc.stdin.write("\n")
    proc.stdin.flush()
    assert proc.stdout.readline().strip() == "wrote"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    wal = paths.published_db.with_name(paths.published_db.name + ".wal")
    assert wal.exists()
    with pytest.raises(duckdb.IOException, match="WAL"):
        duckdb.connect(str(paths.published_db), read_only=True)
    return wal


def test_a_foreign_write_ahead_log_is_quarantined_not_blamed_on_a_live_process(tmp_path):
    """The log of a dead client beside the new file made every reader fail and every
    publish blame "another process". It is moved aside (kept, named in the log), and the
    publish goes through."""
    from gpsi.publish import publish

    paths = _published_pair(tmp_path)
    wal = _foreign_wal(paths)
    publish(paths)
    assert not wal.exists()
    kept = list(paths.warehouse_dir.glob("gpsi.duckdb.wal.foreign-*"))
    assert len(kept) == 1
    con = duckdb.connect(str(paths.published_db), read_only=True)
    assert con.execute("select x from t").fetchone() == (1,)
    con.close()


def test_a_foreign_write_ahead_log_is_quarantined_when_a_command_starts(tmp_path):
    """Readers (BI tools) are unblocked by the next gpsi command, whatever it is."""
    from gpsi.publish import sweep_debris

    paths = _published_pair(tmp_path)
    wal = _foreign_wal(paths)
    sweep_debris(paths)
    assert not wal.exists()
    con = duckdb.connect(str(paths.published_db), read_only=True)
    assert con.execute("select x from t").fetchone() == (7,)
    con.close()


def test_paths_with_quotes_export_and_land(tmp_path):
    """A clone under /home/o'brien/: paths are parameters, never SQL text (the export's
    COPY statements and the loader's raw Parquet copies failed with a parser error)."""
    from fixtures import write_homicide
    from test_reliability import _tiny_marts

    from gpsi.exports import export
    from gpsi.land import land

    root = tmp_path / 'o\'brien "x"'
    root.mkdir()
    db = root / "gpsi.duckdb"
    _tiny_marts(db)
    out = root / "exports"
    export(db, out, root / "no-manifest.json")
    assert (out / "export.json").exists()
    assert (out / "fct_hostile.parquet").exists()
    raw = root / "raw"
    write_homicide(raw)
    land(raw, root / "landed.duckdb", ["owid_homicide"], parquet_dir=root / "parquet")
    assert (root / "parquet" / "owid_homicide__homicide_rate" / "part-0.parquet").exists()


def test_identifiers_are_quoted_by_one_helper():
    from gpsi.sql import ident

    assert ident("raw", 'a"b') == '"raw"."a""b"'
    with pytest.raises(ValueError):
        ident("")


@pytest.mark.parametrize(
    "char",
    ["\u202e", "\u2066", "\u200b", "\u2028", "\u2029", "\u00ad", "\ufeff", "\u0085"],
    ids=["RLO", "LRI", "ZWSP", "LINE-SEP", "PARA-SEP", "SOFT-HYPHEN", "BOM", "NEL"],
)
def test_invisible_format_characters_are_refused_with_line_and_column(tmp_path, char):
    """Bidirectional overrides, zero-width and separator characters would reach names in
    the exports and the report looking like something else: refused where they enter."""
    from fixtures import HOMICIDE_ROWS, write_homicide

    from gpsi.land import land
    from gpsi.readers import LoadError

    raw = tmp_path / "raw"
    write_homicide(raw, rows=HOMICIDE_ROWS + f"Bad{char}land,BAD,2021,1.0,\n")
    with pytest.raises(LoadError) as err:
        land(raw, tmp_path / "db.duckdb", ["owid_homicide"])
    message = str(err.value)
    assert "line 6, column 'Entity'" in message
    assert f"U+{ord(char):04X}" in message


def test_the_refused_characters_are_exactly_unicode_cc_cf_zl_zp():
    """The loader lists the categories as code-point ranges (fast to search); they must
    be exactly Cc (but tab, line feed, carriage return), Cf, Zl and Zp of this Python's
    Unicode database."""
    import sys
    import unicodedata

    from gpsi.readers import _INVISIBLE_RANGES

    listed = {c for a, b in _INVISIBLE_RANGES for c in range(a, b + 1)}
    expected = {
        c
        for c in range(sys.maxunicode + 1)
        if unicodedata.category(chr(c)) in ("Cc", "Cf", "Zl", "Zp") and chr(c) not in "\t\n\r"
    }
    assert expected <= listed, sorted(expected - listed)[:10]
    # a newer Unicode assigned more format characters; this Python's database leaves
    # them unassigned (also refused: a publisher never writes an unassigned character)
    newer = listed - expected
    assert all(unicodedata.category(chr(c)) == "Cn" for c in newer), sorted(newer)[:10]


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("\u0661\u0662", "Arabic-Indic digits"),
        ("\uff11", "a fullwidth digit"),
        ("1e999", "an overflowing exponent"),
        ("9" * 400, "an overflowing mantissa"),
        ("1" * 250 + "e99", "an overflowing product"),
        ("0x1A", "a hexadecimal literal"),
        ("1_000", "an underscore separator"),
        ("nan", "a NaN spelled as a number"),
        ("inf", "an infinity"),
    ],
)
def test_text_that_is_almost_a_number_is_refused_where_it_enters(tmp_path, value, why):
    """One number grammar for every loader: ASCII digits, sign, point, exponent, within
    the range of a double. Python's own float() and \\d accept most of these."""
    from fixtures import HOMICIDE_ROWS, write_homicide

    from gpsi.land import land
    from gpsi.readers import LoadError

    raw = tmp_path / "raw"
    write_homicide(raw, rows=HOMICIDE_ROWS + f"Badland,BAD,2021,{value},\n")
    with pytest.raises(LoadError) as err:
        land(raw, tmp_path / "db.duckdb", ["owid_homicide"])
    assert "line 6, column 'Homicide rate per 100,000 population'" in str(err.value), why
    assert "expected a number" in str(err.value)


def test_a_year_column_in_other_digits_is_header_drift_not_a_dropped_column(tmp_path):
    """A WDI wide header with a year written in Arabic-Indic digits passed the year
    pattern (Python's \\d) and was renamed to a column the staging model never reads:
    that year silently vanished. One header grammar (ASCII digits) refuses it."""
    from gpsi.land import land
    from gpsi.readers import LoadError

    folder = tmp_path / "raw" / "wb_wdi"
    folder.mkdir(parents=True)
    years = ["2020", "\u0662\u0660\u0662\u0661"]
    header = ["Country Name", "Country Code", "Indicator Name", "Indicator Code", *years, ""]
    text = (
        '"Data Source","World Development Indicators",\n\n"Last Updated Date","2024-02-21",\n\n'
        + ",".join(f'"{h}"' for h in header)
        + "\n"
        + '"Albania","ALB","Intentional homicides","VC.IHR.PSRC.P5","2.1","2.3",\n'
    )
    for stem in ("API_VC.IHR.PSRC.P5", "API_SP.POP.TOTL"):
        (folder / f"{stem}_DS2_en_csv_v2_1.csv").write_text(text, encoding="utf-8-sig")
    with pytest.raises(LoadError) as err:
        land(tmp_path / "raw", tmp_path / "db.duckdb", ["wb_wdi"])
    message = str(err.value)
    assert "header drift" in message and "\u0662\u0660\u0662\u0661" in message


def test_a_dbt_command_outside_gpsi_drops_the_green_stamp(tmp_path, built_warehouse):
    """`dbt seed` (or run, build, snapshot) in the project writes relations gpsi did not
    check: the on-run-start hook drops the green stamp first, so `gpsi publish` refuses
    the database and `gpsi run` rebuilds it. `dbt test` writes nothing and keeps it."""
    import shutil

    from conftest import dbt_cli

    from gpsi.state import build_state

    db = tmp_path / "gpsi.duckdb"
    shutil.copyfile(built_warehouse / "build" / "gpsi.duckdb", db)
    assert build_state(db) is not None

    def dbt(*args: str) -> None:
        proc = dbt_cli(db, tmp_path, *args)
        assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]

    dbt("test", "--select", "dim_method")
    assert build_state(db) is not None
    dbt("seed", "--select", "method")
    assert build_state(db) is None


def test_building_before_any_load_is_exit_2_with_what_to_do(tmp_path):
    from conftest import gpsi

    proc = gpsi("--warehouse-dir", str(tmp_path / "warehouse"), "build", check=False)
    assert proc.returncode == 2, proc.stderr
    assert "nothing to build: no raw data has been landed" in proc.stderr
    assert "gpsi load --raw-dir" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_an_empty_raw_folder_names_every_missing_source(tmp_path):
    from conftest import gpsi

    from gpsi.registry import sources

    empty = tmp_path / "raw"
    empty.mkdir()
    proc = gpsi(
        "--warehouse-dir", str(tmp_path / "warehouse"), "load", "--raw-dir", str(empty),
        check=False,
    )  # fmt: skip
    assert proc.returncode == 2, proc.stderr
    assert f"{len(sources())} of {len(sources())} source folders missing" in proc.stderr
    for source in sources():
        assert f"{source.folder}/" in proc.stderr


# Kill -9 at named points of every stage (conftest.gpsi_killed_at). The next `gpsi run`
# must recover: exit 0, the published database and both output folders built from the
# same inputs, no debris, nothing half-landed.
# The build is killed in a daily run after a revision (the revised_recovered fixture,
# which the incremental-build test shares): its incremental build reaches the same point
# as a full one, building fewer nodes.
KILL_POINTS = {
    # stage: (command, module, function, n-th call)
    "load, one table swapped in the transaction": (
        ("load", "--force", "--source", "owid_homicide", "--source", "wb_wdi"),
        "gpsi.land", "_swap_table", 2,
    ),
    "build, dbt done, not yet stamped green": None,  # the revised_recovered fixture
    "export, five marts written": (("publish",), "gpsi.exports", "_export_table", 5),
    "publish, database swapped, outputs not": (("publish",), "gpsi.publish", "swap_dir", 1),
    "publish, exports swapped, site not": (("publish",), "gpsi.publish", "swap_dir", 2),
}  # fmt: skip
REVISED_KILL_POINT = "build, dbt done, not yet stamped green"


def _kill_and_recover(warehouse: Path, raw_dir: Path, point: str) -> None:
    from conftest import gpsi, gpsi_killed_at

    command, module, function, nth = KILL_POINTS[point]
    argv = ["--warehouse-dir", str(warehouse), *command]
    if command[0] in ("load", "run"):
        argv += ["--raw-dir", str(raw_dir)]
    killed = gpsi_killed_at(module, function, nth, *argv)
    assert killed.returncode == -9, (point, killed.returncode, killed.stderr[-2000:])
    recovered = gpsi("--warehouse-dir", str(warehouse), "run", "--raw-dir", str(raw_dir))
    assert "Traceback" not in recovered.stderr


@pytest.mark.parametrize(
    "point",
    [
        pytest.param(point, marks=pytest.mark.xdist_group("revised_run"))
        if point == REVISED_KILL_POINT
        else point
        for point in KILL_POINTS
    ],
)
def test_a_kill_at_a_named_point_of_every_stage_is_recovered(
    tmp_path, built_warehouse, raw_dir, point, request
):
    import shutil

    from gpsi.publish import output_fingerprints
    from gpsi.state import build_state

    complete = built_warehouse  # a warehouse that landed every file of raw_dir completely
    if point == REVISED_KILL_POINT:
        recovery = request.getfixturevalue("revised_recovered")
        assert recovery.killed.returncode == -9, recovery.killed.stderr[-2000:]
        assert "incremental build: 1 raw table(s) changed" in recovery.killed.stderr
        assert "Traceback" not in recovery.log
        warehouse, complete = recovery.warehouse, request.getfixturevalue("revised_run").warehouse
    else:
        warehouse = tmp_path / "warehouse"
        shutil.copytree(built_warehouse, warehouse, ignore=shutil.ignore_patterns(".gpsi.lock"))
        _kill_and_recover(warehouse, raw_dir, point)
    raw_files = "select * exclude (loaded_at) from raw._files order by all"
    with duckdb.connect(str(complete / "build" / "gpsi.duckdb"), read_only=True) as con:
        landed = con.execute(raw_files).fetchall()
    published = build_state(warehouse / "gpsi.duckdb")["fingerprint"]
    assert output_fingerprints(warehouse) == {"exports": published, "site": published}
    with duckdb.connect(str(warehouse / "build" / "gpsi.duckdb"), read_only=True) as con:
        assert con.execute(raw_files).fetchall() == landed  # nothing half-landed
        loading = con.execute(
            "select count(*) from information_schema.tables where table_name like '%__loading'"
        ).fetchone()[0]
        assert loading == 0
    debris = [
        p.relative_to(warehouse).as_posix()
        for p in warehouse.rglob("*")
        if p.name.endswith((".tmp", ".old", ".new")) or p.name.startswith((".exports", ".site"))
    ]
    assert debris == []
    with duckdb.connect(str(warehouse / "gpsi.duckdb"), read_only=True) as con:
        assert con.execute("select count(*) from marts.rpt_gpsi_latest").fetchone()[0] > 185


def test_everything_that_shapes_an_output_is_in_the_fingerprint(tmp_path, monkeypatch):
    """An edited report template or message file, a different bundled charting library
    or world map, another DuckDB: each changes the code fingerprint, so `gpsi run`
    rebuilds and republishes instead of saying "nothing changed"."""
    import shutil

    import duckdb as duckdb_module
    from conftest import PROJECT_DIR

    from gpsi.paths import Paths
    from gpsi.state import code_fingerprint

    project = tmp_path / "project"
    for rel in (
        "dbt_project.yml",
        "src/gpsi/report/templates/messages.yml",
        "src/gpsi/report/templates/index.html.j2",
        "node_modules/vega/build/vega.min.js",
        "node_modules/world-atlas/countries-110m.json",
    ):
        (project / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(PROJECT_DIR / rel, project / rel)
    paths = Paths(project_dir=project, warehouse_dir=tmp_path / "warehouse")
    seen = {code_fingerprint(paths)}
    for rel in (
        "src/gpsi/report/templates/messages.yml",
        "src/gpsi/report/templates/index.html.j2",
        "node_modules/vega/build/vega.min.js",
        "node_modules/world-atlas/countries-110m.json",
    ):
        with (project / rel).open("a", encoding="utf-8") as fh:
            fh.write("\n")
        seen.add(code_fingerprint(paths))
    monkeypatch.setattr(duckdb_module, "__version__", "0.0.0-other")
    seen.add(code_fingerprint(paths))
    assert len(seen) == 6


@pytest.mark.parametrize(
    ("line", "told"),
    [
        ("Bad\u202eland,BAD,2021,1.0,", "U+202E (RIGHT-TO-LEFT OVERRIDE)"),
        ("Badland,BAD,2021,1e999,", "expected a number"),
        ("Badland,BAD,2021,\u0663,", "expected a number"),
    ],
    ids=["bidi-override", "overflow", "arabic-indic-digit"],
)
def test_the_cli_refuses_almost_text_and_almost_numbers_with_exit_2(tmp_path, line, told):
    """As a user meets them: `gpsi load` exits 2, names file, line and column, and
    writes nothing."""
    from conftest import gpsi
    from fixtures import HOMICIDE_ROWS, write_homicide

    raw = tmp_path / "raw"
    write_homicide(raw, rows=HOMICIDE_ROWS + line + "\n")
    proc = gpsi(
        "--warehouse-dir", str(tmp_path / "warehouse"), "load", "--raw-dir", str(raw),
        "--source", "owid_homicide", check=False,
    )  # fmt: skip
    assert proc.returncode == 2, proc.stderr
    assert "owid_homicide/homicide-rate-unodc.csv, line 6, column" in proc.stderr
    assert told in proc.stderr
    assert "nothing was written" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize("bad", ["0", "-1", "lots", "nan"])
def test_the_explorer_budget_is_8_mb_unless_set_and_refuses_a_bad_setting(monkeypatch, bad):
    from gpsi.report import ReportError, folder_budget

    monkeypatch.delenv("GPSI_EXPLORER_MAX_MB", raising=False)
    assert folder_budget() == 8_000_000
    monkeypatch.setenv("GPSI_EXPLORER_MAX_MB", "250")
    assert folder_budget() == 250_000_000
    monkeypatch.setenv("GPSI_EXPLORER_MAX_MB", bad)
    with pytest.raises(ReportError, match="GPSI_EXPLORER_MAX_MB"):
        folder_budget()
