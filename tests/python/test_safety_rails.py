"""Safety rails, third round (issue 34): every check fails closed, the published file
never inherits another process's write-ahead log, no path or value is SQL text, and
text that only looks like a name or a number is refused where it enters."""

from __future__ import annotations

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
    from gpsi.pipeline import BuildError, audit_publish

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
    from gpsi.pipeline import audit_publish

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
    from gpsi.pipeline import publish

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
    from gpsi.pipeline import sweep_debris

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
    from gpsi.exports import export
    from gpsi.land import land
    from test_reliability import _tiny_marts

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
