"""Download fresh copies of the sources that have a live URL into the raw directory.

Each download is written to a temporary file and renamed into place, so a failed
download never leaves a partial file. Its sha256 is appended to
``<raw_dir>/FETCHED.sha256`` (``sha256  relative/path  url  UTC time``). A URL that
serves a zip (the World Bank bulk downloads) is unpacked: the member matching the
file pattern is kept. Sources without a stable URL are named with the reason.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import hashlib
import io
import logging
import os
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Iterable
from pathlib import Path

from .readers import LoadError
from .registry import SOURCES, Source

log = logging.getLogger(__name__)


def _mirror(url: str, mirror: str | None) -> str:
    """Point a URL at a mirror: same path and query, other scheme and host."""
    if not mirror:
        return url
    parts = urllib.parse.urlsplit(url)
    base = urllib.parse.urlsplit(mirror)
    return urllib.parse.urlunsplit(
        (base.scheme, base.netloc, base.path.rstrip("/") + parts.path, parts.query, "")
    )


def _download(url: str, timeout: float) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": "gpsi-fetch/0.1"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.read()


def _write_atomic(dest: Path, data: bytes) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.part")
    tmp.write_bytes(data)
    os.replace(tmp, dest)


def fetch(
    raw_dir: Path,
    source_ids: Iterable[str] | None = None,
    mirror: str | None = None,
    timeout: float = 60.0,
) -> list[Path]:
    raw_dir = Path(raw_dir)
    wanted = set(source_ids or [])
    selected: list[Source] = [s for s in SOURCES if not wanted or s.source_id in wanted]
    written: list[Path] = []
    for source in selected:
        if not source.live_urls:
            log.info(f"  fetch {source.source_id:<16} manual: {source.manual_reason}")
            continue
        for name, url in source.live_urls.items():
            real_url = _mirror(url, mirror)
            try:
                payload = _download(real_url, timeout)
            except Exception as exc:
                raise LoadError(
                    source.source_id,
                    name,
                    real_url,
                    f"download failed ({exc}); nothing was written",
                ) from None
            if payload[:2] == b"PK" and not name.endswith(".xlsx"):
                with zipfile.ZipFile(io.BytesIO(payload)) as archive:
                    members = [m for m in archive.namelist() if fnmatch.fnmatch(m, name)]
                    if len(members) != 1:
                        raise LoadError(
                            source.source_id,
                            name,
                            real_url,
                            f"expected one zip member matching {name}, found {archive.namelist()}",
                        )
                    target_name, payload = members[0], archive.read(members[0])
            elif any(ch in name for ch in "*?["):
                raise LoadError(
                    source.source_id, name, real_url, "expected a zip archive for a file pattern"
                )
            else:
                target_name = name
            dest = raw_dir / source.folder / target_name
            digest = hashlib.sha256(payload).hexdigest()
            _write_atomic(dest, payload)
            stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            rel = dest.relative_to(raw_dir).as_posix()
            with (raw_dir / "FETCHED.sha256").open("a", encoding="utf-8") as fh:
                fh.write(f"{digest}  {rel}  {real_url}  {stamp}\n")
            log.info(
                f"  fetch {source.source_id:<16} {rel}: {len(payload):,} bytes sha256 {digest[:12]}"
            )
            written.append(dest)
    return written
