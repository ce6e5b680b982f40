"""Command line for the GPSI warehouse: fetch, load, build, publish, run."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from . import runner
from .errors import BuildError, LockError, NotLoadedError
from .exports import export
from .fetch import fetch
from .paths import default_paths, warehouse_lock
from .publish import publish, sweep_debris
from .readers import LoadError
from .registry import sources
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
    for s in sources():
        how = "fetch: " + ", ".join(s.live_urls) if s.live_urls else "manual"
        print(f"{s.source_id:<16} {s.dimension:<14} {s.licence}  [{how}]")
        for spec in s.files:
            sheet = f" sheet '{spec.sheet}'" if spec.sheet else ""
            print(f"    {s.folder}/{spec.pattern}{sheet} -> raw.{spec.table}")


def cmd_load(args) -> None:
    runner.load(
        default_paths(args.warehouse_dir),
        _raw_dir(args),
        source_ids=args.source,
        force=args.force,
        accept_shrink=args.accept_shrink,
        parquet_dir=args.parquet_dir,
    )


def cmd_fetch(args) -> None:
    raw_dir = _raw_dir(args)
    log.info(f"fetch into {raw_dir}")
    fetch(raw_dir, args.source, mirror=args.mirror, timeout=args.timeout)


def cmd_build(args) -> None:
    runner.build(default_paths(args.warehouse_dir), args.select)


def cmd_publish(args) -> None:
    paths = default_paths(args.warehouse_dir)
    publish(
        paths,
        accept_shrink=args.accept_shrink,
        stage=lambda: runner.stage_outputs(paths, paths.build_db),
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


def cmd_run(args) -> None:
    runner.run(
        default_paths(args.warehouse_dir),
        _raw_dir(args),
        source_ids=args.source,
        force=args.force,
        rebuild=args.rebuild,
        with_docs=not args.no_docs,
        accept_shrink=args.accept_shrink,
    )


class Command(NamedTuple):
    func: Callable[[argparse.Namespace], None]
    help: str
    options: tuple[tuple[str, dict], ...] = ()
    locked: bool = True  # writes the warehouse: holds its lock for its whole duration


def option(flag: str, help: str, **keywords) -> tuple[str, dict]:
    """One command-line option: its flag and argparse's keywords."""
    return flag, {"help": help, **keywords}


RAW_OPTIONS = (
    option("--raw-dir", "folder with one sub-folder per source (default: $GPSI_RAW_DIR)"),
    option("--source", "only this source id (repeatable)", action="append"),
)
LOAD_OPTIONS = (
    option("--force", "re-land files even if unchanged", action="store_true"),
    option(
        "--accept-shrink",
        "land a file with fewer rows than its previous landing beyond the source's "
        "tolerance (recorded in raw._files), and publish a build that covers materially "
        "less than the published warehouse",
        action="store_true",
    ),
)

COMMANDS = {
    "sources": Command(
        cmd_sources, "list the registered sources, files and raw tables", locked=False
    ),
    "load": Command(
        cmd_load,
        "check and land raw files into the raw schema",
        (
            *RAW_OPTIONS,
            *LOAD_OPTIONS,
            option(
                "--parquet-dir",
                "also write the raw tables as Parquet files there, one folder per table "
                "(what Spark reads as its raw schema)",
                type=Path,
            ),
        ),
    ),
    "fetch": Command(
        cmd_fetch,
        "download sources with a live URL into the raw directory, recording checksums in "
        "FETCHED.sha256",
        (
            *RAW_OPTIONS,
            option(
                "--mirror",
                "fetch from this base URL instead of the publishers' hosts (same paths), "
                "e.g. an internal mirror",
            ),
            option("--timeout", "seconds per download", type=float, default=60.0),
        ),
        locked=False,
    ),
    "build": Command(
        cmd_build, "dbt build into the build database", (option("--select", "dbt selection"),)
    ),
    "publish": Command(
        cmd_publish,
        "audit the build database, then publish it atomically with its exports and report",
        (
            option(
                "--accept-shrink",
                "publish even if the build covers materially less than the published warehouse",
                action="store_true",
            ),
        ),
    ),
    "export": Command(
        cmd_export,
        "Parquet + CSV of every mart, with a data dictionary, into warehouse/exports/",
    ),
    "report": Command(cmd_report, "the offline HTML report, warehouse/site/report/index.html"),
    "run": Command(
        cmd_run,
        "load, dbt build, docs, then publish (publish only after a fully green build)",
        (
            *RAW_OPTIONS,
            *LOAD_OPTIONS,
            option("--no-docs", "skip dbt docs generate", action="store_true"),
            option(
                "--rebuild",
                "rebuild everything (not only what depends on changed sources) and publish, "
                "even when nothing changed since the published build",
                action="store_true",
            ),
        ),
    ),
}


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
    for name, command in COMMANDS.items():
        p = sub.add_parser(name, help=command.help)
        for flag, keywords in command.options:
            p.add_argument(flag, **keywords)
        p.set_defaults(func=command.func)
    return parser


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
        if COMMANDS[args.command].locked:
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
    except BrokenPipeError:  # the reader of our output stopped (`gpsi sources | head`)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no flush error
        return 0
    except OSError as exc:  # disk full, read-only or unwritable folder: no traceback
        where = f" ({exc.filename})" if exc.filename else ""
        log.info(
            f"error: the system refused a file operation{where}: {exc.strerror or exc}; "
            "the published warehouse is unchanged unless this run reported publishing it"
        )
        return 6
    return 0


def entry() -> None:
    """The `gpsi` command."""
    sys.exit(main())


if __name__ == "__main__":
    entry()
