"""Command line for the GPSI warehouse: fetch, load, build, publish, run."""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb

from .exports import export
from .fetch import fetch
from .land import land, unexpected_files
from .pipeline import (
    OUTPUTS,
    BuildError,
    LockError,
    NotLoadedError,
    build_state,
    changed_raw_tables,
    connect_read_only,
    default_paths,
    docs_fingerprint,
    drop_orphans,
    fingerprint,
    mark_build_started,
    output_fingerprints,
    parse_project,
    publish,
    published_fingerprint,
    record_green,
    run_dbt,
    swap_dir,
    sweep_debris,
    warehouse_lock,
    write_listing,
)
from .readers import LoadError
from .registry import SOURCES
from .report import ReportError, build_report

log = logging.getLogger("gpsi")


def _raw_dir(args) -> Path:
    value = args.raw_dir or os.environ.get("GPSI_RAW_DIR")
    if not value:
        raise LoadError(
            "*",
            "-",
            "",
            "no raw directory: pass --raw-dir or set GPSI_RAW_DIR "
            "(e.g. GPSI_RAW_DIR=../shared/data/raw)",
        )
    return Path(value)


def cmd_sources(args) -> None:
    for s in SOURCES:
        how = "fetch: " + ", ".join(s.live_urls) if s.live_urls else "manual"
        print(f"{s.source_id:<16} {s.dimension:<14} {s.licence}  [{how}]")
        for spec in s.files:
            sheet = f" sheet '{spec.sheet}'" if spec.sheet else ""
            print(f"    {s.folder}/{spec.pattern}{sheet} -> raw.{spec.table}")


def cmd_load(args) -> None:
    paths = default_paths(args.warehouse_dir)
    raw_dir = _raw_dir(args)
    started = time.perf_counter()
    log.info(f"load from {raw_dir} into {paths.build_db}")
    land(
        raw_dir,
        paths.build_db,
        args.source,
        force=args.force,
        accept_shrink=args.accept_shrink,
        parquet_dir=getattr(args, "parquet_dir", None),
    )
    for extra in unexpected_files(raw_dir):
        log.warning(f"  warning: {extra} is not claimed by any source in the registry: not loaded")
    log.info(f"load done in {time.perf_counter() - started:.2f} s")


def cmd_spark(args) -> None:
    from .spark import run_spark  # pyspark and dbt-spark: the optional [spark] extra

    paths = default_paths(args.warehouse_dir)
    if run_spark(paths, _raw_dir(args)) != 0:
        raise SystemExit(1)


def cmd_fetch(args) -> None:
    raw_dir = _raw_dir(args)
    log.info(f"fetch into {raw_dir}")
    fetch(raw_dir, args.source, mirror=args.mirror, timeout=args.timeout)


DOCS_STAMP = "static_index.inputs"  # beside target/static_index.html


def _docs(paths, manifest=None, incremental: bool = False) -> None:
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


def _incremental_selection(paths) -> list[str] | None:
    """dbt selectors for what depends on the raw tables that changed since the last green
    build (the loader's manifest and the edition archive too), or None when everything
    must be rebuilt."""
    changed = changed_raw_tables(paths)
    if not changed:
        return None
    source_of = {spec.table: s.source_id for s in SOURCES for spec in s.files}
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
        return con.execute("select count(*) from raw._files").fetchone()[0] > 0
    except duckdb.CatalogException:
        return False
    finally:
        con.close()


def _build(
    paths,
    select: str | None = None,
    incremental: bool = False,
    manifest=None,
    parsed_at: str | None = None,
) -> str:
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
        run_dbt(paths, ["build", "--select", *selectors, "--exclude", "test_type:unit"], manifest)
    else:
        selection = ["--select", select] if select else []
        run_dbt(paths, ["build", "--full-refresh", *selection], manifest)
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


def _stage_outputs(paths, db: Path) -> None:
    """Exports and site (report, lineage) built from `db` into the staging folder, to be
    swapped in with the database they describe."""
    staging = paths.staging_dir
    for name in OUTPUTS:
        shutil.rmtree(staging / name, ignore_errors=True)
    # Side by side: the exports are mostly DuckDB's work (which releases the interpreter),
    # the report mostly Python's (at 100 times the snapshot, 27 s and 12 s alone).
    with ThreadPoolExecutor(max_workers=2) as pool:
        exported = pool.submit(export, db, staging / "exports", paths.target_dir / "manifest.json")
        reported = pool.submit(
            build_report,
            db,
            staging / "site" / "report",
            paths.project_dir,
            freshness_json=paths.target_dir / "sources.json",
            cache_dir=paths.warehouse_dir / "cache",
        )
        reported.result()
        exported.result()
    for lineage in (
        paths.target_dir / "static_index.html",
        paths.warehouse_dir / "site" / "lineage.html",
    ):
        if lineage.exists():
            shutil.copyfile(lineage, staging / "site" / "lineage.html")
            break
    state = build_state(db) or {}
    write_listing(staging / "site", "site.json", state.get("fingerprint") or "unstamped")


def cmd_build(args) -> None:
    _build(default_paths(args.warehouse_dir), args.select)


def cmd_publish(args) -> None:
    paths = default_paths(args.warehouse_dir)
    publish(
        paths,
        accept_shrink=args.accept_shrink,
        stage=lambda: _stage_outputs(paths, paths.build_db),
    )


def cmd_export(args) -> None:
    paths = default_paths(args.warehouse_dir)
    export(
        paths.published_db,
        paths.warehouse_dir / "exports",
        paths.target_dir / "manifest.json",
    )


def cmd_report(args) -> None:
    paths = default_paths(args.warehouse_dir)
    build_report(
        paths.published_db,
        paths.warehouse_dir / "site" / "report",
        paths.project_dir,
        freshness_json=paths.target_dir / "sources.json",
        cache_dir=paths.warehouse_dir / "cache",
    )


def cmd_synth(args) -> None:
    from gpsi_dev.synth import generate

    generate(_raw_dir(args), Path(args.out), args.scale)


def cmd_bench(args) -> None:
    from gpsi_dev.bench import run as bench

    factors = tuple(int(f) for f in args.scales.split(",") if f)
    out = bench(
        _raw_dir(args),
        Path(args.out),
        repeat=args.repeat,
        factors=factors,
        smoke=args.smoke,
        tests=not args.no_tests,
    )
    log.info(f"bench: wrote {out}")


def cmd_run(args) -> None:
    started = time.perf_counter()
    paths = default_paths(args.warehouse_dir)
    cmd_load(args)
    current = fingerprint(paths)
    if not args.rebuild and published_fingerprint(paths) == current:
        stale = [k for k, v in output_fingerprints(paths.warehouse_dir).items() if v != current]
        if stale:
            # An interrupted publish: the database is current, its outputs are not.
            log.warning(f"  {' and '.join(stale)} do not match the published warehouse: rebuilt")
            _stage_outputs(paths, paths.published_db)
            for name in stale:
                swap_dir(paths.staging_dir / name, paths.warehouse_dir / name)
        else:
            log.info(
                f"  nothing changed since the published build (fingerprint {current[:12]}): "
                "dbt build, publish, exports and report skipped"
            )
        log.info(
            f"run done in {time.perf_counter() - started:.1f} s: BI tools open {paths.published_db}"
        )
        return
    # The project is parsed once for the three dbt invocations. Freshness of every
    # declared source (warn_after in its _<source>__sources.yml) runs before the build so
    # that the build's manifest is the one left in target/: target/sources.json is shown
    # in the report's source table.
    manifest = parse_project(paths)
    run_dbt(paths, ["source", "freshness"], manifest, results_file="sources.json")
    run_id, incremental = _build(
        paths, incremental=not args.rebuild, manifest=manifest, parsed_at=current
    )
    if not args.no_docs:
        _docs(paths, manifest, incremental)
    publish(
        paths,
        accept_shrink=args.accept_shrink,
        run_id=run_id,
        stage=lambda: _stage_outputs(paths, paths.build_db),
    )
    log.info(
        f"run done in {time.perf_counter() - started:.1f} s: BI tools open {paths.published_db}"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gpsi",
        description="Global Public Security Index warehouse. Raw files are read from "
        "--raw-dir or $GPSI_RAW_DIR; the build database is warehouse/build/gpsi.duckdb and "
        "the published one, the file BI tools open, is warehouse/gpsi.duckdb.",
    )
    parser.add_argument(
        "--warehouse-dir",
        help="where build and published databases live "
        "(default: $GPSI_WAREHOUSE_DIR or ./warehouse)",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    def with_raw(p):
        p.add_argument(
            "--raw-dir", help="folder with one sub-folder per source (default: $GPSI_RAW_DIR)"
        )
        p.add_argument("--source", action="append", help="only this source id (repeatable)")
        return p

    sub.add_parser(
        "sources", help="list the registered sources, files and raw tables"
    ).set_defaults(func=cmd_sources)
    p = with_raw(sub.add_parser("load", help="check and land raw files into the raw schema"))
    p.add_argument("--force", action="store_true", help="re-land files even if unchanged")
    p.add_argument(
        "--accept-shrink",
        action="store_true",
        help="land a file with fewer rows than its previous landing beyond the source's "
        "tolerance (recorded in raw._files)",
    )
    p.add_argument(
        "--parquet-dir",
        type=Path,
        help="also write the raw tables as Parquet files there, one folder per table "
        "(what Spark reads as its raw schema)",
    )
    p.set_defaults(func=cmd_load)
    p = with_raw(
        sub.add_parser(
            "fetch",
            help="download sources with a live URL into the "
            "raw directory, recording checksums in FETCHED.sha256",
        )
    )
    p.add_argument(
        "--mirror",
        help="fetch from this base URL instead of the publishers' "
        "hosts (same paths), e.g. an internal mirror",
    )
    p.add_argument("--timeout", type=float, default=60.0, help="seconds per download")
    p.set_defaults(func=cmd_fetch)
    p = sub.add_parser("build", help="dbt build into the build database")
    p.add_argument("--select", help="dbt selection")
    p.set_defaults(func=cmd_build)
    p = sub.add_parser(
        "publish",
        help="audit the build database, then publish it atomically with its exports and report",
    )
    p.add_argument(
        "--accept-shrink",
        action="store_true",
        help="publish even if the build covers materially less than the published warehouse",
    )
    p.set_defaults(func=cmd_publish)
    p = with_raw(
        sub.add_parser(
            "synth",
            help="write synthetic raw inputs at k times the snapshot's entities, in the real "
            "formats (benchmarks)",
        )
    )
    p.add_argument("--scale", type=int, required=True, help="k: entities multiplier")
    p.add_argument("--out", required=True, help="output raw directory (replaced)")
    p.set_defaults(func=cmd_synth)
    p = with_raw(sub.add_parser("bench", help="benchmarks into BENCHMARKS.md (see make bench)"))
    p.add_argument("--repeat", type=int, default=3, help="runs per figure (median, min, max)")
    p.add_argument("--scales", default="10,100", help="synthetic entity multipliers")
    p.add_argument("--out", default="BENCHMARKS.md", help="output markdown file")
    p.add_argument(
        "--smoke",
        action="store_true",
        help="a quick run that keeps the script working (baselines on 40 draws, no test suite)",
    )
    p.add_argument(
        "--no-tests", action="store_true", help="skip the test-suite section (make test timing)"
    )
    p.set_defaults(func=cmd_bench)
    sub.add_parser(
        "export",
        help="Parquet + CSV of every mart, with a data dictionary, into warehouse/exports/",
    ).set_defaults(func=cmd_export)
    sub.add_parser(
        "report", help="the offline HTML report, warehouse/site/report/index.html"
    ).set_defaults(func=cmd_report)
    p = with_raw(
        sub.add_parser(
            "run",
            help="load, dbt build, docs, then publish (publish only after a fully green build)",
        )
    )
    p.add_argument("--force", action="store_true", help="re-land files even if unchanged")
    p.add_argument(
        "--accept-shrink",
        action="store_true",
        help="land a file with fewer rows than its previous landing beyond the source's "
        "tolerance (recorded in raw._files)",
    )
    p.add_argument("--no-docs", action="store_true", help="skip dbt docs generate")
    p.add_argument(
        "--rebuild",
        action="store_true",
        help="rebuild everything (not only what depends on changed sources) and publish, "
        "even when nothing changed since the published build",
    )
    p.set_defaults(func=cmd_run)
    with_raw(
        sub.add_parser(
            "spark",
            help="build and test the project on local Spark from the snapshot (as Parquet), "
            "then compare the index marts with the published DuckDB build (make spark)",
        )
    ).set_defaults(func=cmd_spark)
    return parser


# Commands that write the warehouse hold its lock for their whole duration.
LOCKED_COMMANDS = ("load", "build", "publish", "run", "export", "report", "spark")


def main(argv: list[str] | None = None) -> int:
    """Exit codes: 0 done, 2 bad input (nothing written), 3 dbt build failed (the
    published warehouse unchanged), 4 report failed, 5 the warehouse is locked by
    another run, 6 the system refused a file operation (disk full, read-only or unwritable
    folder)."""
    # Progress and results go to stderr, one line each; `gpsi ... 2>run.log` keeps them.
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    for noisy in ("dbt", "urllib3", "py4j"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    args = build_parser().parse_args(argv)
    try:
        if args.command in LOCKED_COMMANDS:
            paths = default_paths(args.warehouse_dir)
            with warehouse_lock(paths.warehouse_dir):
                sweep_debris(paths)
                args.func(args)
        else:
            args.func(args)
    except LockError as exc:
        log.info(f"error: {exc}")
        return 5
    except LoadError as exc:
        log.info(
            f"error: {exc}\nnothing was written: the raw tables and the published "
            "warehouse are unchanged"
        )
        return 2
    except NotLoadedError as exc:
        log.info(f"error: {exc}")
        return 2
    except BuildError as exc:
        log.info(f"error: {exc}")
        return 3
    except ReportError as exc:
        log.info(f"error: {exc}")
        return 4
    except OSError as exc:  # disk full, read-only or unwritable folder: no traceback
        where = f" ({exc.filename})" if exc.filename else ""
        log.info(
            f"error: the system refused a file operation{where}: {exc.strerror or exc}; "
            "the published warehouse is unchanged unless this run reported publishing it"
        )
        return 6
    return 0


def entry() -> None:
    """The `gpsi` command: main(), then exit without tearing the interpreter down. A run
    leaves dbt's parsed project, DuckDB and pyarrow in memory, and freeing them object by
    object at exit took about 0.6 s of an 11 s daily run (profiled); by then every file
    is written, synced where it must be (publish) and closed, and the kernel releases the
    warehouse lock and the memory. In-process callers of main() are not affected."""
    import atexit

    code = main()
    atexit._run_exitfuncs()  # what a normal exit runs first (logging, multiprocessing)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    entry()
