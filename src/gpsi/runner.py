"""A run's steps in order: load, parse, freshness, build, docs, publish with the
outputs staged from the same build. The CLI (gpsi.cli) calls these."""

from __future__ import annotations

import logging
import shutil
import time
import uuid
from pathlib import Path
from typing import Any

import duckdb

from .dbt_runner import DbtFailed, parse_project, run_dbt
from .errors import BuildError, NotLoadedError
from .exports import export
from .failures import explain_test_failures
from .land import land, unexpected_files
from .paths import Paths, swap_dir
from .publish import OUTPUTS, output_fingerprints, publish, write_listing
from .registry import declared_tables
from .report import build_report
from .sql import scalar
from .state import (
    build_state,
    changed_raw_tables,
    connect_read_only,
    docs_fingerprint,
    drop_orphans,
    fingerprint,
    mark_build_started,
    published_fingerprint,
    record_green,
)

log = logging.getLogger(__name__)

DOCS_STAMP = "static_index.inputs"  # beside target/static_index.html


def docs(paths: Paths, manifest=None, incremental: bool = False) -> None:
    """dbt docs generate (the lineage site), unless an incremental run finds the site
    generated from the same inputs (docs_fingerprint) in target/: then it is kept, since
    data alone cannot change it."""
    stamp = paths.target_dir / DOCS_STAMP
    inputs = docs_fingerprint(paths)
    site = paths.target_dir / "static_index.html"
    if incremental and site.exists() and stamp.exists() and stamp.read_text() == inputs:
        log.info(
            "  docs: the lineage site in target/ describes the same code and raw columns: kept"
        )
        return
    stamp.unlink(missing_ok=True)
    run_dbt(paths, ["docs", "generate", "--static", "--no-compile"], manifest)
    stamp.write_text(inputs)


def _incremental_selection(paths: Paths) -> list[str] | None:
    """dbt selectors for what depends on the raw tables that changed since the last green
    build (the loader's manifest and the edition archive too), or None when everything
    must be rebuilt."""
    changed = changed_raw_tables(paths)
    if not changed:
        return None
    source_of = declared_tables()
    if not changed <= set(source_of):
        return None
    selectors = sorted(f"source:{source_of[t]}.{t}+" for t in changed)
    log.info(
        f"  incremental build: {len(changed)} raw table(s) changed since the last green build "
        f"({', '.join(sorted(changed))}); building what depends on them"
    )
    # The edition archive changed at the last publish (outside dbt): what reads it too.
    return [*selectors, "source:loader_manifest+", "source:edition_archive+"]


def _has_landed_files(db: Path) -> bool:
    """The build database exists and its loader manifest lists at least one file."""
    if not db.exists():
        return False
    try:
        con = connect_read_only(db)
    except duckdb.Error:
        return True  # locked or damaged: the build itself says what is wrong
    try:
        return scalar(con, "select count(*) from raw._files") > 0
    except duckdb.CatalogException:
        return False
    finally:
        con.close()


def build(
    paths: Paths,
    select: str | None = None,
    incremental: bool = False,
    manifest=None,
    parsed_at: str | None = None,
) -> tuple[str, bool]:
    """dbt build into the build database; stamped green only if it passes and nothing it
    read changed meanwhile. An incremental build (gpsi run's default) rebuilds only what
    depends on the raw tables that changed, on top of a green build by the same code;
    anything else rebuilds everything. `manifest` is the project as parse_project read it
    when the fingerprint was `parsed_at`. Returns the run id of the stamp and whether the
    build was incremental."""
    if not _has_landed_files(paths.build_db):
        raise NotLoadedError(
            f"nothing to build: no raw data has been landed in {paths.build_db}; run "
            "`gpsi load --raw-dir <folder>` first (or `gpsi run`, which loads, builds and "
            "publishes)"
        )
    run_id = uuid.uuid4().hex
    selectors = _incremental_selection(paths) if incremental and not select else None
    before = fingerprint(paths)
    if manifest is not None and before != parsed_at:
        raise BuildError("raw data or project code changed during the run; run again")
    mark_build_started(paths)
    if selectors:
        # Unit tests read fixtures, not data: the green build this one starts from ran
        # them on the same code (the incremental path requires it), so they would only
        # repeat themselves.
        args = ["build", "--select", *selectors, "--exclude", "test_type:unit"]
    else:
        args = ["build", "--full-refresh", *(["--select", select] if select else [])]
    try:
        run_dbt(paths, args, manifest)
    except DbtFailed as exc:
        if not exc.nodes_failed:
            raise
        # with the raw file and row behind each failing test's rows
        raise BuildError(f"{exc}\n{explain_test_failures(paths)}".rstrip()) from None
    if select:
        log.warning("  build: a partial build (--select) is not marked green: not publishable")
        return run_id, False
    if fingerprint(paths) != before:
        raise BuildError(
            "raw data or project code changed during the build; nothing is marked green, run again"
        )
    drop_orphans(paths)
    record_green(paths, before, run_id)
    return run_id, bool(selectors)


def stage_outputs(paths: Paths, db: Path) -> None:
    """Exports and site (report, lineage) built from `db` into the build folder, to be
    swapped in with the database they describe."""
    staging = paths.build_dir
    for name in OUTPUTS:
        shutil.rmtree(staging / name, ignore_errors=True)
    # One after the other: side by side they took as long at scale and held both peaks
    # of memory at once (BENCHMARKS.md).
    export(db, staging / "exports", paths.target_dir / "manifest.json")
    build_report(
        db,
        staging / "site" / "report",
        paths.project_dir,
        freshness_json=paths.target_dir / "sources.json",
        cache_dir=paths.warehouse_dir / "cache",
    )
    for lineage in (
        paths.target_dir / "static_index.html",
        paths.warehouse_dir / "site" / "lineage.html",
    ):
        if lineage.exists():
            shutil.copyfile(lineage, staging / "site" / "lineage.html")
            break
    state = build_state(db) or {}
    write_listing(staging / "site", "site.json", state.get("fingerprint") or "unstamped")


def load(paths: Paths, raw_dir: Path, **options: Any) -> None:
    """Land the raw files into the build database (gpsi.land.land with `options`: the
    sources, force, accept_shrink, parquet_dir), naming files no source claims."""
    started = time.perf_counter()
    log.info(f"load from {raw_dir} into {paths.build_db}")
    land(raw_dir, paths.build_db, **options)
    for extra in unexpected_files(raw_dir):
        log.warning(f"  warning: {extra} is not claimed by any source in the registry: not loaded")
    log.info(f"load done in {time.perf_counter() - started:.2f} s")


def _refresh_outputs(paths: Paths, current: str) -> None:
    """The published database is current: rebuild only outputs that do not match it (an
    interrupted publish)."""
    stale = [k for k, v in output_fingerprints(paths.warehouse_dir).items() if v != current]
    if not stale:
        log.info(
            f"  nothing changed since the published build (fingerprint {current[:12]}): "
            "dbt build, publish, exports and report skipped"
        )
        return
    log.warning(f"  {' and '.join(stale)} do not match the published warehouse: rebuilt")
    stage_outputs(paths, paths.published_db)
    for name in stale:
        swap_dir(paths.build_dir / name, paths.warehouse_dir / name)


def run(
    paths: Paths,
    raw_dir: Path,
    source_ids: list[str] | None = None,
    force: bool = False,
    rebuild: bool = False,
    with_docs: bool = True,
    accept_shrink: bool = False,
) -> None:
    """gpsi run: load (the sources, `force` and `accept_shrink` as gpsi load), then, unless
    nothing changed since the published build, parse once, check freshness, build
    (incrementally unless `rebuild`), generate the lineage docs and publish with the
    outputs (`accept_shrink` again: a material shrink of the published figures)."""
    started = time.perf_counter()
    load(paths, raw_dir, source_ids=source_ids, force=force, accept_shrink=accept_shrink)
    current = fingerprint(paths)
    if not rebuild and published_fingerprint(paths) == current:
        _refresh_outputs(paths, current)
    else:
        # The project is parsed once for the three dbt invocations. Freshness of every
        # declared source (warn_after in its _<source>__sources.yml) runs before the build
        # so that the build's manifest is the one left in target/: target/sources.json is
        # shown in the report's source table.
        manifest = parse_project(paths)
        run_dbt(paths, ["source", "freshness"], manifest)
        run_id, incremental = build(
            paths, incremental=not rebuild, manifest=manifest, parsed_at=current
        )
        if with_docs:
            docs(paths, manifest, incremental)
        publish(
            paths,
            accept_shrink=accept_shrink,
            run_id=run_id,
            stage=lambda: stage_outputs(paths, paths.build_db),
        )
    log.info(
        f"run done in {time.perf_counter() - started:.1f} s: BI tools open {paths.published_db}"
    )
