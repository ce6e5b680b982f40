"""Build with dbt into a build database, then publish it atomically for BI readers.

The build database (``warehouse/build/gpsi.duckdb``) is the only file dbt and the
loaders ever write. BI tools open ``warehouse/gpsi.duckdb``, which is replaced by
``os.replace`` only after a fully green ``dbt build``: a reader either sees the
previous complete warehouse or the new complete one, never a half-built state, and a
reader never holds the lock a build needs. Both files share the basename ``gpsi`` so
the DuckDB catalog name (which views embed) is the same in both.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from .sql import ident

log = logging.getLogger(__name__)


class BuildError(RuntimeError):
    pass


class LockError(RuntimeError):
    """Another gpsi process holds the warehouse."""


@contextlib.contextmanager
def warehouse_lock(warehouse_dir: Path):
    """An exclusive lock over load, build, publish, export and report of one warehouse
    directory, so two runs (or a load during a build) cannot interleave. The lock is a
    kernel file lock: it is released when the process ends, even if it is killed."""
    import fcntl

    warehouse_dir.mkdir(parents=True, exist_ok=True)
    path = warehouse_dir / ".gpsi.lock"
    with path.open("a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "another process"
            raise LockError(
                f"the warehouse {warehouse_dir} is in use by {holder}: wait for it to finish "
                "(or stop it) and run again"
            ) from None
        fh.seek(0)
        fh.truncate()
        fh.write(f"gpsi pid {os.getpid()}")
        fh.flush()
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


@dataclass(frozen=True)
class Paths:
    project_dir: Path
    warehouse_dir: Path

    @property
    def build_db(self) -> Path:
        return self.warehouse_dir / "build" / "gpsi.duckdb"

    @property
    def published_db(self) -> Path:
        return self.warehouse_dir / "gpsi.duckdb"

    @property
    def target_dir(self) -> Path:
        return self.warehouse_dir / "build" / "target"

    @property
    def staging_dir(self) -> Path:
        """Where exports and site are built from the build database before publishing."""
        return self.warehouse_dir / "build"


def project_dir() -> Path:
    env = os.environ.get("GPSI_PROJECT_DIR")
    if env:
        return Path(env).resolve()
    cwd = Path.cwd()
    if (cwd / "dbt_project.yml").exists():
        return cwd
    here = Path(__file__).resolve().parents[2]
    if (here / "dbt_project.yml").exists():
        return here
    raise BuildError(
        "cannot find dbt_project.yml: run from the project folder or set GPSI_PROJECT_DIR"
    )


def default_paths(warehouse_dir: str | os.PathLike | None = None) -> Paths:
    root = project_dir()
    wh = warehouse_dir or os.environ.get("GPSI_WAREHOUSE_DIR") or root / "warehouse"
    return Paths(project_dir=root, warehouse_dir=Path(wh).resolve())


def dbt_env(paths: Paths) -> dict[str, str]:
    env = dict(os.environ)
    env["GPSI_DB_PATH"] = str(paths.build_db)
    env["DBT_PROFILES_DIR"] = str(paths.project_dir)
    env.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    return env


class _Progress:
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
    import json
    from collections import Counter

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


def _invoke_dbt(
    paths: Paths,
    args: list[str],
    callbacks=(),
    target_dir: Path | None = None,
    extra_env: dict[str, str] | None = None,
    manifest=None,
):
    """dbt in-process (dbtRunner) against the build database, with the project's
    folders and no console output; returns dbt's result. `target_dir` and `extra_env`
    serve another target (gpsi spark); `manifest`, one parsed by `parse_project` in the
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
    holds a connection: about a quarter of a build's time). In-process, the instance
    would otherwise outlive the invocation and hold the build file that is then
    checked, copied and swapped."""
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    env = DuckDBConnectionManager._ENV  # the adapter's one shared environment
    DuckDBConnectionManager.close_all_connections()
    if env is not None:
        env.close()


def parse_project(paths: Paths):
    """The project parsed once (dbt parse, with dbt's partial parsing), for the dbt
    invocations of one run to share: each would otherwise parse it again and write the
    manifest it read (about 1 s each, profiled; see BENCHMARKS.md). Not written here
    either: each invocation writes manifest.json when it ends."""
    started = time.perf_counter()
    result = _invoke_dbt(paths, ["parse", "--no-write-json"])
    if not result.success:
        raise BuildError(
            f"dbt parse failed; the published warehouse is unchanged.\n  {result.exception}"
        )
    log.info(f"  dbt parse ok in {time.perf_counter() - started:.1f} s")
    return result.result


def run_dbt(paths: Paths, args: list[str], manifest=None, results_file: str | None = None) -> None:
    """Invoke dbt against the build database: progress from its events, the outcome
    from its result and run_results.json, never from its console. `manifest`: see
    parse_project. `results_file`: the invocation runs with --no-write-json (no manifest
    written again, about 0.3 s) and only its results are written, to that file of the
    target folder, as dbt would."""
    started = time.perf_counter()
    log.info(f"  dbt {' '.join(args)} ...")
    extra = ["--no-write-json"] if results_file else []
    result = _invoke_dbt(paths, [*args, *extra], callbacks=[_Progress()], manifest=manifest)
    if results_file and hasattr(result.result, "write"):
        result.result.write(str(paths.target_dir / results_file))
    seconds = time.perf_counter() - started
    if not result.success:
        detail = failed_nodes(paths.target_dir) if result.exception is None else ""
        if detail and args[0] in ("build", "test"):
            detail += "\n" + explain_test_failures(paths)
        detail = detail or f"  {result.exception}"
        raise BuildError(
            f"dbt {args[0]} failed after {seconds:.1f} s; the published warehouse is "
            f"unchanged.\n{detail}"
        )
    counts, _, warned = run_summary(paths.target_dir, args[0]).partition("\n")
    log.info(
        f"  dbt {args[0]} ok in {seconds:.1f} s"
        + (f" ({counts})" if counts else "")
        + (f"\n{warned}" if warned else "")
    )


def failed_nodes(target_dir: Path) -> str:
    """One line per failed model, test or seed of the last dbt invocation."""
    import json

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


FINGERPRINT_GLOBS = (
    "dbt_project.yml", "profiles.yml", "models/**/*", "macros/**/*", "seeds/**/*",
    "tests/*.sql", "tests/staging/**/*", "tests/intermediate/**/*", "tests/marts/**/*",
    "scripts/gpsi/*.py", "scripts/gpsi/report/*.py", "scripts/gpsi/report/templates/**/*",
    # what the explorer bundles: the charting library, the world map and the fonts
    "node_modules/vega/package.json", "node_modules/vega/build/vega.min.js",
    "node_modules/vega-lite/package.json", "node_modules/vega-lite/build/vega-lite.min.js",
    "node_modules/vega-embed/package.json", "node_modules/vega-embed/build/vega-embed.min.js",
    "node_modules/world-atlas/countries-110m.json",
    "node_modules/@fontsource/*/package.json", "node_modules/@fontsource/*/unicode.json",
)  # fmt: skip


def code_fingerprint(paths: Paths) -> str:
    """Everything besides the landed files that shapes an output: the project's dbt and
    Python code, the report's templates, messages and bundled libraries, and the dbt and
    DuckDB versions. Equal code fingerprints mean the same SQL, loaders and report."""
    import dbt.version

    versions = f"dbt {dbt.version.__version__}\nduckdb {duckdb.__version__}\n"
    digest = hashlib.sha256(versions.encode())
    files = sorted({p for g in FINGERPRINT_GLOBS for p in paths.project_dir.glob(g) if p.is_file()})
    for path in files:
        rel = path.relative_to(paths.project_dir).as_posix()
        digest.update(f"{rel}\n".encode() + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _code_and_rows_digest(paths: Paths, query: str) -> str:
    """The code fingerprint and the rows of one query on the build database, hashed."""
    digest = hashlib.sha256(code_fingerprint(paths).encode())
    con = duckdb.connect(str(paths.build_db), read_only=True)
    try:
        for row in con.execute(query).fetchall():
            digest.update(("|".join(map(str, row)) + "\n").encode())
    finally:
        con.close()
    return digest.hexdigest()


def fingerprint(paths: Paths) -> str:
    """What a build depends on: the landed files (by sha256) and the code fingerprint.
    Equal fingerprints mean an identical build."""
    return _code_and_rows_digest(
        paths, "select table_name, file_path, sha256, loader_version from raw._files order by all"
    )


def docs_fingerprint(paths: Paths) -> str:
    """What the lineage site is a function of: the project's code (models, columns,
    descriptions, lineage) and the columns of the landed raw tables (dbt's catalog holds
    each relation's columns and types, all decided by the code and the raw columns; it
    holds no row counts or other data)."""
    return _code_and_rows_digest(paths, "select * from raw._columns order by all")


def changed_raw_tables(paths: Paths) -> set[str] | None:
    """The raw tables whose landed files differ from those of the last green build of
    the build database, when an incremental build is safe: the database is green (the
    last build passed and nothing was half-built since) and was built by the same code.
    None when it is not: then everything is rebuilt."""
    state = build_state(paths.build_db)
    if state is None or state.get("code_fingerprint") != code_fingerprint(paths):
        return None
    con = duckdb.connect(str(paths.build_db), read_only=True)
    try:
        rows = con.execute(
            "with now_files as (select table_name, file_path, sha256, loader_version "
            "from raw._files), built as (select * from raw._build_files) "
            "select table_name from (select * from now_files except select * from built) "
            "union select table_name from (select * from built except select * from now_files)"
        ).fetchall()
    except duckdb.Error:
        return None
    finally:
        con.close()
    return {r[0] for r in rows}


def mark_build_started(paths: Paths) -> None:
    """Remove the green stamp before dbt touches the build database: a build that is
    killed or fails leaves no stamp, and `gpsi publish` refuses an unstamped build."""
    if not paths.build_db.exists():
        return
    con = duckdb.connect(str(paths.build_db))
    try:
        con.execute("drop table if exists raw._build_state")
        # Failing rows stored to explain an earlier failed build are not published.
        for (schema,) in con.execute(
            "select schema_name from information_schema.schemata "
            "where schema_name like '%dbt_test__audit'"
        ).fetchall():
            con.execute(f"drop schema {ident(schema)} cascade")
    finally:
        con.close()


DBT_SCHEMAS = ("staging", "intermediate", "marts", "seeds")


def drop_orphans(paths: Paths) -> list[str]:
    """Tables and views in the dbt-built schemas that the project no longer defines (a
    model renamed or removed): dbt leaves them behind, and they would be published and
    exported with stale numbers. Dropped after a green build; returns what was dropped."""
    import json

    manifest = json.loads((paths.target_dir / "manifest.json").read_text())
    defined = {
        (node["schema"], node.get("alias") or node["name"])
        for node in manifest["nodes"].values()
        if node["resource_type"] in ("model", "seed", "snapshot")
    }
    con = duckdb.connect(str(paths.build_db))
    dropped = []
    try:
        for schema, name, kind in con.execute(
            "select table_schema, table_name, table_type from information_schema.tables "
            f"where table_schema in {DBT_SCHEMAS!r}"
        ).fetchall():
            if (schema, name) not in defined:
                keyword = "view" if kind == "VIEW" else "table"
                con.execute(f"drop {keyword} {ident(schema, name)}")
                dropped.append(f"{schema}.{name}")
    finally:
        con.close()
    for relation in dropped:
        log.warning(f"  dropped {relation}: no longer defined by the project")
    return dropped


def record_green(paths: Paths, value: str, run_id: str) -> None:
    """Stamp the build database green, with the fingerprint of what it was built from and
    the id of the run that built it."""
    code = code_fingerprint(paths)
    con = duckdb.connect(str(paths.build_db))
    try:
        con.execute("begin")
        # The landed files this green build reflects: the next run compares with them
        # to rebuild only what depends on the raw tables that changed.
        con.execute(
            "create or replace table raw._build_files as select table_name, file_path, "
            "sha256, loader_version from raw._files"
        )
        con.execute(
            "create or replace table raw._build_state as select ? as fingerprint, "
            "? as code_fingerprint, ? as run_id, true as is_green, "
            "current_timestamp as built_at",
            [value, code, run_id],
        )
        con.execute("commit")
    finally:
        con.close()


# Every read-only connection of the outputs opens the database with this configuration:
# the exports and the report read the build side by side (publish), and DuckDB shares one
# instance between the connections of a process to a file only if their configurations
# are equal. Its default memory limit is 80% of the machine: bounded like the build's
# (profiles.yml), large sorts spill to <file>.tmp instead.
READ_ONLY_CONFIG = {"memory_limit": "2GB"}


def connect_read_only(db: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(db), read_only=True, config=READ_ONLY_CONFIG)


def build_state(db: Path) -> dict | None:
    """The green stamp of a warehouse file (fingerprint, run_id, built_at), or None."""
    if not db.exists():
        return None
    try:
        con = connect_read_only(db)
    except duckdb.Error:
        return None
    try:
        row = con.execute(
            "select fingerprint, run_id, built_at, code_fingerprint "
            "from raw._build_state where is_green"
        ).fetchone()
    except duckdb.Error:
        return None
    finally:
        con.close()
    keys = ("fingerprint", "run_id", "built_at", "code_fingerprint")
    return dict(zip(keys, row, strict=True)) if row else None


def published_fingerprint(paths: Paths) -> str | None:
    state = build_state(paths.published_db)
    return state["fingerprint"] if state else None


def check_publishable(paths: Paths, run_id: str | None = None) -> str:
    """The build database may be published only if a build marked it green, from exactly
    what is in it now (fingerprint recomputed), and, inside `gpsi run`, by this run."""
    state = build_state(paths.build_db)
    if state is None:
        raise BuildError(
            f"{paths.build_db} is not marked green: its last dbt build failed, was "
            "interrupted or never ran; run `gpsi build` (or `gpsi run`) first. "
            "The published warehouse is unchanged"
        )
    if run_id is not None and state["run_id"] != run_id:
        raise BuildError(
            f"{paths.build_db} was marked green by another run ({state['run_id']}), not by "
            "this one; nothing was published"
        )
    current = fingerprint(paths)
    if state["fingerprint"] != current:
        raise BuildError(
            f"{paths.build_db} changed since its green build (raw data landed or project "
            f"code edited: fingerprint {state['fingerprint'][:12]} built, {current[:12]} "
            "now); run `gpsi build` again. The published warehouse is unchanged"
        )
    return current


# A published warehouse may not lose more than this share of what it covers without an
# explicit acceptance (gpsi run/publish --accept-shrink).
PUBLISH_SHRINK_TOLERANCE = 0.05
AUDIT_DIMENSIONS = "dimensions covered in the reported year"
AUDIT_INDICATORS = "indicator country-years with a value"
AUDIT_QUERIES = {
    "countries ranked in the reported year": (
        "select 'all', count(gpsi_rank) from marts.rpt_gpsi_latest"
    ),
    AUDIT_DIMENSIONS: (
        "select 'all', count(distinct d.dimension_id) from marts.rpt_gpsi_latest_dimensions d "
        "where d.is_covered"
    ),
    AUDIT_INDICATORS: (
        "select indicator_id, count(*) from marts.fct_indicator_scores "
        "where value_status <> 'missing' group by indicator_id"
    ),
}


def _audit_figures(db: Path) -> dict[tuple[str, str], int]:
    con = connect_read_only(db)
    try:
        return {
            (name, str(key)): int(value)
            for name, sql in AUDIT_QUERIES.items()
            for key, value in con.execute(sql).fetchall()
        }
    finally:
        con.close()


class NotLoadedError(Exception):
    """A command that needs landed raw data, run before any load."""


class ShrinkError(BuildError):
    """A build that would publish materially less than the published warehouse."""


def _method_scope(db: Path) -> tuple[set[str], int] | None:
    """The indicators a build's method scores and how many dimensions it has (its
    dim_indicator and dim_dimension); None for a build without them."""
    con = connect_read_only(db)
    try:
        indicators = con.execute("select indicator_id from marts.dim_indicator where is_active")
        active = {row[0] for row in indicators.fetchall()}
        (dimensions,) = con.execute(
            "select count(*) from marts.dim_dimension where is_active"
        ).fetchone()
        return active, int(dimensions)
    except duckdb.Error:
        return None
    finally:
        con.close()


def audit_publish(new_db: Path, published_db: Path, accept: bool = False) -> list[str]:
    """Write-audit-publish: compare the new build with the published warehouse and refuse
    a material shrink (more than PUBLISH_SHRINK_TOLERANCE of any figure lost), listing
    what would be lost. Returns the shrinking lines (accepted when `accept`). Like is
    compared with like: an indicator the new build's method no longer scores, or a
    dimension it no longer has, is a method change (its method_version says so), not
    lost data; it is logged, not refused."""
    if not published_db.exists():
        return []
    try:
        old = _audit_figures(published_db)
    except duckdb.CatalogException:
        # it opened, and predates the audited marts: a schema the audit does not know
        log.warning("  publish: the published warehouse predates the audited marts; not compared")
        return []
    except duckdb.Error as exc:  # fail closed: what cannot be read cannot be compared
        raise BuildError(
            f"publish audit: cannot read the published warehouse {published_db} "
            f"({_first_line(exc)}): it may be open read-write by another process (BI tools "
            "must open it read-only) or damaged. The audit cannot tell what the new build "
            "would lose, so nothing was published; close the other client and run again"
        ) from None
    new = _audit_figures(new_db)
    scope = _method_scope(new_db)
    if scope is not None:
        indicators, dimensions = scope
        withdrawn = sorted(
            key for name, key in old if name == AUDIT_INDICATORS and key not in indicators
        )
        if withdrawn:
            log.info(f"  publish: no longer scored by the method (not a shrink): {withdrawn}")
        old = {
            (name, key): min(value, dimensions) if name == AUDIT_DIMENSIONS else value
            for (name, key), value in old.items()
            if not (name == AUDIT_INDICATORS and key not in indicators)
        }
    lost = [
        f"  {name} [{key}]: {old_value:,} published -> {new.get((name, key), 0):,}"
        for (name, key), old_value in sorted(old.items())
        if new.get((name, key), 0) < old_value * (1 - PUBLISH_SHRINK_TOLERANCE)
    ]
    if lost and not accept:
        raise ShrinkError(
            "the new build would publish less than the published warehouse (more than "
            f"{PUBLISH_SHRINK_TOLERANCE:.0%} lost); nothing was published:\n"
            + "\n".join(lost)
            + "\nif this is intended (a source withdrew data), run again with --accept-shrink"
        )
    return lost


def _first_line(exc: BaseException) -> str:
    return str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__


def _is_foreign_wal(exc: duckdb.Error) -> bool:
    """DuckDB's refusal of a write-ahead log written for another file (a client that
    opened the previous published file read-write and wrote after the swap)."""
    return isinstance(exc, duckdb.IOException) and "WAL does not match" in str(exc)


def quarantine_foreign_wal(dest: Path) -> Path | None:
    """A write-ahead log beside `dest` that belongs to another file makes every reader
    fail. It is moved aside (kept, never replayed: the published file is rebuilt from
    the raw files, so nothing it holds is lost) and named in the log. Returns where it
    went, or None when there is no log or it is `dest`'s own."""
    wal = dest.with_name(dest.name + ".wal")
    if not wal.exists():
        return None
    try:
        connect_read_only(dest).close()
        return None
    except duckdb.Error as exc:
        if not _is_foreign_wal(exc):
            return None  # a live writer's or a dead writer's own log: settled at publish
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    kept = wal.with_name(f"{wal.name}.foreign-{stamp}-{os.getpid()}")
    os.replace(wal, kept)
    log.warning(
        f"  {dest.name}: a write-ahead log written for another file (a client that opened "
        f"the warehouse read-write) blocked every reader; moved aside to {kept.name}"
    )
    return kept


def _settle_published_wal(dest: Path) -> None:
    """A write-ahead log beside the published file means some process opened it
    read-write (BI tools must open it read-only). If that process is gone, the log is
    checkpointed into the old file before the swap, so no stale log can be replayed onto
    the new one; if it still holds the file, publishing stops with what to do."""
    wal = dest.with_name(dest.name + ".wal")
    if not wal.exists():
        return
    try:
        con = duckdb.connect(str(dest))
    except duckdb.Error as exc:
        if _is_foreign_wal(exc):
            quarantine_foreign_wal(dest)
            return
        raise BuildError(
            f"{dest} is open read-write by another process ({str(exc).splitlines()[0][:160]}): "
            "close it (BI tools must open the warehouse read-only) and run again; the "
            "published warehouse is unchanged"
        ) from None
    try:
        con.execute("checkpoint")
    finally:
        con.close()
    log.warning(f"  publish: merged a stale write-ahead log left beside {dest.name}")


def record_edition(db: Path) -> int | None:
    """Archive the build's edition (dim_edition's current row) with the headline it
    publishes and the values behind it, in one transaction, unless the archive holds it
    already (a republish of the same method and data). Returns the new edition's id.
    The next build compares itself with the archive (fct_gpsi_revisions). A build
    without the edition marts (a partial project) records nothing."""
    con = duckdb.connect(str(db))
    try:
        return _record_edition(con)
    finally:
        con.close()


def _record_edition(con) -> int | None:
    found = con.execute(
        "select count(*) from information_schema.tables where table_schema = 'marts' "
        "and table_name = 'dim_edition'"
    ).fetchone()[0]
    row = (
        found
        and con.execute(
            "select edition_id, edition_key, method_version, data_fingerprint, source_vintages "
            "from marts.dim_edition where is_current and published_at is null"
        ).fetchone()
    )
    if not row:
        return None
    con.execute("begin")
    try:
        con.execute(
            "insert into raw._editions select ?, ?, ?, ?, ?, now()::timestamp",
            list(row),
        )
        con.execute(
            "insert into raw._edition_gpsi select ?, iso3, year, gpsi_score, gpsi_rank, "
            "is_provisional from marts.fct_gpsi where gpsi_score is not null",
            [row[0]],
        )
        con.execute(
            "insert into raw._edition_values select ?, iso3, year, indicator_id, source_id, "
            "raw_value, value_status from marts.fct_indicator_scores",
            [row[0]],
        )
        # dim_edition was built before this publish: it gets the date the archive now has
        con.execute(
            "update marts.dim_edition set published_at = e.published_at from raw._editions e "
            "where dim_edition.edition_id = e.edition_id and e.edition_id = ?",
            [row[0]],
        )
        con.execute("commit")
    except duckdb.Error:
        con.execute("rollback")
        raise
    log.info(f"  publish: edition {row[0]} (method {row[2]}, data {row[3][:12]}) archived")
    return row[0]


OUTPUTS = ("exports", "site")  # published beside the database, from the same build


def swap_dir(new: Path, dest: Path) -> None:
    """Put folder `new` in place of `dest` by renames: a reader sees the old or the new
    folder, and an interrupted swap leaves one of them plus a dot-folder to sweep."""
    old = dest.with_name(f".{dest.name}.{os.getpid()}.old")
    if dest.exists():
        os.replace(dest, old)
    os.replace(new, dest)
    shutil.rmtree(old, ignore_errors=True)


def _listed_files_intact(folder: Path, listing: dict) -> bool:
    """Every file a listing names (export.json, site.json) is there with its sha256."""
    from .readers import sha256_of

    for entry in listing.get("files", []):
        path = folder / entry["file"]
        if not path.is_file() or sha256_of(path) != entry["sha256"]:
            log.warning(
                f"  {folder.name}/{entry['file']} is missing or altered since it was published"
            )
            return False
    return True


def output_fingerprints(root: Path) -> dict[str, str | None]:
    """The fingerprint each output folder under `root` was built from (export.json's and
    site.json's `fingerprint`), or None when the folder is missing or any file it lists
    is missing or altered (its sha256), so that it is rebuilt."""
    import json

    found: dict[str, str | None] = dict.fromkeys(OUTPUTS)
    for name, listing_name in (("exports", "export.json"), ("site", "site.json")):
        listing_path = root / name / listing_name
        if not listing_path.is_file():
            continue
        try:
            listing = json.loads(listing_path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError):
            continue  # an unreadable listing: rebuilt
        if _listed_files_intact(root / name, listing):
            found[name] = listing.get("fingerprint")
    return found


def write_listing(folder: Path, listing_name: str, fingerprint: str) -> None:
    """`folder/listing_name`: the fingerprint the folder was built from and every file in
    it with its sha256, verified by output_fingerprints before a run trusts it."""
    import json

    from .readers import sha256_of

    files = [
        {"file": p.relative_to(folder).as_posix(), "sha256": sha256_of(p)}
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != listing_name
    ]
    listing = {"fingerprint": fingerprint, "files": files}
    (folder / listing_name).write_text(json.dumps(listing, indent=2), encoding="utf-8")


def sweep_debris(paths: Paths) -> None:
    """What an interrupted run leaves behind is removed before the next one starts:
    temporary copies of the published file, half-swapped output folders, DuckDB's
    spill folders. (Half-landed raw tables are dropped by the loader.)"""
    wh = paths.warehouse_dir
    if not wh.exists():
        return
    quarantine_foreign_wal(paths.published_db)
    candidates = [
        *wh.glob(".gpsi.duckdb.*.tmp"),
        *wh.glob(".exports.*"),
        *wh.glob(".site.*"),
        *wh.glob("build/.exports.*"),  # outputs staged beside the build database
        *wh.glob("build/.site.*"),
        *wh.glob("cache/.fonts.*"),  # the explorer's fonts cut, written beside the cache
        *wh.glob("site/.report.*"),  # the explorer's folder, written beside it
        *wh.glob("build/site/.report.*"),
        *wh.glob("*.duckdb.tmp"),
        *wh.glob("build/*.duckdb.tmp"),
    ]
    for path in candidates:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
        log.warning(f"  swept {path.relative_to(wh)}, left by an interrupted run")


def publish(
    paths: Paths,
    accept_shrink: bool = False,
    run_id: str | None = None,
    stage: Callable[[], None] | None = None,
) -> Path:
    """Check that the build is green and unchanged since, audit it against the published
    warehouse, copy it over the published file in a single rename, then swap in the
    exports and site staged from the same build.

    `stage` (exports and site from the build database into the staging folder) runs
    first unless outputs of this very build are staged already; if it fails, nothing is
    published. (Run while the build is copied, it made both slower: the copy is the
    kernel's memory copies, on the two cores the exports use.)"""
    started = time.perf_counter()
    src = paths.build_db
    if not src.exists():
        raise BuildError(f"nothing to publish: {src} does not exist")
    current = check_publishable(paths, run_id)
    _settle_published_wal(paths.published_db)  # a stale or foreign log, or a live writer
    accepted = audit_publish(src, paths.published_db, accept_shrink)
    if accepted:
        record = paths.warehouse_dir / "accepted_shrinks.log"
        with record.open("a", encoding="utf-8") as fh:
            stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
            fh.write(f"{stamp} publish accepted:\n" + "\n".join(accepted) + "\n")
        log.warning("  publish: shrink accepted and recorded in accepted_shrinks.log")
    # A new edition is archived first, so that the outputs show its date; outputs
    # staged before it are staged again.
    new_edition = record_edition(src)
    staged = set(output_fingerprints(paths.staging_dir).values()) == {current}
    if stage is not None and (new_edition is not None or not staged):
        stage()
    con = duckdb.connect(str(src))
    try:
        con.execute("checkpoint")
    finally:
        con.close()
    dest = paths.published_db
    dest.parent.mkdir(parents=True, exist_ok=True)
    _settle_published_wal(dest)  # again: a client may have written while outputs staged
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
    try:
        shutil.copyfile(src, tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        check = duckdb.connect(str(tmp), read_only=True)
        try:
            check.execute("select count(*) from information_schema.tables").fetchone()
        finally:
            check.close()
        os.replace(tmp, dest)
    finally:
        if tmp.exists():
            tmp.unlink()
    staged = output_fingerprints(paths.staging_dir)
    for name in OUTPUTS:
        if staged[name] == current:
            swap_dir(paths.staging_dir / name, paths.warehouse_dir / name)
        else:
            log.warning(
                f"  publish: no {name} staged from this build; `gpsi run` rebuilds them "
                "from the published warehouse"
            )
    log.info(
        f"  publish {dest} ({dest.stat().st_size / 1e6:.1f} MB) with "
        f"{', '.join(OUTPUTS)} in {time.perf_counter() - started:.2f} s"
    )
    return dest


MAX_ROWS_NAMED = 5


PROVENANCE = (("source_file", "source_row"), ("_source_file", "_source_row"))


def _provenance(columns: list[str]) -> tuple[str, str] | None:
    """The (file, row) provenance columns among `columns`: staging renames the raw
    _source_file/_source_row to source_file/source_row."""
    return next((pair for pair in PROVENANCE if set(pair) <= set(columns)), None)


def _rows_named(con, failures: str, model: str | None, column: str | None) -> str:
    """The raw file and rows behind the stored failures of one test: read from the
    failing rows when they carry their provenance, else by joining the failing values
    back to the tested model; else the first failing rows as they are."""
    cols = [d[0] for d in con.execute(f"select * from {failures} limit 0").description]
    sql = None
    if pair := _provenance(cols):
        sql = f"select {ident(pair[0])}, {ident(pair[1])} from {failures}"
    elif model and column:
        model_cols = [d[0] for d in con.execute(f"select * from {model} limit 0").description]
        if pair := _provenance(model_cols):
            sql = (
                f"select {ident(pair[0])}, {ident(pair[1])} from {model} "
                f"where {ident(column)} in (select {ident(cols[0])} from {failures})"
            )
    if sql is None:
        rows = con.execute(f"select * from {failures} limit 3").fetchall()
        return "; ".join(", ".join(f"{c}={v}" for c, v in zip(cols, r, strict=False)) for r in rows)
    found = con.execute(f"{sql} order by all limit {MAX_ROWS_NAMED + 1}").fetchall()
    by_file: dict[str, list[str]] = {}
    for file, row in found[:MAX_ROWS_NAMED]:
        by_file.setdefault(file, []).append(str(row))
    more = " and more" if len(found) > MAX_ROWS_NAMED else ""
    return "; ".join(f"{f} row {', '.join(r)}" for f, r in by_file.items()) + more


def explain_test_failures(paths: Paths) -> str:
    """For every failing data test of the last build, the raw file and row of each failing
    record (the fix a user must make): the failing tests are run again with their failing
    rows stored (schema dbt_test__audit of the build database), which costs nothing on a
    green build."""
    import json

    results_path = paths.target_dir / "run_results.json"
    manifest_path = paths.target_dir / "manifest.json"
    if not results_path.exists() or not manifest_path.exists():
        return ""
    failing = [
        r["unique_id"]
        for r in json.loads(results_path.read_text()).get("results", [])
        if r["unique_id"].startswith("test.") and r.get("status") in ("fail", "error")
    ]
    if not failing:
        return ""
    nodes = json.loads(manifest_path.read_text())["nodes"]
    names = [nodes[u]["name"] for u in failing if u in nodes]
    try:
        _invoke_dbt(paths, ["test", "--store-failures", "--select", *names])  # read, not raised
        stored = {
            r["unique_id"]: r.get("relation_name")
            for r in json.loads(results_path.read_text()).get("results", [])
        }
        con = duckdb.connect(str(paths.build_db), read_only=True)
    except (duckdb.Error, OSError, ValueError) as exc:
        return f"  (failing rows could not be traced to raw files: {exc})"
    lines = []
    try:
        for unique_id in failing:
            node, relation = nodes.get(unique_id, {}), stored.get(unique_id)
            if not relation:
                continue
            attached = nodes.get(node.get("attached_node") or "", {})
            model = attached.get("relation_name")
            column = node.get("column_name") or (node.get("test_metadata") or {}).get(
                "kwargs", {}
            ).get("column_name")
            try:
                named = _rows_named(con, relation, model, column)
            except duckdb.Error as exc:
                named = f"(not traceable: {str(exc).splitlines()[0][:120]})"
            lines.append(f"  {node.get('name', unique_id)}: {named}")
    finally:
        con.close()
    return "failing records, by raw file and row:\n" + "\n".join(lines) if lines else ""
