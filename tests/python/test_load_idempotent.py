"""Loads are idempotent: unchanged files are skipped by hash; a forced reload of the
same files leaves identical rows; a changed file replaces its table's rows."""

from __future__ import annotations

import hashlib

import duckdb
from fixtures import HOMICIDE_ROWS, write_homicide, write_unsd

from gpsi.land import land


def _rows(db, table):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(
            f'select * exclude (_loaded_at) from raw."{table}" order by all'
        ).fetchall()
    finally:
        con.close()


def test_second_load_skips_by_hash_and_force_is_identical(tmp_path):
    raw, db = tmp_path / "raw", tmp_path / "gpsi.duckdb"
    path = write_homicide(raw)
    write_unsd(raw)
    first = land(raw, db, ["owid_homicide", "unsd_syb_crime"])
    assert [r.tables_loaded for r in first] == [
        ["owid_homicide__homicide_rate"],
        ["unsd_syb_crime__crime_series"],
    ]
    rows = _rows(db, "owid_homicide__homicide_rate")
    second = land(raw, db, ["owid_homicide", "unsd_syb_crime"])
    assert [r.tables_loaded for r in second] == [[], []]
    assert [r.tables_skipped for r in second] == [
        ["owid_homicide__homicide_rate"],
        ["unsd_syb_crime__crime_series"],
    ]
    land(raw, db, ["owid_homicide"], force=True)
    assert _rows(db, "owid_homicide__homicide_rate") == rows
    # Provenance: every row carries the file's sha256, computed independently here.
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert {r[-1] for r in rows} == {digest}  # _source_sha256 is the last kept column
    assert [r[-4] for r in rows] == [2, 3, 4, 5]  # _source_row: file lines of the data rows


def test_changed_file_replaces_rows(tmp_path):
    raw, db = tmp_path / "raw", tmp_path / "gpsi.duckdb"
    write_homicide(raw)
    land(raw, db, ["owid_homicide"])
    write_homicide(raw, rows=HOMICIDE_ROWS + "Chad,TCD,2021,9.1,\n")
    report = land(raw, db, ["owid_homicide"])
    assert report[0].tables_loaded == ["owid_homicide__homicide_rate"]
    rows = _rows(db, "owid_homicide__homicide_rate")
    assert len(rows) == 5
    assert rows.count(rows[0]) == 1  # no duplicated rows from the first load


def test_a_full_load_drops_raw_tables_no_source_declares(tmp_path, monkeypatch):
    """A file a source stops declaring (now ignored, or the source removed) leaves no raw
    table or manifest row behind after the next full load; a partial load
    (`--source`) leaves the other tables alone."""
    from gpsi import land as land_module
    from gpsi import registry
    from gpsi.registry import sources

    raw, db = tmp_path / "raw", tmp_path / "gpsi.duckdb"
    write_homicide(raw)
    write_unsd(raw)
    both = tuple(s for s in sources() if s.source_id in ("owid_homicide", "unsd_syb_crime"))

    def declare(selected):  # the loader and the registry see the same sources
        monkeypatch.setattr(land_module, "sources", lambda: selected)
        monkeypatch.setattr(registry, "sources", lambda: selected)

    declare(both)
    land(raw, db)
    homicide_only = tuple(s for s in both if s.source_id == "owid_homicide")
    declare(homicide_only)
    land(raw, db, ["owid_homicide"])  # partial: nothing else touched
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("select count(*) from raw.unsd_syb_crime__crime_series").fetchone()[0]
    con.close()
    land(raw, db)
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = {
            r[0]
            for r in con.execute(
                "select table_name from duckdb_tables() where schema_name = 'raw'"
            ).fetchall()
        }
        listed = {
            r[0]
            for r in con.execute(
                "select table_name from raw._files union select table_name from raw._columns"
            ).fetchall()
        }
    finally:
        con.close()
    assert "unsd_syb_crime__crime_series" not in tables
    assert listed == {"owid_homicide__homicide_rate"}
