"""The source registry: every raw file the warehouse lands, and what it must look like.

One ``Source`` per folder of the raw directory (see ``SOURCES.md`` in the shared data
folder), read from the source's dbt YAML (``models/staging/<folder>/_<id>__sources.yml``):
the source's ``meta`` and each raw table's ``meta.file``. Each ``FileSpec`` names the
file(s), the raw table they land in, and the expectations the loader checks before
anything is written: encoding, header line, exact header, numeric columns. Adding a
source means writing that YAML, a staging model, and (if it feeds the index) seed rows:
nothing else.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .paths import project_dir

# Bump when the landing logic changes in a way that changes raw rows, so that
# unchanged files are re-landed once instead of being skipped by their hash.
LOADER_VERSION = "1"


@dataclass(frozen=True)
class FileSpec:
    """One file (or a family of same-shaped files) landing in one raw table."""

    pattern: str
    table: str
    kind: str = "csv"  # csv | xlsx
    encoding: str = "utf-8-sig"
    header_line: int = 1  # 1-based line (csv) or row (xlsx) of the header
    sheet: str | None = None
    # Exact expected header (original names, in order). None: use ``header_prefix``
    # followed by four-digit year columns (WDI wide format).
    columns: tuple[str, ...] | None = None
    header_prefix: tuple[str, ...] = ()
    rest_pattern: str = r"^[0-9]{4}$"  # with header_prefix: what every further name must match
    trailing_blank_column: bool = False  # header ends with an empty name (WDI, ITU)
    numeric: tuple[str, ...] = ()  # original column names that must hold numbers
    thousands_separator: str | None = None  # accepted inside numeric values
    na_tokens: frozenset[str] = frozenset()  # set from vars.na_tokens by load_sources
    # Positional data layout when the header lies about it (a spurious duplicate).
    data_columns: tuple[str, ...] | None = None
    many: bool = False  # pattern may match several files with the same header
    min_files: int = 1  # with many: the files the source always publishes (fewer = missing)
    # A landing with fewer rows than the previous one by more than this share is refused
    # unless the user accepts it (gpsi load --accept-shrink, recorded in raw._files).
    max_row_drop_share: float = 0.1
    allow_extra_cells: bool = False  # xlsx: stray cells right of the header are kept
    quirk: str = ""  # documented quirk handled by the loader, recorded in the manifest
    # The file is a zip archive as published: land this member of it (the archive's
    # sha256 is recorded; the member is read in memory, capped at MAX_MEMBER_BYTES).
    member: str | None = None
    # Land the columns under these names, by position, whatever the header says (for a
    # header that drifts between vintages); the published names stay in raw._columns.
    landed_names: tuple[str, ...] | None = None
    # For the synthetic generator (scripts/gpsi_dev/synth.py): which columns hold the
    # entity code and name and the values it scales (names, "#n" for the n-th column,
    # "#years" for every year column).
    synth: dict | None = None


@dataclass(frozen=True)
class Source:
    source_id: str
    folder: str
    name: str
    publisher: str
    publisher_url: str
    licence: str
    dimension: str
    files: tuple[FileSpec, ...]
    # file name inside the folder -> live URL; a URL ending in .zip is unpacked.
    live_urls: dict[str, str] = field(default_factory=dict)
    manual_reason: str = ""  # non-empty: cannot be fetched, must be supplied by hand
    # Files of the folder deliberately not landed: (glob pattern, reason).
    ignored: tuple[tuple[str, str], ...] = ()


def _na_tokens(project: Path) -> frozenset[str]:
    """The one list of missing-value tokens, `vars.na_tokens` in dbt_project.yml (the
    to_number macro reads the same list)."""
    config = yaml.safe_load((project / "dbt_project.yml").read_text(encoding="utf-8"))
    return frozenset(config["vars"]["na_tokens"])


_TUPLES = ("columns", "header_prefix", "numeric", "data_columns", "landed_names")


def _file_spec(table: str, spec: dict, na_tokens: frozenset[str]) -> FileSpec:
    values: dict[str, Any] = {
        k: tuple(v) if k in _TUPLES and v is not None else v for k, v in spec.items()
    }
    values["na_tokens"] = frozenset(values.get("na_tokens", na_tokens))
    return FileSpec(table=table, **values)


def load_sources(project: Path | None = None) -> tuple[Source, ...]:
    """Every source from its dbt source YAML (models/staging/<folder>/_<id>__sources.yml):
    the source's `meta` (publisher, licence, folder, URLs, ignored files) and each raw
    table's `meta.file` (the file's pattern, encoding, header...). These YAML files are
    the one place a source is specified: dbt, the loader, fetch and synth read them."""
    project = project or project_dir()
    na_tokens = _na_tokens(project)
    sources = []
    for path in sorted((project / "models" / "staging").glob("*/_*__sources.yml")):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8"))["sources"]:
            meta = entry.get("meta") or {}
            files = tuple(
                _file_spec(
                    table["name"],
                    {**table["meta"]["file"], "synth": table["meta"].get("synth")},
                    na_tokens,
                )
                for table in entry["tables"]
                if "file" in (table.get("meta") or {})
            )
            if not files:
                continue  # e.g. the loader's own manifest: nothing to land
            sources.append(
                Source(
                    source_id=entry["name"],
                    folder=meta["folder"],
                    name=meta["name"],
                    publisher=meta["publisher"],
                    publisher_url=meta["publisher_url"],
                    licence=meta["licence"],
                    dimension=meta["dimension"],
                    files=files,
                    live_urls=dict(meta.get("live_urls") or {}),
                    manual_reason=meta.get("manual_reason", ""),
                    ignored=tuple((i["pattern"], i["reason"]) for i in meta.get("ignored", ())),
                )
            )
    return tuple(sources)


@functools.cache
def sources() -> tuple[Source, ...]:
    """The project's sources, read from its YAML on first use."""
    return load_sources()


def declared_tables() -> dict[str, str]:
    """Every raw table the sources declare, with the id of the source that lands it."""
    return {spec.table: s.source_id for s in sources() for spec in s.files}


def source_by_id(source_id: str) -> Source:
    for source in sources():
        if source.source_id == source_id:
            return source
    known = ", ".join(s.source_id for s in sources())
    raise KeyError(f"unknown source '{source_id}' (known: {known})")
