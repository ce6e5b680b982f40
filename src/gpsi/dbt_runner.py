"""dbt in this process (dbtRunner) against the build database: progress from its
events, the outcome from its result and run_results.json, never from its console."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import time
from collections import Counter
from pathlib import Path

from .errors import BuildError
from .paths import Paths

log = logging.getLogger(__name__)


class DbtFailed(BuildError):
    """A dbt invocation that failed; `nodes_failed` when models, tests or seeds failed
    (rather than dbt itself: a parse or connection error)."""

    def __init__(self, message: str, nodes_failed: bool):
        super().__init__(message)
        self.nodes_failed = nodes_failed


class Progress:
    """dbt event callback: logs "nodes done of total" as a build advances (every tenth)."""

    def __init__(self):
        self.step = -1

    def __call__(self, event) -> None:
        data = event.data
        index, total = getattr(data, "index", 0), getattr(data, "total", 0)
        if not total or not event.info.name.endswith("Result"):
            return
        step = index * 10 // total
        if step > self.step:
            self.step = step
            log.info(f"    {index} of {total} nodes done")


def run_summary(target_dir: Path, command: str) -> str:
    """Counts by status of the last dbt invocation, from its run_results.json (or
    sources.json for `dbt source freshness`); empty for commands that run no nodes."""

    name = {"source": "sources.json"}.get(command, "run_results.json")
    path = target_dir / name
    if command == "docs" or not path.exists():
        return ""
    results = json.loads(path.read_text()).get("results", [])
    counts = Counter(r.get("status", "unknown") for r in results)
    summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
    warned = [  # a warning is named, with what it found, not only counted
        f"\n    WARN {r['unique_id']}"
        + (f" ({r['failures']} rows)" if r.get("failures") else "")
        + (f": {' '.join((r.get('message') or '').split())[:200]}" if r.get("message") else "")
        for r in results
        if r.get("status") == "warn"
    ]
    return summary + "".join(warned)


@contextlib.contextmanager
def _environment(values: dict[str, str]):
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def invoke_dbt(
    paths: Paths,
    args: list[str],
    callbacks=(),
    target_dir: Path | None = None,
    extra_env: dict[str, str] | None = None,
    manifest=None,
):
    """dbt in-process (dbtRunner) against the build database, with the project's
    folders and no console output; returns dbt's result. `target_dir` and `extra_env`
    serve another target (make spark); `manifest`, one parsed by `parse_project` in the
    same process, spares the invocation its own parse."""
    from dbt.cli.main import dbtRunner

    target_dir = target_dir or paths.target_dir
    cli_args = [
        *args,
        "--project-dir", str(paths.project_dir),
        "--profiles-dir", str(paths.project_dir),
        "--target-path", str(target_dir),
        "--log-path", str(target_dir / "logs"),
        "--log-level", "none",
    ]  # fmt: skip
    env = {"GPSI_DB_PATH": str(paths.build_db), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    env.update(extra_env or {})
    try:
        with _environment(env):
            return dbtRunner(manifest=manifest, callbacks=list(callbacks)).invoke(cli_args)
    finally:
        _close_dbt_database()


def _close_dbt_database() -> None:
    """Close the DuckDB database dbt-duckdb kept open for the invocation (profile
    keep_open: true spares it a close and re-open, with a checkpoint, whenever no node
    holds a connection; BENCHMARKS.md has what that buys). In-process, the instance would
    otherwise outlive the invocation and hold the build file that is then checked,
    copied and swapped. Through the connection manager's public class methods: env()
    raises when no invocation opened one."""
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    try:
        env = DuckDBConnectionManager.env()
    except Exception:  # dbt-duckdb raises a bare Exception: nothing is open
        return
    DuckDBConnectionManager.close_all_connections()
    env.close()


def parse_project(paths: Paths):
    """The project parsed once (dbt parse, with dbt's partial parsing), for the dbt
    invocations of one run to share, rather than each parsing it again. Not written
    here: each invocation writes manifest.json when it ends."""
    started = time.perf_counter()
    result = invoke_dbt(paths, ["parse", "--no-write-json"])
    if not result.success:
        raise BuildError(
            f"dbt parse failed; the published warehouse is unchanged.\n  {result.exception}"
        )
    log.info(f"  dbt parse ok in {time.perf_counter() - started:.1f} s")
    return result.result


def run_dbt(paths: Paths, args: list[str], manifest=None) -> None:
    """Invoke dbt against the build database: progress from its events, the outcome
    from its result and run_results.json (sources.json for freshness), never from its
    console. `manifest`: see parse_project."""
    started = time.perf_counter()
    log.info(f"  dbt {' '.join(args)} ...")
    result = invoke_dbt(paths, args, callbacks=[Progress()], manifest=manifest)
    seconds = time.perf_counter() - started
    if not result.success:
        detail = failed_nodes(paths.target_dir) if result.exception is None else ""
        raise DbtFailed(
            f"dbt {args[0]} failed after {seconds:.1f} s; the published warehouse is "
            f"unchanged.\n{detail or f'  {result.exception}'}",
            nodes_failed=bool(detail),
        )
    counts, _, warned = run_summary(paths.target_dir, args[0]).partition("\n")
    log.info(
        f"  dbt {args[0]} ok in {seconds:.1f} s"
        + (f" ({counts})" if counts else "")
        + (f"\n{warned}" if warned else "")
    )


def failed_nodes(target_dir: Path) -> str:
    """One line per failed model, test or seed of the last dbt invocation."""

    results_path = target_dir / "run_results.json"
    if not results_path.exists():
        return ""
    results = json.loads(results_path.read_text()).get("results", [])
    lines = []
    for result in results:
        if result.get("status") in ("error", "fail", "runtime error"):
            failures = result.get("failures")
            count = f" ({failures} failing rows)" if failures else ""
            message = (result.get("message") or "").strip().splitlines()
            lines.append(
                f"  {result['status'].upper()} {result['unique_id']}{count}: "
                f"{' '.join(message)[:400]}"
            )
    skipped = sum(1 for r in results if r.get("status") == "skipped")
    if skipped:
        lines.append(f"  ({skipped} downstream nodes skipped)")
    return "\n".join(lines)
