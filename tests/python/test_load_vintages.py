"""Loader features the new sources need, on small fixtures written here: a CSV read from
inside the zip archive it is published in, and a value column matched by pattern and
landed by position because its header changes between vintages."""

from __future__ import annotations

import io
import zipfile

import duckdb
import pytest

from gpsi.land import land, unexpected_files
from gpsi.readers import LoadError

HEADER_2026 = "Entity,Code,Year,2.1.1 prevalence of undernourishment - Value (percent)\n"
HEADER_2025 = (
    "Entity,Code,Year,2.1.1 Prevalence of undernourishment | 000000000024000 || Value | "
    "006121 || percent\n"
)
ROWS = "Afghanistan,AFG,2021,30.2\nAlbania,ALB,2021,2.5\nWorld,OWID_WRL,2021,9.1\n"


def _write_zip(path, members: dict[str, str]) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())


@pytest.fixture
def raw(tmp_path):
    root = tmp_path / "raw"
    csv_path = root / "owid_undernourishment" / "prevalence-of-undernourishment.csv"
    csv_path.parent.mkdir(parents=True)
    csv_path.write_text(HEADER_2026 + ROWS, encoding="utf-8")
    (root / "owid_undernourishment" / "readme.md").write_text("# readme\n")
    _write_zip(
        root / "owid_undernourishment_2025" / "prevalence-of-undernourishment.zip",
        {
            "prevalence-of-undernourishment.csv": HEADER_2025 + ROWS,
            "readme.md": "# readme\n",
        },
    )
    return root


def _rows(db, table):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(
            f"select entity, year, prevalence_pct, _source_file from raw.{table} order by all"
        ).fetchall()
    finally:
        con.close()


def test_both_vintages_land_under_the_same_names(raw, tmp_path):
    db = tmp_path / "wh" / "gpsi.duckdb"
    land(raw, db, ["owid_undernourishment", "owid_undernourishment_2025"])
    new = _rows(db, "owid_undernourishment__prevalence")
    old = _rows(db, "owid_undernourishment_2025__prevalence")
    assert [r[:3] for r in new] == [r[:3] for r in old]
    assert ("Albania", "2021", "2.5") in [r[:3] for r in new]
    zip_file = "owid_undernourishment_2025/prevalence-of-undernourishment.zip"
    assert {r[3] for r in old} == {f"{zip_file}!/prevalence-of-undernourishment.csv"}


def test_a_drifted_value_header_is_refused(raw, tmp_path):
    path = raw / "owid_undernourishment" / "prevalence-of-undernourishment.csv"
    path.write_text("Entity,Code,Year,Share of people who are undernourished\n" + ROWS)
    with pytest.raises(LoadError) as err:
        land(raw, tmp_path / "db.duckdb", ["owid_undernourishment"])
    message = str(err.value)
    assert "[owid_undernourishment]" in message and "prevalence-of-undernourishment.csv" in message
    assert "line 1" in message and "header drift" in message


def test_an_extra_value_column_is_refused(raw, tmp_path):
    path = raw / "owid_undernourishment" / "prevalence-of-undernourishment.csv"
    path.write_text(HEADER_2026.rstrip("\n") + ",2.1.1 prevalence of undernourishment (upper)\n")
    with pytest.raises(LoadError, match="expected 4 columns"):
        land(raw, tmp_path / "db.duckdb", ["owid_undernourishment"])


def test_a_missing_zip_member_names_the_archive_and_member(raw, tmp_path):
    _write_zip(
        raw / "owid_undernourishment_2025" / "prevalence-of-undernourishment.zip",
        {"other.csv": HEADER_2025 + ROWS},
    )
    with pytest.raises(LoadError) as err:
        land(raw, tmp_path / "db.duckdb", ["owid_undernourishment_2025"])
    assert "member 'prevalence-of-undernourishment.csv'" in str(err.value)
    assert "other.csv" in str(err.value)


def test_a_corrupt_zip_is_refused(raw, tmp_path):
    path = raw / "owid_undernourishment_2025" / "prevalence-of-undernourishment.zip"
    path.write_bytes(path.read_bytes()[:40])
    with pytest.raises(LoadError, match="not a readable zip archive"):
        land(raw, tmp_path / "db.duckdb", ["owid_undernourishment_2025"])


def test_declared_ignored_files_are_not_unexpected(raw):
    (raw / "owid_undernourishment" / "notes.txt").write_text("stray")
    assert unexpected_files(raw) == ["owid_undernourishment/notes.txt"]
