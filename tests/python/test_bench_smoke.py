"""Keep the generator and the benchmark script working (a smoke run: no timing is
asserted; benchmarks are not tests). The smoke run of the benchmark is marked slow: it is
not in `make test` but in `make bench-smoke`, which .ci/run runs after it."""

from __future__ import annotations

import csv

import duckdb
import pytest
from gpsi_dev import bench
from gpsi_dev.synth import generate

from gpsi.land import land


def _rows(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return sum(1 for _ in csv.reader(fh)) - 1


def test_synth_writes_real_formats_at_k_times_the_countries(tmp_path, raw_dir):
    out = tmp_path / "synth"
    generate(raw_dir, out, 2)
    # The reference grows by exactly k, every clone with its own code and name.
    assert _rows(out / "iso3166/all.csv") == 2 * _rows(raw_dir / "iso3166/all.csv")
    with open(out / "iso3166/all.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len({r["alpha-3"] for r in rows}) == len(rows)
    assert len({r["name"] for r in rows}) == len(rows)
    # Country rows double; aggregate rows (World, regions) stay once.
    homicide = out / "owid_homicide/homicide-rate-unodc.csv"
    with open(homicide, encoding="utf-8", newline="") as fh:
        entities = [r["Entity"] for r in csv.DictReader(fh)]
    with open(raw_dir / "owid_homicide/homicide-rate-unodc.csv", encoding="utf-8") as fh:
        real_entities = [r["Entity"] for r in csv.DictReader(fh)]
    assert entities.count("World") == real_entities.count("World")
    assert entities.count("France") == real_entities.count("France")
    assert len(entities) > 1.7 * len(real_entities)
    assert any(e.startswith("France ") for e in entities)
    # The real loaders accept every synthetic file as they accept the real ones.
    reports = land(out, tmp_path / "gpsi.duckdb")
    real = land(raw_dir, tmp_path / "real.duckdb")
    assert sum(r.rows for r in reports) > 1.7 * sum(r.rows for r in real)
    workbook_rows = "select count(*) from raw.itu_gci__edition_scores"  # an .xlsx source
    with duckdb.connect(str(tmp_path / "real.duckdb"), read_only=True) as con:
        real_workbook_rows = con.execute(workbook_rows).fetchone()[0]
    with duckdb.connect(str(tmp_path / "gpsi.duckdb"), read_only=True) as con:
        assert con.execute(workbook_rows).fetchone()[0] > 1.7 * real_workbook_rows


@pytest.mark.slow
def test_bench_script_produces_a_report(tmp_path, raw_dir):
    out = tmp_path / "BENCHMARKS.md"
    bench.run(raw_dir, out, repeat=1, factors=(2,), smoke=True)
    text = out.read_text()
    for heading in (
        "## Full pipeline on the real snapshot",
        "## Daily runs",
        "## dbt against the floor",
        "## Scale",
        "## Uncertainty and sensitivity",
        "## Machine control",
        "Machine:",
        "Reproduce:",
    ):
        assert heading in text
    assert "| 2 |" in text and "growth exponent" in text
    # A control reading before each section and each scale factor, x2 read against x1.
    for section in ("full pipeline", "daily runs", "uncertainty", "scale x1", "scale x2"):
        assert f"| {section} | " in text
    assert "its time before x1 (Machine control)" in text
    for target in (
        "one changed source at most 50% of a full run",
        "dbt build at most 4x the floor",
        "at least 20x faster than the per-draw pandas baseline",
    ):
        assert f"- target: {target}: " in text
    # Each section ran: a figure, then met or missed, for every target.
    assert text.count("- target: ") == text.count(", met") + text.count("**missed**")
    # The smoke run skips the test-suite section (it would run this test again).
    assert "## Test suite" not in text


def test_the_control_reads_each_section_against_the_fastest():
    control = bench.Control({"x1": 0.5, "x10": 0.4, "x100": 1.0})
    text = "\n".join(control.lines())
    assert "| x1 | 0.500 | 1.25 |" in text
    assert "| x10 | 0.400 | 1.00 |" in text
    assert "| x100 | 1.000 | 2.50 |" in text
    assert "the slowest reading is 2.50x the fastest" in text
    assert control.ratio("x100", "x1") == 2.0
    control.measure("now")  # the workload itself runs and is timed
    assert 0 < control.readings["now"] < 600
