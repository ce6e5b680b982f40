"""Download fresh copies of the sources that have a live URL into the raw directory.

A download is streamed to a temporary file beside its destination, under a size cap and
a total deadline; a zip archive (the World Bank bulk downloads) is checked member by
member (no absolute or ``..`` paths, size caps on each member and on the total, read
with a counting cap because a zip header can lie) and only the member matching the file
name is kept. The result must then pass the loader's own checks (header, every row,
and no drop in rows beyond the source's tolerance against the file it replaces) before
it replaces anything; on any failure the previous file stays and nothing else is
written. A new World Bank version suffix replaces the old file of the same pattern: the
old one is moved to ``<folder>/.previous/`` once the new one is in place. Each written
file's sha256 is appended to ``<raw_dir>/FETCHED.sha256`` (``sha256  path  url  time``).
HTTP (retries with backoff on 429/5xx, timeouts) is the `requests` library's.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import logging
import os
import shutil
import time
import urllib.parse
import zipfile
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from .readers import MAX_MEMBER_BYTES, LoadError, open_file, sha256_of
from .registry import FileSpec, Source, sources

log = logging.getLogger(__name__)

MAX_DOWNLOAD_BYTES = 512 << 20  # a larger body is refused while it streams
MAX_ARCHIVE_TOTAL_BYTES = 1 << 30  # the sum of the members an archive declares
CHUNK_BYTES = 1 << 16


def _mirror(url: str, mirror: str | None) -> str:
    """Point a URL at a mirror: same path and query, other scheme and host."""
    if not mirror:
        return url
    parts = urllib.parse.urlsplit(url)
    base = urllib.parse.urlsplit(mirror)
    return urllib.parse.urlunsplit(
        (base.scheme, base.netloc, base.path.rstrip("/") + parts.path, parts.query, "")
    )


def _session():
    import requests
    from requests.adapters import HTTPAdapter
    from urllib3.util.retry import Retry

    session = requests.Session()
    retry = Retry(
        total=3,
        backoff_factor=1.0,
        status_forcelist=(429, 500, 502, 503, 504),
        raise_on_status=False,  # the last response's status is reported as such
    )
    session.mount("http://", HTTPAdapter(max_retries=retry))
    session.mount("https://", HTTPAdapter(max_retries=retry))
    session.headers["User-Agent"] = "gpsi-fetch/0.2"
    return session


class _Failed(Exception):
    """A download or its checks failed; the message says why."""


def _download(session, url: str, dest: Path, timeout: float) -> None:
    """Stream `url` into `dest`; at most `timeout` seconds in all (not per read), at most
    MAX_DOWNLOAD_BYTES, and exactly Content-Length bytes when the server declares it."""
    import requests
    from urllib3.exceptions import ProtocolError

    deadline = time.monotonic() + timeout
    try:
        with session.get(url, stream=True, timeout=(min(timeout, 10), min(timeout, 30))) as resp:
            if resp.status_code != 200:
                raise _Failed(f"HTTP {resp.status_code} {resp.reason}")
            declared = resp.headers.get("Content-Length")
            received = 0
            with dest.open("wb") as fh:
                # read1: whatever has arrived (at most CHUNK_BYTES), so the deadline is
                # checked between reads even when a server trickles one byte at a time.
                while chunk := resp.raw.read1(CHUNK_BYTES, decode_content=True):
                    received += len(chunk)
                    if received > MAX_DOWNLOAD_BYTES:
                        raise _Failed(f"body larger than {MAX_DOWNLOAD_BYTES:,} bytes")
                    if time.monotonic() > deadline:
                        raise _Failed(f"not complete within the {timeout:g} s deadline")
                    fh.write(chunk)
            if declared is not None and received != int(declared):
                raise _Failed(f"body cut short: {received:,} of {int(declared):,} bytes")
    except (requests.exceptions.ChunkedEncodingError, ProtocolError) as exc:
        raise _Failed(f"body cut short ({exc})") from None
    except requests.RequestException as exc:
        raise _Failed(f"download failed ({type(exc).__name__}: {exc})") from None


def _unzip_member(archive_path: Path, pattern: str, dest_dir: Path) -> tuple[str, Path]:
    """The one member matching `pattern`, checked and extracted to a temporary file."""
    try:
        archive = zipfile.ZipFile(archive_path)
    except zipfile.BadZipFile as exc:
        raise _Failed(f"not a valid zip archive ({exc})") from None
    with archive:
        infos = archive.infolist()
        for info in infos:
            name = PurePosixPath(info.filename.replace("\\", "/"))
            if name.is_absolute() or ".." in name.parts or ":" in info.filename:
                raise _Failed(f"unsafe member path {info.filename!r} in the archive: refused")
        total = sum(i.file_size for i in infos)
        if total > MAX_ARCHIVE_TOTAL_BYTES:
            raise _Failed(f"archive unpacks to {total:,} bytes (cap {MAX_ARCHIVE_TOTAL_BYTES:,})")
        members = [i for i in infos if fnmatch.fnmatch(i.filename, pattern)]
        if len(members) != 1:
            raise _Failed(
                f"expected one member matching {pattern}, found {[i.filename for i in infos]}"
            )
        info = members[0]
        if "/" in info.filename:
            raise _Failed(f"member {info.filename!r} is in a sub-folder: refused")
        if info.file_size > MAX_MEMBER_BYTES:
            raise _Failed(f"member unpacks to {info.file_size:,} bytes (cap {MAX_MEMBER_BYTES:,})")
        out = dest_dir / f".{info.filename}.fetch-part"
        written = 0
        with archive.open(info) as src, out.open("wb") as fh:
            while chunk := src.read(CHUNK_BYTES):
                written += len(chunk)
                if written > MAX_MEMBER_BYTES:  # the header lied about the size
                    raise _Failed(f"member unpacks to more than {MAX_MEMBER_BYTES:,} bytes")
                fh.write(chunk)
        return info.filename, out


def _spec_for(source: Source, name: str) -> FileSpec:
    for spec in source.files:
        if spec.pattern == name or fnmatch.fnmatch(name, spec.pattern):
            return spec
    raise LoadError(source.source_id, name, "", "no file specification matches this live URL")


def _rows(source: Source, spec: FileSpec, path: Path, raw_dir: Path) -> int:
    """Run the loader's checks over every row of `path`; its row count."""
    streamed = open_file(source, spec, path, raw_dir)
    return sum(len(numbers) for _columns, numbers in streamed.chunks)


def _check(source: Source, spec: FileSpec, candidate: Path, current: list[Path], raw_dir: Path):
    """The candidate passes the loader's checks and keeps at least (1 - the source's
    tolerance) of the rows of the file it replaces."""
    try:
        rows = _rows(source, spec, candidate, raw_dir)
    except LoadError as exc:
        raise _Failed(f"the download fails the loader's checks: {exc.expected}") from None
    for old in current:
        try:
            before = _rows(source, spec, old, raw_dir)
        except LoadError:
            continue  # the file it replaces was itself broken
        if rows < before * (1 - spec.max_row_drop_share):
            raise _Failed(
                f"the download has {rows:,} rows, the file it replaces {before:,} (more than "
                f"{spec.max_row_drop_share:.0%} fewer): a truncated or partial download?"
            )
    return rows


def fetch(
    raw_dir: Path,
    source_ids: Iterable[str] | None = None,
    mirror: str | None = None,
    timeout: float = 60.0,
) -> list[Path]:
    raw_dir = Path(raw_dir).resolve()
    wanted = set(source_ids or [])
    selected: list[Source] = [s for s in sources() if not wanted or s.source_id in wanted]
    written: list[Path] = []
    session = _session()
    for source in selected:
        if not source.live_urls:
            log.info(f"  fetch {source.source_id:<16} manual: {source.manual_reason}")
            continue
        folder = raw_dir / source.folder
        if folder.is_symlink() or not folder.resolve().is_relative_to(raw_dir):
            raise LoadError(source.source_id, source.folder, "", "folder outside the raw folder")
        folder.mkdir(parents=True, exist_ok=True)
        for name, url in source.live_urls.items():
            written.append(
                _fetch_one(session, source, name, _mirror(url, mirror), raw_dir, timeout)
            )
    return written


def _fetch_one(session, source: Source, name: str, url: str, raw_dir: Path, timeout: float):
    """Download, unpack, check, then swap one file in; a LoadError leaves the folder as
    it was (the work happens in <folder>/.fetch/, removed at the end either way)."""
    folder = raw_dir / source.folder
    spec = _spec_for(source, name)
    work = folder / ".fetch"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    try:
        download = work / f"{source.source_id}.download"
        _download(session, url, download, timeout)
        if zipfile.is_zipfile(download) and not name.endswith((".xlsx", ".zip")):
            target_name, candidate = _unzip_member(download, name, work)
        elif any(ch in name for ch in "*?["):
            raise _Failed("expected a zip archive for a file pattern")
        else:
            target_name, candidate = name, download
        staged = work / target_name  # the real name: readers see the real extension
        os.replace(candidate, staged)
        current = sorted(p for p in folder.glob(spec.pattern) if p.is_file())
        rows = _check(source, spec, staged, current, raw_dir)
        dest = folder / target_name
        os.replace(staged, dest)
    except _Failed as exc:
        raise LoadError(
            source.source_id, name, url, f"{exc}; the previous file is kept, nothing was written"
        ) from None
    finally:
        shutil.rmtree(work, ignore_errors=True)
    replaced = [p for p in current if p != dest]
    if replaced:  # a new version suffix of the same pattern: the old one leaves
        previous = folder / ".previous"
        previous.mkdir(exist_ok=True)
        for old in replaced:
            os.replace(old, previous / old.name)
            log.info(f"  fetch {source.source_id:<16} {old.name} replaced, kept in .previous/")
    digest = sha256_of(dest)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    rel = dest.relative_to(raw_dir).as_posix()
    with (raw_dir / "FETCHED.sha256").open("a", encoding="utf-8") as fh:
        fh.write(f"{digest}  {rel}  {url}  {stamp}\n")
    log.info(
        f"  fetch {source.source_id:<16} {rel}: {dest.stat().st_size:,} bytes, "
        f"{rows:,} rows checked, sha256 {digest[:12]}"
    )
    return dest
