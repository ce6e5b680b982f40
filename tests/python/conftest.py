"""Shared fixtures: the real raw snapshot and one full pipeline run on it.

The full run (load, dbt build, docs, publish) happens once per test session (once per
pytest-xdist worker) into a temporary warehouse directory, so tests never touch the
developer's warehouse/. When `make run` has published one, the run starts from a copy
of it and rebuilds only if the pipeline's own fingerprint says it is not current.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import duckdb
import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]


def pytest_collection_modifyitems(config, items):
    """Tiers: a test that needs the full real-data build (built_warehouse, directly or
    through con or manifest) is marked `warehouse`; `make test-fast` runs the rest."""
    for item in items:
        if "built_warehouse" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.warehouse)


@pytest.fixture(scope="session", autouse=True)
def _groups_kept(request):
    """Modules marked xdist_group share an expensive fixture on one worker (the browser,
    an edited-method build): under --dist loadgroup each such test's id carries its group.
    If a pytest/pytest-xdist pairing drops the group (pytest-xdist#1386), say so rather
    than build those fixtures once per worker, unnoticed."""
    if not os.environ.get("PYTEST_XDIST_WORKER") or not request.config.getvalue("loadgroup"):
        return
    marked = [i.nodeid for i in request.session.items if i.get_closest_marker("xdist_group")]
    lost = [nodeid for nodeid in marked if "@" not in nodeid]
    if lost:
        pytest.fail(
            f"--dist loadgroup did not group {len(lost)} tests (e.g. {lost[0]}): this pytest "
            "and pytest-xdist pair drops xdist_group marks (pytest-xdist#1386); install the "
            "pinned versions (make setup)"
        )


def _raw_dir() -> Path:
    value = os.environ.get("GPSI_RAW_DIR") or str(PROJECT_DIR.parent / "shared" / "data" / "raw")
    return Path(value).resolve()


@pytest.fixture(scope="session")
def raw_dir() -> Path:
    path = _raw_dir()
    if not path.is_dir():
        pytest.fail(f"the real raw snapshot is required: {path} not found (set GPSI_RAW_DIR)")
    return path


def gpsi(*args: str, env: dict | None = None, check: bool = True) -> subprocess.CompletedProcess:
    """Run the gpsi CLI in a subprocess, as a user would."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    proc = subprocess.run(
        [sys.executable, "-m", "gpsi", *args],
        cwd=PROJECT_DIR,
        env=full_env,
        capture_output=True,
        text=True,
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"gpsi {' '.join(args)} failed ({proc.returncode}):\n{proc.stderr}")
    return proc


def dbt_cli(db: Path, work: Path, *args: str) -> subprocess.CompletedProcess:
    """`dbt <args>` in a subprocess against database `db`, as a user would run it from
    the project folder, with its target and logs in `work`."""
    env = dict(os.environ, GPSI_DB_PATH=str(db), DBT_PROFILES_DIR=str(PROJECT_DIR))
    return subprocess.run(
        [
            str(Path(sys.executable).parent / "dbt"), *args, "--project-dir", str(PROJECT_DIR),
            "--target-path", str(work / "target"), "--log-path", str(work / "logs"),
        ],
        cwd=PROJECT_DIR, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip


def dbt_test_result(db: Path, select: str, dbt_vars: str, work: Path) -> dict:
    """`dbt test --select <select> --vars <dbt_vars>` against database `db`: the one data
    test's result from run_results.json (the on-run-start hook is not a test)."""
    import json

    dbt_cli(db, work, "test", "--select", select, "--vars", dbt_vars)
    results = json.loads((work / "target" / "run_results.json").read_text())["results"]
    results = [r for r in results if r["unique_id"].startswith("test.")]
    assert len(results) == 1, results
    return results[0]


@pytest.fixture(scope="session")
def built_warehouse(tmp_path_factory, raw_dir) -> Path:
    """A warehouse directory holding a full run on the real snapshot.

    It starts from a copy of the project's warehouse/ when `make run` published one
    (CI runs `make run` before `make test`): `gpsi run` then skips the build if, and
    only if, the fingerprint of the landed raw files and the project's code equals the
    one stamped in the published build, and rebuilds everything otherwise. So the tests
    check the very warehouse `make run` published, without building it twice.
    GPSI_TEST_FRESH_BUILD=1 forces a build from nothing."""
    warehouse = tmp_path_factory.mktemp("warehouse")
    published = PROJECT_DIR / "warehouse"
    if (published / "gpsi.duckdb").is_file() and os.environ.get("GPSI_TEST_FRESH_BUILD") != "1":
        shutil.copytree(
            published,
            warehouse,
            dirs_exist_ok=True,
            ignore=shutil.ignore_patterns(".gpsi.lock", "evaluate", "spark"),
        )
    proc = gpsi("--warehouse-dir", str(warehouse), "run", "--raw-dir", str(raw_dir))
    (warehouse / "run.log").write_text(proc.stderr)
    return warehouse


@pytest.fixture(scope="session")
def revised_run(tmp_path_factory, built_warehouse, raw_dir) -> SimpleNamespace:
    """A daily run after a revision: one observed homicide rate of the reported year
    revised (x3 + 5) in a copy of the raw snapshot, then `gpsi run` on a copy of the
    session's warehouse, which builds incrementally and publishes a new edition. The
    incremental-build, edition and kill-during-build tests read this one run (all marked
    xdist_group("revised_run"), so one worker runs it once)."""
    import csv

    root = tmp_path_factory.mktemp("revised")
    with duckdb.connect(str(built_warehouse / "gpsi.duckdb"), read_only=True) as con:
        year = con.execute("select reported_year from marts.dim_method").fetchone()[0]
        iso3, value = con.execute(
            "select iso3, raw_value from marts.fct_indicator_scores "
            "where source_id = 'owid_homicide' and value_status = 'observed' and is_used "
            "and year = ? order by iso3 limit 1",
            [year],
        ).fetchone()
    raw = root / "raw"
    shutil.copytree(raw_dir, raw)
    path = raw / "owid_homicide" / "homicide-rate-unodc.csv"
    path.chmod(0o644)  # the copy keeps the snapshot's read-only mode
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    edited = [row for row in rows[1:] if row[1] == iso3 and row[2] == str(year)]
    assert len(edited) == 1
    edited[0][3] = str(float(edited[0][3]) * 3 + 5)  # a large revision
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    warehouse = root / "warehouse"
    ignore = shutil.ignore_patterns(".gpsi.lock", "evaluate")
    shutil.copytree(built_warehouse, warehouse, ignore=ignore)
    proc = gpsi("--warehouse-dir", str(warehouse), "run", "--raw-dir", str(raw))
    return SimpleNamespace(
        raw=raw, warehouse=warehouse, iso3=iso3, year=year, value=value,
        revised=float(edited[0][3]), log=proc.stderr,
    )  # fmt: skip


# Kill -9 inside a gpsi process: the function named is replaced, in the process itself,
# by one that kills the process on its n-th call.
KILLER = """
import importlib, os, signal, sys
module, name, nth = sys.argv[1], sys.argv[2], int(sys.argv[3])
target = importlib.import_module(module)
original = getattr(target, name)
calls = [0]
def killing(*args, **kwargs):
    calls[0] += 1
    if calls[0] == nth:
        os.kill(os.getpid(), signal.SIGKILL)
    return original(*args, **kwargs)
setattr(target, name, killing)
from gpsi.cli import main
sys.exit(main(sys.argv[4:]))
"""


def gpsi_killed_at(module: str, function: str, nth: int, *args: str) -> subprocess.CompletedProcess:
    """`gpsi <args>` killed (SIGKILL) at the nth call of module.function."""
    return subprocess.run(
        [sys.executable, "-c", KILLER, module, function, str(nth), *args],
        cwd=PROJECT_DIR, capture_output=True, text=True, check=False,
    )  # fmt: skip


@pytest.fixture(scope="session")
def revised_recovered(tmp_path_factory, built_warehouse, revised_run) -> SimpleNamespace:
    """The revised_run's daily run again on another copy of the session's warehouse, with
    every file landed again (--force), killed when its build is done but not yet stamped
    green; then the `gpsi run` that recovers, which finds no green stamp and rebuilds
    everything. The kill-during-build test checks the recovery; the incremental-build test
    compares the incremental run with this full rebuild of the same inputs."""
    warehouse = tmp_path_factory.mktemp("recovered") / "warehouse"
    ignore = shutil.ignore_patterns(".gpsi.lock", "evaluate")
    shutil.copytree(built_warehouse, warehouse, ignore=ignore)
    args = ("--warehouse-dir", str(warehouse), "run", "--raw-dir", str(revised_run.raw))
    killed = gpsi_killed_at("gpsi.runner", "record_green", 1, *args, "--force")
    # Killed, or the recovery below would be a run with nothing to do (and the
    # incremental-build test would compare the incremental run with itself).
    assert killed.returncode == -9, killed.stderr[-2000:]
    recovered = gpsi(*args)
    return SimpleNamespace(warehouse=warehouse, killed=killed, log=recovered.stderr)


@pytest.fixture(scope="session")
def con(built_warehouse):
    connection = duckdb.connect(str(built_warehouse / "gpsi.duckdb"), read_only=True)
    yield connection
    connection.close()


@pytest.fixture(scope="session")
def manifest(built_warehouse) -> dict:
    import json

    return json.loads((built_warehouse / "build" / "target" / "manifest.json").read_text())
