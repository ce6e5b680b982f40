"""Publish a green build for BI readers, atomically (write-audit-publish).

The build database (``warehouse/build/gpsi.duckdb``) is the only file dbt and the
loaders ever write. BI tools open ``warehouse/gpsi.duckdb``, which is replaced by
``os.replace`` only after a fully green ``dbt build``: a reader either sees the
previous complete warehouse or the new complete one, never a half-built state, and a
reader never holds the lock a build needs. Both files share the basename ``gpsi`` so
the DuckDB catalog name (which views embed) is the same in both. The exports and the
site are swapped in beside it, each folder with a listing of its files."""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import duckdb

from .errors import BuildError, ShrinkError
from .paths import Paths, swap_dir
from .readers import sha256_of
from .sql import scalar
from .state import build_state, connect_read_only, fingerprint

log = logging.getLogger(__name__)


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


def _method_scope(db: Path) -> tuple[set[str], int] | None:
    """The indicators a build's method scores and how many dimensions it has (its
    dim_indicator and dim_dimension); None for a build without them."""
    con = connect_read_only(db)
    try:
        indicators = con.execute("select indicator_id from marts.dim_indicator where is_active")
        active = {row[0] for row in indicators.fetchall()}
        dimensions = scalar(con, "select count(*) from marts.dim_dimension where is_active")
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
    found = scalar(
        con,
        "select count(*) from information_schema.tables where table_schema = 'marts' "
        "and table_name = 'dim_edition'",
    )
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


def _listed_files_intact(folder: Path, listing: dict) -> bool:
    """Every file a listing names (export.json, site.json) is there with its sha256."""
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


def _record_accepted_shrink(paths: Paths, lost: list[str]) -> None:
    record = paths.warehouse_dir / "accepted_shrinks.log"
    with record.open("a", encoding="utf-8") as fh:
        stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        fh.write(f"{stamp} publish accepted:\n" + "\n".join(lost) + "\n")
    log.warning("  publish: shrink accepted and recorded in accepted_shrinks.log")


def _replace_file(src: Path, dest: Path) -> None:
    """`dest` becomes a copy of the DuckDB file `src` in one rename: copied beside it,
    synced to disk and opened once as a check first."""
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


def publish(
    paths: Paths,
    accept_shrink: bool = False,
    run_id: str | None = None,
    stage: Callable[[], None] | None = None,
) -> Path:
    """Check that the build is green and unchanged since, audit it against the published
    warehouse, copy it over the published file in a single rename, then swap in the
    exports and site staged from the same build.

    `stage` (exports and site from the build database into the build folder) runs first
    unless outputs of this very build are staged already; if it fails, nothing is
    published. (Run while the build is copied, it made both slower: BENCHMARKS.md.)"""
    started = time.perf_counter()
    src = paths.build_db
    if not src.exists():
        raise BuildError(f"nothing to publish: {src} does not exist")
    current = check_publishable(paths, run_id)
    _settle_published_wal(paths.published_db)  # a stale or foreign log, or a live writer
    accepted = audit_publish(src, paths.published_db, accept_shrink)
    if accepted:
        _record_accepted_shrink(paths, accepted)
    # A new edition is archived first, so that the outputs show its date; outputs
    # staged before it are staged again.
    new_edition = record_edition(src)
    staged = set(output_fingerprints(paths.build_dir).values()) == {current}
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
    _replace_file(src, dest)
    staged_from = output_fingerprints(paths.build_dir)
    for name in OUTPUTS:
        if staged_from[name] == current:
            swap_dir(paths.build_dir / name, paths.warehouse_dir / name)
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
