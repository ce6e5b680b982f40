"""Method as data: a seed edit alone changes the method. Activating the GFSI (the
snapshot's single 2021 edition) as a second food-security indicator flows into the food
dimension and the index, and the independent recomputation still matches."""

from __future__ import annotations

import csv
import shutil

import duckdb
import pytest
from conftest import PROJECT_DIR, gpsi
from gpsi_reference import compute
from test_index_recompute import _close, _merge

# One pytest-xdist worker runs this module: its tests share one fixture, session-scoped
# so that it is built once whatever order the worker runs its tests in.
pytestmark = pytest.mark.xdist_group("method_as_data")


def _edit(path, key, ident, column, value):
    with path.open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        if row[key] == ident:
            row[column] = value
    with path.open("w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture(scope="session")
def with_gfsi(tmp_path_factory, built_warehouse):
    root = tmp_path_factory.mktemp("five")
    project = root / "project"
    for name in ("models", "macros", "seeds", "tests"):
        shutil.copytree(
            PROJECT_DIR / name,
            project / name,
            ignore=shutil.ignore_patterns("python", "__pycache__"),
        )
    for name in ("dbt_project.yml", "profiles.yml", "packages.yml"):
        shutil.copy(PROJECT_DIR / name, project / name)
    shutil.copytree(PROJECT_DIR / "dbt_packages", project / "dbt_packages", symlinks=True)
    method = project / "seeds" / "method"
    _edit(method / "indicators.csv", "indicator_id", "gfsi_overall", "is_active", "true")
    # with two indicators food security is a fuller measure: back to weight 1 (at 0.75
    # its effective weight would pass 1.5 times its nominal share and fail the build)
    _edit(method / "dimensions.csv", "dimension_id", "food_security", "weight", "1")
    warehouse = root / "warehouse"
    (warehouse / "build").mkdir(parents=True)
    # Reuse the session's build (its landed raw tables): only the method changes, and
    # only what the tests read is rebuilt with it (the index and its dimensions), tested
    # by the tests of those models alone (cautious: not a test that also reads a report
    # mart left as the session built it).
    shutil.copy(built_warehouse / "build" / "gpsi.duckdb", warehouse / "build" / "gpsi.duckdb")
    gpsi(
        "--warehouse-dir", str(warehouse), "build", "--select", "+fct_gpsi +fct_dimension_scores",
        env={"GPSI_PROJECT_DIR": str(project), "DBT_INDIRECT_SELECTION": "cautious"},
    )  # fmt: skip
    con = duckdb.connect(str(warehouse / "build" / "gpsi.duckdb"), read_only=True)
    yield project, con
    con.close()


def test_gfsi_flows_into_food_security(with_gfsi, con):
    _project, edited = with_gfsi
    query = (
        "select count(*) from marts.fct_dimension_scores "
        "where dimension_id = 'food_security' and year = 2021 and indicators_used = 2"
    )
    assert con.execute(query).fetchone()[0] == 0  # the published build: food only
    # GFSI 2021 covers 113 countries; those FAO also covers get both indicators.
    assert 100 <= edited.execute(query).fetchone()[0] <= 113
    query = "select iso3, gpsi_score from marts.fct_gpsi where year = 2021"
    before = con.execute(query).df().set_index("iso3")["gpsi_score"]
    after = edited.execute(query).df().set_index("iso3")["gpsi_score"]
    assert ((after - before).abs() > 1e-6).sum() > 50


def test_edited_method_matches_independent_recompute(with_gfsi):
    project, con = with_gfsi
    reference = compute(con, seeds_dir=project / "seeds")
    mart = con.execute("select iso3, year, gpsi_score, gpsi_rank from marts.fct_gpsi").df()
    merged = _merge(
        reference["gpsi"][["iso3", "year", "gpsi_score", "gpsi_rank"]], mart, ["iso3", "year"]
    )
    _close(merged, "gpsi_score")
    _close(merged, "gpsi_rank")
