"""Method as data: activating a fifth dimension (food security, from the GFSI file in
the snapshot) takes seed edits only, and the new dimension flows into the index."""

from __future__ import annotations

import csv
import shutil

import duckdb
import pytest
from conftest import PROJECT_DIR, gpsi
from gpsi_reference import compute
from test_index_recompute import _close, _merge


def _activate(path, key, ident):
    with path.open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        if row[key] == ident:
            row["is_active"] = "true"
    with path.open("w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture(scope="module")
def five_dimensions(tmp_path_factory, built_warehouse):
    root = tmp_path_factory.mktemp("five")
    project = root / "project"
    for name in ("models", "macros", "seeds", "tests"):
        shutil.copytree(
            PROJECT_DIR / name,
            project / name,
            ignore=shutil.ignore_patterns("python", "__pycache__"),
        )
    for name in ("dbt_project.yml", "profiles.yml"):
        shutil.copy(PROJECT_DIR / name, project / name)
    _activate(project / "seeds" / "dimensions.csv", "dimension_id", "food_security")
    _activate(project / "seeds" / "indicators.csv", "indicator_id", "gfsi_overall")
    warehouse = root / "warehouse"
    (warehouse / "build").mkdir(parents=True)
    # Reuse the landed raw tables of the session's run: only the method changes.
    shutil.copy(built_warehouse / "build" / "gpsi.duckdb", warehouse / "build" / "gpsi.duckdb")
    gpsi("--warehouse-dir", str(warehouse), "build", env={"GPSI_PROJECT_DIR": str(project)})
    con = duckdb.connect(str(warehouse / "build" / "gpsi.duckdb"), read_only=True)
    yield project, con
    con.close()


def test_only_seeds_changed(five_dimensions):
    project, _con = five_dimensions
    for path in (PROJECT_DIR / "models").rglob("*.sql"):
        copy = project / path.relative_to(PROJECT_DIR)
        assert copy.read_text() == path.read_text(), path


def test_food_security_flows_into_the_index(five_dimensions):
    _project, con = five_dimensions
    n_food = con.execute(
        "select count(*) from marts.fct_dimension_scores "
        "where dimension_id = 'food_security' and year = 2021 and is_covered"
    ).fetchone()[0]
    assert n_food == 113
    active = con.execute("select distinct dimensions_active from marts.fct_gpsi").fetchall()
    assert active == [(5,)]
    covered = con.execute(
        "select max(dimensions_covered) from marts.fct_gpsi where year = 2021"
    ).fetchone()[0]
    assert covered == 5
    latest = con.execute("select count(score_food_security) from marts.rpt_gpsi_latest").fetchone()[
        0
    ]
    assert latest > 100


def test_five_dimension_index_matches_independent_recompute(five_dimensions):
    project, con = five_dimensions
    reference = compute(con, seeds_dir=project / "seeds")
    mart = con.execute("select iso3, year, gpsi_score, gpsi_rank from marts.fct_gpsi").df()
    merged = _merge(
        reference["gpsi"].drop(columns=["dims", "gpsi_score_arithmetic"]), mart, ["iso3", "year"]
    )
    _close(merged, "gpsi_score")
    _close(merged, "gpsi_rank")
