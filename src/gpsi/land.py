"""Land parsed raw files into DuckDB's ``raw`` schema, atomically and idempotently.

Every file of every selected source is read and checked first; only when all of them
pass is anything written, in one transaction. A file whose sha256 (and the loader
version) matches the manifest is skipped. Each raw row carries ``_source_row``,
``_source_id``, ``_source_file``, ``_source_sha256`` and ``_loaded_at``.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import multiprocessing
import os
import shutil
import tempfile
import time
import uuid
from collections.abc import Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa

from .paths import swap_dir
from .readers import (
    LoadError,
    StreamedFile,
    open_file,
    resolve_files,
    sha256_of,
)
from .registry import LOADER_VERSION, Source, declared_tables, sources
from .sql import ident, scalar

log = logging.getLogger(__name__)

META_DDL = (
    "create schema if not exists raw",
    """create table if not exists raw._sources (
        source_id varchar primary key, folder varchar not null, name varchar not null,
        publisher varchar not null, publisher_url varchar not null,
        licence varchar not null, dimension varchar not null,
        live_urls varchar, manual_reason varchar, registered_at timestamp not null)""",
    """create table if not exists raw._files (
        source_id varchar not null, table_name varchar not null, file_path varchar not null,
        sha256 varchar not null, size_bytes bigint not null, row_count bigint not null,
        sheet varchar, header_line integer not null, preamble varchar, quirk varchar,
        loader_version varchar not null, loaded_at timestamp not null,
        primary key (table_name, file_path))""",
    "alter table raw._files add column if not exists accepted_shrink boolean",
    """create table if not exists raw._columns (
        table_name varchar not null, position integer not null,
        column_name varchar not null, original_name varchar not null,
        primary key (table_name, position))""",
    # The edition archive: what each publish with a new method version or new data put
    # out (publish.record_edition), kept so that revisions can be explained.
    """create table if not exists raw._editions (
        edition_id integer primary key, edition_key varchar not null unique,
        method_version varchar not null, data_fingerprint varchar not null,
        source_vintages varchar not null, published_at timestamp not null)""",
    """create table if not exists raw._edition_gpsi (
        edition_id integer not null, iso3 varchar not null, year integer not null,
        gpsi_score double, gpsi_rank bigint, is_provisional boolean,
        primary key (edition_id, iso3, year))""",
    """create table if not exists raw._edition_values (
        edition_id integer not null, iso3 varchar not null, year integer not null,
        indicator_id varchar not null, source_id varchar, raw_value double,
        value_status varchar, primary key (edition_id, iso3, year, indicator_id))""",
)


@dataclass
class SourceReport:
    source_id: str
    tables_loaded: list[str] = field(default_factory=list)
    tables_skipped: list[str] = field(default_factory=list)
    files: int = 0
    rows: int = 0
    seconds: float = 0.0


def _select(source_ids: Iterable[str] | None) -> list[Source]:
    if not source_ids:
        return list(sources())
    wanted = list(source_ids)
    known = {s.source_id for s in sources()}
    unknown = [s for s in wanted if s not in known]
    if unknown:
        raise LoadError(unknown[0], "-", "", f"unknown source; known: {sorted(known)}")
    return [s for s in sources() if s.source_id in wanted]


def _identity(spec, path: Path, raw_dir: Path) -> tuple[str, str, str]:
    """A landed file as raw._files records it: its path (archive!/member for a zip
    member) and the sha256 of the file on disk, so an unchanged archive is skipped like
    any unchanged file."""
    rel = path.relative_to(raw_dir).as_posix()
    if spec.member:
        rel = f"{rel}!/{spec.member}"
    return rel, sha256_of(path), LOADER_VERSION


def _manifest(con, table: str) -> set[tuple[str, str, str]]:
    rows = con.execute(
        "select file_path, sha256, loader_version from raw._files where table_name = ?",
        [table],
    ).fetchall()
    return {tuple(r) for r in rows}


def _table_exists(con, table: str) -> bool:
    return bool(
        scalar(
            con,
            "select count(*) from information_schema.tables "
            "where table_schema = 'raw' and table_name = ?",
            [table],
        )
    )


PROVENANCE = (
    ("_source_row", pa.int32()),
    ("_source_id", pa.string()),
    ("_source_file", pa.string()),
    ("_source_sha256", pa.string()),
    ("_loaded_at", pa.timestamp("us")),
)


def _schema(columns: list[str]) -> pa.Schema:
    """A raw table's columns: the file's, as text, then the provenance columns."""
    return pa.schema([*((c, pa.string()) for c in columns), *PROVENANCE])


def _batch(
    schema: pa.Schema,
    streamed: StreamedFile,
    columns: list[pa.Array],
    numbers: list[int],
    loaded_at: dt.datetime,
) -> pa.RecordBatch:
    n = len(numbers)
    provenance = [
        pa.array(numbers, type=pa.int32()),
        pa.repeat(pa.scalar(streamed.source_id, pa.string()), n),
        pa.repeat(pa.scalar(streamed.relpath, pa.string()), n),
        pa.repeat(pa.scalar(streamed.sha256, pa.string()), n),
        pa.repeat(pa.scalar(loaded_at, pa.timestamp("us")), n),
    ]
    return pa.RecordBatch.from_arrays([*columns, *provenance], schema=schema)


def _check_headers(table: str, files: list[StreamedFile]) -> None:
    """Every file of one table has the same (normalised) header."""
    for streamed in files:
        if streamed.columns != files[0].columns:
            raise LoadError(
                streamed.source_id,
                streamed.relpath,
                "",
                f"header {streamed.original_columns} differs from the other files of "
                f"table {table}: {files[0].original_columns}",
            )


def _table_batches(source: Source, table: str, entries: list, raw_dir: Path, loaded_at):
    """Every file of one table opened and its header checked: the files, the table's
    schema and a generator of its checked batches (file order, then line order)."""
    files = [open_file(source, spec, path, raw_dir) for spec, path in entries]
    _check_headers(table, files)
    schema = _schema(files[0].columns)

    def batches():
        for streamed in files:
            for columns, numbers in streamed.chunks:
                yield _batch(schema, streamed, columns, numbers, loaded_at)

    return files, schema, batches()


def _create_staging(con, table: str, stream: pa.RecordBatchReader, failures) -> None:
    """raw."<table>__loading" from an Arrow stream, in one statement (DuckDB reads the
    chunks as a stream: inserting them one by one costs nine times as long). A LoadError
    raised while DuckDB reads is re-raised as it was, not as DuckDB's wrapping of it."""
    staging = ident("raw", f"{table}__loading")
    con.execute(f"drop table if exists {staging}")
    try:
        con.execute(f"create table {staging} as select * from stream")
    except Exception:
        if failures:
            raise failures[0] from None
        raise


def _stage_table(con, table: str, schema: pa.Schema, batches) -> None:
    """Stream the table's checked batches into raw."<table>__loading"."""
    failures: list[BaseException] = []

    def recorded():
        try:
            yield from batches
        except BaseException as exc:
            failures.append(exc)
            raise

    stream = pa.RecordBatchReader.from_batches(schema, recorded())
    _create_staging(con, table, stream, failures)


def _parse_table(
    source: Source, table: str, entries: list, raw_dir: Path, loaded_at, out: Path
) -> list[StreamedFile]:
    """In a worker process: the table's checked batches, as _stage_table receives them,
    written to an Arrow IPC stream file `out`; returns the files' metadata (their chunks
    consumed). A LoadError reaches the caller as raised (it pickles)."""
    files, schema, batches = _table_batches(source, table, entries, raw_dir, loaded_at)
    with pa.OSFile(str(out), "wb") as sink, pa.ipc.new_stream(sink, schema) as writer:
        for batch in batches:
            writer.write_batch(batch)
    for streamed in files:
        streamed.chunks = iter(())  # a generator does not pickle
    return files


def _stage_parsed(con, table: str, out: Path) -> None:
    """raw."<table>__loading" from a worker's Arrow IPC file (memory-mapped)."""
    with pa.memory_map(str(out)) as source:
        stream = pa.ipc.open_stream(source)
        _create_staging(con, table, stream, [])


Plan = tuple[Source, str, list[StreamedFile], bool]


def _previous_rows(con, table: str) -> int | None:
    row = con.execute(
        "select sum(row_count) from raw._files where table_name = ?", [table]
    ).fetchone()
    return int(row[0]) if row and row[0] is not None else None


def _check_shrink(source: Source, table: str, files, rows: int, previous, accept: bool):
    """Refuse a landing that lost more rows than its spec tolerates, unless accepted."""
    share = min(f.spec.max_row_drop_share for f in files)
    if not previous or rows >= previous * (1 - share):
        return False
    if accept:
        log.warning(f"  load {table}: {rows:,} rows, {previous:,} before: accepted (recorded)")
        return True
    raise LoadError(
        source.source_id,
        ", ".join(f.relpath for f in files),
        "",
        f"{rows:,} rows where the previous landing had {previous:,} "
        f"(-{100 * (1 - rows / previous):.0f}%, tolerance {100 * share:.0f}%): a file cut "
        "short or a smaller release? Nothing was landed; pass --accept-shrink to land it "
        "anyway (recorded in raw._files)",
    )


# Above this many bytes of files to land, worker processes parse them (Python's csv
# module on one core is the loader's cost at scale); below it, starting the workers
# would cost more than they save.
PARALLEL_MIN_BYTES = 32 * 2**20


@dataclass
class _TableJob:
    source: Source
    report: SourceReport
    table: str
    entries: list
    size_bytes: int


def _jobs(con, sources: list[Source], raw_dir: Path, force: bool):
    """Every selected source's report, and the tables whose files changed (by sha256
    and loader version against the manifest), in registry order."""
    reports: list[SourceReport] = []
    jobs: list[_TableJob] = []
    for source in sources:
        report = SourceReport(source.source_id)
        reports.append(report)
        by_table: dict[str, list[tuple]] = {}
        for spec in source.files:
            for path in resolve_files(source, spec, raw_dir):
                by_table.setdefault(spec.table, []).append((spec, path))
        for table, entries in by_table.items():
            current = {_identity(spec, p, raw_dir) for spec, p in entries}
            report.files += len(entries)
            if not force and _table_exists(con, table) and _manifest(con, table) == current:
                report.tables_skipped.append(table)
                continue
            size = sum(path.stat().st_size for _spec, path in entries)
            jobs.append(_TableJob(source, report, table, entries, size))
    return reports, jobs


def _parsed_in_workers(jobs: list[_TableJob], raw_dir: Path, loaded_at, scratch: Path):
    """Each job's files parsed by a worker process into an Arrow IPC file, yielded in
    job order as (job, files, ipc file), so tables are staged in the same order, with
    the same rows, as in one process. The largest tables are submitted first. The first
    error in job order is raised; the jobs not yet started are cancelled."""
    context = multiprocessing.get_context("spawn")  # no fork of DuckDB's threads
    workers = min(len(jobs), os.cpu_count() or 1)
    log.info(f"  load: {len(jobs)} table(s) parsed by {workers} worker processes")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        outs = [scratch / f"{i}.arrow" for i in range(len(jobs))]
        futures: dict[int, Future] = {}
        for i in sorted(range(len(jobs)), key=lambda i: -jobs[i].size_bytes):
            job = jobs[i]
            futures[i] = pool.submit(
                _parse_table, job.source, job.table, job.entries, raw_dir, loaded_at, outs[i]
            )
        try:
            for i, job in enumerate(jobs):
                yield job, futures[i].result(), outs[i]
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise


def _stage_all(
    con,
    sources,
    raw_dir: Path,
    force: bool,
    loaded_at,
    staged: list,
    accept_shrink: bool,
    parallel_min_bytes: int,
):
    """Phase 1: check every file and stream the changed tables into
    raw.<table>__loading (the tables readers use are not touched). Returns the
    sources' reports and the plans of phase 2."""
    reports, jobs = _jobs(con, sources, raw_dir, force)
    plans: list[Plan] = []

    def staged_table(job: _TableJob, files: list[StreamedFile], seconds: float) -> None:
        rows = sum(streamed.row_count for streamed in files)
        accepted = _check_shrink(
            job.source, job.table, files, rows, _previous_rows(con, job.table), accept_shrink
        )
        job.report.rows += rows
        job.report.tables_loaded.append(job.table)
        job.report.seconds += seconds
        plans.append((job.source, job.table, files, accepted))

    parallel = len(jobs) > 1 and sum(job.size_bytes for job in jobs) >= parallel_min_bytes
    if not parallel:
        for job in jobs:
            started = time.perf_counter()
            files, schema, batches = _table_batches(
                job.source, job.table, job.entries, raw_dir, loaded_at
            )
            staged.append(job.table)
            _stage_table(con, job.table, schema, batches)
            staged_table(job, files, time.perf_counter() - started)
        return reports, plans
    with tempfile.TemporaryDirectory(prefix="gpsi-load-") as scratch:
        started = time.perf_counter()
        for job, files, out in _parsed_in_workers(jobs, raw_dir, loaded_at, Path(scratch)):
            staged.append(job.table)
            _stage_parsed(con, job.table, out)
            out.unlink()
            staged_table(job, files, time.perf_counter() - started)
            started = time.perf_counter()
    return reports, plans


def _record_source(con, source: Source, loaded_at) -> None:
    con.execute("delete from raw._sources where source_id = ?", [source.source_id])
    con.execute(
        "insert into raw._sources values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            source.source_id,
            source.folder,
            source.name,
            source.publisher,
            source.publisher_url,
            source.licence,
            source.dimension,
            json.dumps(source.live_urls, sort_keys=True) if source.live_urls else None,
            source.manual_reason or None,
            loaded_at,
        ],
    )


def _swap_table(con, table: str, files: list[StreamedFile], loaded_at, accepted: bool) -> None:
    """Replace raw.<table> by its staged copy and rewrite its manifest rows."""
    con.execute(f"drop table if exists {ident('raw', table)}")
    con.execute(f"alter table {ident('raw', table + '__loading')} rename to {ident(table)}")
    con.execute("delete from raw._files where table_name = ?", [table])
    con.execute("delete from raw._columns where table_name = ?", [table])
    for streamed in files:
        con.execute(
            "insert into raw._files values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                streamed.source_id,
                table,
                streamed.relpath,
                streamed.sha256,
                streamed.size_bytes,
                streamed.row_count,
                streamed.spec.sheet,
                streamed.spec.header_line,
                json.dumps(streamed.preamble) if streamed.preamble else None,
                streamed.spec.quirk or None,
                LOADER_VERSION,
                loaded_at,
                accepted,
            ],
        )
    first = files[0]
    con.executemany(
        "insert into raw._columns values (?, ?, ?, ?)",
        [
            [table, i + 1, c, o]
            for i, (c, o) in enumerate(zip(first.columns, first.original_columns, strict=True))
        ],
    )


def _sweep_debris(con) -> None:
    """Staging tables a crashed load left behind (raw.<table>__loading) are dropped
    before anything else, so they can never be read or published."""
    debris = con.execute(
        "select table_name from information_schema.tables "
        "where table_schema = 'raw' and table_name like '%\\_\\_loading' escape '\\'"
    ).fetchall()
    for (table,) in debris:
        con.execute(f"drop table {ident('raw', table)}")
        log.warning(f"  load: dropped raw.{table}, left by an interrupted load")


def _log_reports(reports: list[SourceReport], write_seconds: float) -> None:
    for report in reports:
        state = (
            f"{len(report.tables_loaded)} table(s) landed, {report.rows:,} rows"
            if report.tables_loaded
            else "unchanged, skipped by sha256"
        )
        log.info(
            f"  load {report.source_id:<16} {report.files} file(s): {state} "
            f"({report.seconds:.2f} s read)"
        )
    log.info(
        f"  load committed {sum(len(r.tables_loaded) for r in reports)} table(s) "
        f"in {write_seconds:.2f} s"
    )


META_TABLES = ("_sources", "_files", "_columns", "_editions", "_edition_gpsi", "_edition_values")


def _drop_withdrawn_tables(con) -> None:
    """Raw tables that no source declares any more (a file now ignored, a source
    removed) go, with their manifest rows: they would otherwise stay in the build and
    its fingerprint although nothing lands them again."""
    declared = declared_tables().keys()
    landed = {r[0] for r in con.execute("select distinct table_name from raw._files").fetchall()}
    for table in sorted(landed - declared):
        con.execute(f"drop table if exists {ident('raw', table)}")
        con.execute("delete from raw._files where table_name = ?", [table])
        con.execute("delete from raw._columns where table_name = ?", [table])
        log.warning(f"  load: dropped raw.{table}: no source declares it any more")


def write_parquet(con, out_dir: Path) -> int:
    """The Parquet writer: every raw table the registry declares, and the loader's
    manifest tables, as <out_dir>/<table>/part-0.parquet (what Spark reads as its raw
    schema). Written into a new folder beside out_dir, which then replaces out_dir by
    renames: a reader sees the previous set of files or the new one, never a mix."""
    started = time.perf_counter()
    out_dir = Path(out_dir).resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tables = [*META_TABLES, *sorted(declared_tables())]
    new = out_dir.with_name(f".{out_dir.name}.{uuid.uuid4().hex[:8]}.new")
    try:
        for table in tables:
            if not _table_exists(con, table):
                continue  # a source never landed (a partial `gpsi load --source`)
            (new / table).mkdir(parents=True)
            target = (new / table / "part-0.parquet").as_posix()
            con.execute(f"copy {ident('raw', table)} to ? (format parquet)", [target])
        swap_dir(new, out_dir)
    finally:
        shutil.rmtree(new, ignore_errors=True)
    log.info(
        f"  load wrote {len(tables)} raw tables as Parquet to {out_dir} "
        f"in {time.perf_counter() - started:.2f} s"
    )
    return len(tables)


def _swap_all(con, selected: list[Source], plans: list[Plan], loaded_at, every_source: bool):
    """In one transaction: the sources' rows of the manifest, every staged table swapped
    in, and (when every source was loaded) the tables no source declares dropped."""
    con.execute("begin transaction")
    try:
        for source in selected:
            _record_source(con, source, loaded_at)
        for _source, table, files, accepted in plans:
            _swap_table(con, table, files, loaded_at, accepted)
        if every_source:
            _drop_withdrawn_tables(con)
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise


def _check_raw_dir(raw_dir: Path, selected: list[Source]) -> None:
    """The raw directory exists and holds the selected sources' folders (every missing
    folder named at once, not the first of 22)."""
    if not raw_dir.is_dir():
        raise LoadError(
            "*",
            str(raw_dir),
            "",
            "raw directory not found: set --raw-dir or "
            "GPSI_RAW_DIR to the folder that holds one sub-folder per source",
        )
    missing = [s for s in selected if not (raw_dir / s.folder).is_dir()]
    if len(missing) > 1:
        raise LoadError(
            "*",
            str(raw_dir),
            "",
            f"{len(missing)} of {len(selected)} source folders missing: "
            + ", ".join(f"{s.folder}/" for s in missing)
            + " (is this the raw directory? it holds one sub-folder per source)",
        )


def land(
    raw_dir: Path,
    db_path: Path,
    source_ids: Iterable[str] | None = None,
    force: bool = False,
    accept_shrink: bool = False,
    parquet_dir: Path | None = None,
    parallel_min_bytes: int = PARALLEL_MIN_BYTES,
) -> list[SourceReport]:
    """Check every selected file, then land the changed ones in one transaction; with
    `parquet_dir`, also write the raw tables as Parquet files there (write_parquet).
    When the changed files hold at least `parallel_min_bytes`, worker processes (one
    per core) parse them while this process stages what they parsed."""
    raw_dir = Path(raw_dir).resolve()
    selected = _select(source_ids)
    _check_raw_dir(raw_dir, selected)
    db_path = Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(db_path))
    staged: list[str] = []

    def drop_staged() -> None:
        for table in staged:
            con.execute(f"drop table if exists {ident('raw', table + '__loading')}")

    try:
        for ddl in META_DDL:
            con.execute(ddl)
        _sweep_debris(con)
        loaded_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        try:  # phase 1: check and stage everything
            reports, plans = _stage_all(
                con,
                selected,
                raw_dir,
                force,
                loaded_at,
                staged,
                accept_shrink,
                parallel_min_bytes,
            )
        except BaseException:
            drop_staged()
            raise
        # Phase 2: swap every staged table in, and record the manifest, in one
        # transaction: readers see all the new raw tables or none.
        write_started = time.perf_counter()
        try:
            _swap_all(con, selected, plans, loaded_at, every_source=source_ids is None)
        except BaseException:
            drop_staged()
            raise
        _log_reports(reports, time.perf_counter() - write_started)
        if parquet_dir is not None:
            write_parquet(con, Path(parquet_dir))
        return reports
    finally:
        con.close()


def unexpected_files(raw_dir: Path) -> list[str]:
    """Files under the raw directory that no FileSpec claims and no source ignores."""
    raw_dir = Path(raw_dir)
    claimed: set[Path] = set()
    for source in sources():
        folder = raw_dir / source.folder
        patterns = [spec.pattern for spec in source.files]
        patterns += [pattern for pattern, _reason in source.ignored]
        for pattern in patterns:
            claimed.update(folder.glob(pattern))
    # .previous/ holds the files `gpsi fetch` replaced; dot-folders are never loaded.
    found = [
        p
        for p in raw_dir.rglob("*")
        if p.is_file()
        and p.name != "FETCHED.sha256"
        and not any(part.startswith(".") for part in p.relative_to(raw_dir).parent.parts)
    ]
    return sorted(p.relative_to(raw_dir).as_posix() for p in found if p not in claimed)
