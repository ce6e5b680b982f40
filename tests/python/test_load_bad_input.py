"""Bad input fails cleanly: a message naming source, file, place and expectation,
a non-zero exit, and nothing half-loaded."""

from __future__ import annotations

import duckdb
import pytest
from conftest import gpsi
from fixtures import (
    HOMICIDE_HEADER,
    HOMICIDE_ROWS,
    UNSD_TEXT,
    write_gti,
    write_homicide,
    write_unsd,
)

from gpsi.land import land
from gpsi.readers import LoadError


def _load(raw, db, *sources):
    return land(raw, db, list(sources))


def _snapshot(db):
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = [
            r[0]
            for r in con.execute(
                "select table_name from information_schema.tables "
                "where table_schema = 'raw' order by 1"
            ).fetchall()
        ]
        return {
            t: con.execute(f'select * exclude (_loaded_at) from raw."{t}" order by all').fetchall()
            if not t.startswith("_")
            else con.execute(f'select count(*) from raw."{t}"').fetchall()
            for t in tables
        }
    finally:
        con.close()


@pytest.fixture
def raw(tmp_path):
    path = tmp_path / "raw"
    write_homicide(path)
    write_unsd(path)
    write_gti(path)
    return path


@pytest.fixture
def db(tmp_path):
    return tmp_path / "wh" / "gpsi.duckdb"


def test_good_fixtures_load(raw, db):
    reports = _load(raw, db, "owid_homicide", "unsd_syb_crime", "iep_gti")
    assert sum(r.rows for r in reports) == 4 + 3 + 2
    snap = _snapshot(db)
    # The thousands separator and the cp1252 name are landed exactly as published.
    unsd = snap["unsd_syb_crime__crime_series"]
    assert any("1,322.6" in row for row in unsd)
    assert any("Côte d’Ivoire" in row for row in unsd)


def _expect(raw, db, source, *fragments):
    with pytest.raises(LoadError) as info:
        _load(raw, db, source)
    message = str(info.value)
    assert f"[{source}]" in message
    for fragment in fragments:
        assert fragment in message, message
    return message


def test_missing_file(raw, db):
    (raw / "owid_homicide" / "homicide-rate-unodc.csv").unlink()
    _expect(raw, db, "owid_homicide", "homicide-rate-unodc.csv", "file missing")


def test_empty_file(raw, db):
    write_homicide(raw, rows="", header="")
    _expect(raw, db, "owid_homicide", "homicide-rate-unodc.csv", "file is empty")


def test_header_only_file(raw, db):
    write_homicide(raw, rows="")
    _expect(raw, db, "owid_homicide", "no data rows")


def test_renamed_column(raw, db):
    write_homicide(raw, header=HOMICIDE_HEADER.replace("Year", "Yr"))
    _expect(raw, db, "owid_homicide", "line 1", "header drift", "missing ['Year']", "'Yr'")


def test_missing_column(raw, db):
    header = 'Entity,Code,"Homicide rate per 100,000 population",World region according to OWID\n'
    rows = "Albania,ALB,2.1,Europe\n"
    write_homicide(raw, rows=rows, header=header)
    _expect(raw, db, "owid_homicide", "line 1", "missing ['Year']")


def test_duplicated_column(raw, db):
    header = HOMICIDE_HEADER.replace("Code,", "Code,Code,")
    rows = "Albania,ALB,ALB,2020,2.1,Europe\n"
    write_homicide(raw, rows=rows, header=header)
    _expect(raw, db, "owid_homicide", "line 1", "duplicated ['Code']")


def test_wrong_encoding(raw, db):
    # A UTF-8 file where the source promises cp1252 is fine byte-wise for most text,
    # so break the promise the other way: a cp1252 byte in a UTF-8 source.
    path = write_homicide(raw)
    path.write_bytes(path.read_bytes() + "Côte d'Ivoire,CIV,2020,8.0,\n".encode("cp1252"))
    _expect(raw, db, "owid_homicide", "line 6", "byte 0xf4 is not valid UTF-8", "expected")


def test_undefined_cp1252_byte(raw, db):
    path = write_unsd(raw)
    path.write_bytes(path.read_bytes() + b'4,Afgh\x81anistan,2020,"x",1,,"y"\n')
    _expect(raw, db, "unsd_syb_crime", "line 6", "byte 0x81 is not valid Windows-1252")


def test_non_numeric_value(raw, db):
    write_homicide(raw, rows=HOMICIDE_ROWS + "Chad,TCD,2021,about 9,\n")
    _expect(
        raw,
        db,
        "owid_homicide",
        "line 6",
        "column 'Homicide rate per 100,000 population'",
        "expected a number",
        "'about 9'",
    )


def test_non_numeric_in_thousands_column(raw, db):
    write_unsd(
        raw, UNSD_TEXT + '4,Afghanistan,2020,"Assault rate per 100,000 population",n/a!,,"U"\n'
    )
    _expect(raw, db, "unsd_syb_crime", "line 6", "column 'Value'", "'n/a!'")


def test_truncated_file_mid_row(raw, db):
    path = write_homicide(raw)
    data = path.read_bytes()
    path.write_bytes(data[: data.rindex(b"2021,5.8")])  # cut inside the last row
    _expect(raw, db, "owid_homicide", "line 5", "truncated")


def test_truncated_file_open_quote(raw, db):
    path = write_homicide(raw)
    path.write_bytes(path.read_bytes() + b'Chad,TCD,2021,"9.1')
    _expect(raw, db, "owid_homicide", "line 6", "malformed CSV")


def test_short_row(raw, db):
    write_homicide(raw, rows=HOMICIDE_ROWS + "Chad,TCD,2021\n")
    _expect(raw, db, "owid_homicide", "line 6", "expected 5 fields", "found 3")


def test_unknown_sheet(raw, db):
    write_gti(raw, sheet="GTI 2024")
    _expect(
        raw,
        db,
        "iep_gti",
        "Terrorism_Index_2023_AutoRecovered.xlsx",
        "sheet 'Terrorism index 2023'",
        "sheet not found",
        "GTI 2024",
    )


def test_xlsx_non_numeric_cell(raw, db):
    write_gti(raw, rows=[["IRQ", "Iraq", 1, "high", 1, 1, 1, 1, 2012, "ME", "Asia"]])
    _expect(raw, db, "iep_gti", "sheet 'Terrorism index 2023' row 2", "column 'Score'", "'high'")


def test_corrupt_xlsx(raw, db):
    path = raw / "iep_gti" / "Terrorism_Index_2023_AutoRecovered.xlsx"
    path.write_bytes(path.read_bytes()[:500])
    _expect(raw, db, "iep_gti", "not a readable .xlsx workbook")


def test_failure_leaves_previous_raw_tables_intact(raw, db):
    _load(raw, db, "owid_homicide", "unsd_syb_crime")
    before = _snapshot(db)
    # A valid change to one source and a broken file in another, loaded together:
    write_homicide(raw, rows=HOMICIDE_ROWS + "Chad,TCD,2021,9.1,\n")
    write_unsd(raw, UNSD_TEXT.replace("Value", "Valeur"))
    with pytest.raises(LoadError):
        _load(raw, db, "owid_homicide", "unsd_syb_crime")
    assert _snapshot(db) == before


def test_cli_exits_non_zero_with_message(raw, tmp_path):
    write_homicide(raw, rows=HOMICIDE_ROWS + "Chad,TCD,twenty,9.1,\n")
    proc = gpsi(
        "--warehouse-dir",
        str(tmp_path / "wh"),
        "load",
        "--raw-dir",
        str(raw),
        "--source",
        "owid_homicide",
        check=False,
    )
    assert proc.returncode == 2
    assert "[owid_homicide] owid_homicide/homicide-rate-unodc.csv, line 6, column 'Year'" in (
        proc.stderr
    )
    assert "nothing was written" in proc.stderr


def test_missing_raw_dir_is_explained(tmp_path):
    proc = gpsi(
        "--warehouse-dir",
        str(tmp_path / "wh"),
        "load",
        "--raw-dir",
        str(tmp_path / "nope"),
        check=False,
    )
    assert proc.returncode == 2
    assert "raw directory not found" in proc.stderr


def _stream(raw, source_id, chunk_rows):
    from gpsi.readers import open_file, resolve_files
    from gpsi.registry import sources

    source = next(s for s in sources() if s.source_id == source_id)
    spec = source.files[0]
    return open_file(source, spec, resolve_files(source, spec, raw)[0], raw, chunk_rows)


def test_bulk_checks_keep_the_row_semantics_across_chunks(raw):
    """Numbers are checked a chunk at a time in bulk and walked row by row only where
    the bulk check is unsure: blanks around a number still pass and land as published,
    and a bad value in a later chunk is reported at its own line."""
    chad = "Chad,TCD,2020, 9.5 ,\nChad,TCD,2021,,\n"
    write_homicide(raw, rows=HOMICIDE_ROWS + chad + "Chad,TCD,2022,about 9,\n")
    with pytest.raises(LoadError, match=r"line 8, column 'Homicide rate.*'about 9'"):
        list(_stream(raw, "owid_homicide", 2).chunks)
    write_homicide(raw, rows=HOMICIDE_ROWS + chad)
    chunks = list(_stream(raw, "owid_homicide", 2).chunks)
    assert [len(numbers) for _columns, numbers in chunks] == [2, 2, 2]
    assert [n for _columns, numbers in chunks for n in numbers] == [2, 3, 4, 5, 6, 7]
    rates = [v for columns, _numbers in chunks for v in columns[3].to_pylist()]
    assert rates == ["2.1", "2.3", "22.4", "5.8", " 9.5 ", None]


def _cells(raw, source_id, chunk_rows) -> list[list]:
    """The landed cells of a file's rows, chunk after chunk, row by row."""
    rows = []
    for columns, numbers in _stream(raw, source_id, chunk_rows).chunks:
        values = [column.to_pylist() for column in columns]
        rows += [[column[i] for column in values] for i in range(len(numbers))]
    return rows


@pytest.mark.parametrize(
    "rows",
    [
        HOMICIDE_ROWS,
        '"Korea, ""South""",KOR,2020,1.3,Asia\n"",AAA,2021,,""\n' + HOMICIDE_ROWS,
        HOMICIDE_ROWS.replace("\n", "\r\n"),
        HOMICIDE_ROWS + "\n" + "Chad,TCD,2021,9.1,\n",  # a blank line
        'Cote d"Ivoire,CIV,2020,1.0,Africa\n' + HOMICIDE_ROWS,  # a quote mid-field
        '"Two\nlines",TWO,2020,1.0,\n' + HOMICIDE_ROWS,  # a newline in a value
        HOMICIDE_ROWS + "Chad,TCD,2021,9.1,",  # no final newline
    ],
)
def test_rows_land_as_the_csv_module_reads_them(raw, rows):
    """Quoting, line endings, blank lines and a missing final newline: the landed cells
    are the records Python's csv module reads from the same text (blank lines skipped,
    blank cells null), whatever the chunk size."""
    import csv
    import io

    write_homicide(raw, rows=rows)
    records = list(csv.reader(io.StringIO(HOMICIDE_HEADER + rows, newline="")))[1:]
    expected = [[cell or None for cell in record] for record in records if record]
    assert _cells(raw, "owid_homicide", 2) == expected
    assert _cells(raw, "owid_homicide", 1000) == expected


def _manifest(db):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return (
            con.execute("select * exclude (loaded_at) from raw._files order by all").fetchall()
            + con.execute("select * from raw._columns order by all").fetchall()
        )
    finally:
        con.close()


def test_worker_processes_land_what_one_process_lands(raw, tmp_path, caplog):
    """At scale the files are parsed by worker processes (parallel_min_bytes=0 forces
    them here): the raw tables and the manifest equal a load in one process."""
    sources = ["owid_homicide", "unsd_syb_crime", "iep_gti"]
    one, workers = tmp_path / "one" / "gpsi.duckdb", tmp_path / "workers" / "gpsi.duckdb"
    caplog.set_level("INFO", logger="gpsi.land")
    alone = land(raw, one, sources, parallel_min_bytes=2**62)
    assert "worker processes" not in caplog.text
    reports = land(raw, workers, sources, parallel_min_bytes=0)
    assert "3 table(s) parsed by" in caplog.text
    assert sorted(t for r in reports for t in r.tables_loaded) == [
        "iep_gti__country_scores",
        "owid_homicide__homicide_rate",
        "unsd_syb_crime__crime_series",
    ]
    assert [(r.source_id, r.tables_loaded, r.rows) for r in reports] == [
        (r.source_id, r.tables_loaded, r.rows) for r in alone
    ]
    assert sum(r.rows for r in reports) == 4 + 3 + 2
    assert _snapshot(workers) == _snapshot(one)
    assert _manifest(workers) == _manifest(one)


def test_an_error_in_a_worker_process_is_reported_as_in_one_process(raw, tmp_path):
    """A bad file parsed by a worker raises the same LoadError (source, file, line,
    expectation), and nothing is landed: the other tables staged are dropped."""
    sources = ["owid_homicide", "unsd_syb_crime", "iep_gti"]
    db = tmp_path / "wh" / "gpsi.duckdb"
    land(raw, db, sources, parallel_min_bytes=0)
    before = _snapshot(db)
    write_homicide(raw, rows=HOMICIDE_ROWS + "Chad,TCD,2021,about 9,\n")
    write_unsd(raw, UNSD_TEXT.replace("2.1,", "2.2,"))  # a valid change, not landed
    messages = []
    for parallel_min_bytes in (2**62, 0):
        with pytest.raises(LoadError) as info:
            land(raw, db, sources, parallel_min_bytes=parallel_min_bytes)
        messages.append(str(info.value))
        assert _snapshot(db) == before
    assert messages[0] == messages[1]
    assert "[owid_homicide]" in messages[0] and "line 6" in messages[0], messages[0]


def test_a_reader_that_stops_early_is_not_an_error():
    """`gpsi sources | head -1`: the reader closes the pipe after one line. That is the
    reader's choice, not a refused file operation: exit 0 and nothing on stderr."""
    import subprocess
    import sys

    from conftest import PROJECT_DIR

    with subprocess.Popen(
        [sys.executable, "-m", "gpsi", "sources"],
        cwd=PROJECT_DIR, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        bufsize=0,
    ) as proc:  # fmt: skip
        assert proc.stdout.read(1)
        proc.stdout.close()
        stderr = proc.stderr.read().decode()
        assert proc.wait() == 0, stderr
    assert stderr == ""
