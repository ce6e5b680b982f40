"""Read one raw file and check it against its ``FileSpec``.

Nothing here writes: a file's header is checked when it is opened and its rows as they
stream (``StreamedFile``); anything unexpected raises ``LoadError`` naming the source,
the file, the place and what was expected.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import math
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import pyarrow as pa
import pyarrow.compute as pc

from .registry import FileSpec, Source

# One number grammar for every loader: ASCII digits only (Python's \d also accepts
# Arabic-Indic and other digits no publisher writes), a sign, a decimal point, an
# exponent; the value must also be finite as a double (1e999 is refused).
_NUMBER = re.compile(r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$")
# The same number with ASCII digits and no blanks around it, for pyarrow (RE2): a value
# it matches passes _NUMBER too, so a column it matches throughout needs no row loop.
_PLAIN_NUMBER = r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]{1,2})?$"
# With at most 200 characters and a two-digit exponent a plain number is finite as a
# double (below 1e300), so the bulk check needs no conversion; others are walked.
_PLAIN_MAX_LENGTH = 200


_ENCODING_LABELS = {"utf-8-sig": "UTF-8", "utf-8": "UTF-8", "cp1252": "Windows-1252 (cp1252)"}


class LoadError(Exception):
    """A raw file does not match what its source promises."""

    def __init__(self, source_id: str, file: str, where: str, expected: str):
        self.source_id = source_id
        self.file = file
        self.where = where
        self.expected = expected
        place = f", {where}" if where else ""
        super().__init__(f"[{source_id}] {file}{place}: {expected}")

    def __reduce__(self):  # rebuilt from its four parts when a worker process raises it
        return (type(self), (self.source_id, self.file, self.where, self.expected))


def sanitise_columns(names: list[str]) -> list[str]:
    """Lower snake_case, unique, SQL-safe column names; positions fill blanks."""
    out: list[str] = []
    used: set[str] = set()
    for position, name in enumerate(names, start=1):
        base = re.sub(r"[^0-9a-z]+", "_", name.strip().lower()).strip("_")
        if not base:
            base = f"col_{position}"
        elif base[0].isdigit():
            base = f"y{base}" if re.fullmatch(r"[0-9]{4}", base) else f"c_{base}"
        candidate, k = base, 2
        while candidate in used:
            candidate, k = f"{base}_{k}", k + 1
        used.add(candidate)
        out.append(candidate)
    return out


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _cell_text(value: object) -> str | None:
    """Spreadsheet cell to the text a person sees, without float noise."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value)


def check_header(source: Source, spec: FileSpec, relpath: str, header: list[str], where: str):
    """Raise LoadError on a renamed, missing, extra or duplicated column."""
    sid = source.source_id
    if spec.columns is not None:
        expected = list(spec.columns)
        got = list(header)
        if spec.allow_extra_cells:
            got = got[: len(expected)] + [h for h in got[len(expected) :] if h.strip()]
        if got != expected:
            missing = [c for c in expected if c not in got]
            extra = [c for c in got if c not in expected]
            dupes = sorted({c for c in got if got.count(c) > expected.count(c)})
            detail = []
            if missing:
                detail.append(f"missing {missing}")
            if extra:
                detail.append(f"unexpected {extra}")
            if dupes:
                detail.append(f"duplicated {dupes}")
            if not detail:
                detail.append("columns out of order")
            raise LoadError(
                sid,
                relpath,
                where,
                f"header drift ({'; '.join(detail)}): expected columns {expected}, found {got}",
            )
        return
    prefix = list(spec.header_prefix)
    rest = header[len(prefix) :]
    if spec.trailing_blank_column and rest and rest[-1] == "":
        rest = rest[:-1]
    if header[: len(prefix)] != prefix:
        raise LoadError(
            sid,
            relpath,
            where,
            f"header drift: expected the header to start with {prefix}, "
            f"found {header[: len(prefix)]}",
        )
    bad = [h for h in rest if not re.match(spec.rest_pattern, h, re.ASCII)]
    if bad or not rest:
        raise LoadError(
            sid,
            relpath,
            where,
            f"header drift: after {prefix} every column must match "
            f"{spec.rest_pattern!r}; found {bad[:5] or 'no such column'}",
        )
    if len(set(rest)) != len(rest):
        dupes = sorted({h for h in rest if rest.count(h) > 1})
        raise LoadError(sid, relpath, where, f"header drift: duplicated columns {dupes}")


def _plainly_numeric(column: pa.Array, spec: FileSpec) -> bool:
    """True when every value of the column is blank, a plain number or an NA token as
    written (no surrounding blanks): the values that certainly pass the row check."""
    ok = pc.and_kleene(
        pc.match_substring_regex(column, _PLAIN_NUMBER),
        pc.less_equal(pc.utf8_length(column), _PLAIN_MAX_LENGTH),
    )
    tokens = [t for t in spec.na_tokens if t and t == t.strip()]
    if tokens:
        ok = pc.or_kleene(ok, pc.is_in(column, value_set=pa.array(tokens, pa.string())))
    return pc.all(pc.fill_null(ok, True)).as_py()


def _check_numeric(source, spec, relpath, header, columns, row_numbers, unit):
    """Raise LoadError at the first value of a numeric column that is not a number, an
    NA token or blank. Columns are checked in bulk; one that is not plainly numeric
    (blanks around values, thousands separators, a bad value) is walked row by row."""
    for name in spec.numeric:
        if name not in header:
            continue
        column = columns[header.index(name)]
        if _plainly_numeric(column, spec):
            continue
        for value, line in zip(column.to_pylist(), row_numbers, strict=True):
            if value is None:
                continue
            text = value.strip()
            if text in spec.na_tokens:
                continue
            if spec.thousands_separator:
                text = text.replace(spec.thousands_separator, "")
            if not _NUMBER.match(text) or not math.isfinite(float(text)):
                raise LoadError(
                    source.source_id,
                    relpath,
                    f"{unit} {line}, column '{name}'",
                    f"expected a number (or one of {sorted(t for t in spec.na_tokens if t)} "
                    f"or blank), found {value!r}",
                )


def _blank_as_null(array: pa.Array) -> pa.Array:
    """Empty text as null (a blank cell)."""
    return pc.if_else(pc.equal(array, ""), pa.scalar(None, pa.string()), array)


def _columns(rows: list, keep: list[int]) -> list[pa.Array]:
    """Rows of text cells as one pyarrow string column per kept position, empty text as
    null (a blank cell)."""
    transposed = list(zip(*rows, strict=True)) if rows else []
    return [
        _blank_as_null(pa.array(transposed[position] if transposed else [], type=pa.string()))
        for position in keep
    ]


CHUNK_ROWS = 50_000


@dataclass
class FileScan:
    """What one streaming pass over the bytes tells: checksum, size, line ending."""

    sha256: str
    size_bytes: int
    lines: int
    ends_with_newline: bool
    blank: bool
    control: bool  # a control byte somewhere: the rows are checked one by one for it


MAX_MEMBER_BYTES = 256 << 20  # a zip member larger than this is refused, not unpacked


# Encodings whose decoded text the scan can search for the characters _CONTROL refuses.
_ASCII_COMPATIBLE = frozenset({"utf-8", "utf-8-sig", "cp1252"})


def _blocks(path: Path):
    with path.open("rb") as fh:
        yield from iter(lambda: fh.read(1 << 20), b"")


def read_member(source: Source, spec: FileSpec, path: Path, relpath: str) -> bytes:
    """The bytes of ``spec.member`` inside the zip archive at ``path``, size-capped."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            if spec.member not in names:
                raise LoadError(
                    source.source_id,
                    relpath,
                    f"member '{spec.member}'",
                    f"member not found in the archive: expected '{spec.member}', found {names}",
                )
            info = archive.getinfo(spec.member)
            if info.file_size > MAX_MEMBER_BYTES:
                raise LoadError(
                    source.source_id,
                    relpath,
                    f"member '{spec.member}'",
                    f"member unpacks to {info.file_size:,} bytes: expected at most "
                    f"{MAX_MEMBER_BYTES:,}",
                )
            return archive.read(spec.member)
    except (zipfile.BadZipFile, EOFError) as exc:
        raise LoadError(
            source.source_id, relpath, "", f"not a readable zip archive ({exc}): truncated?"
        ) from None


def _looks_like_utf8(path: Path, data: bytes | None) -> bool:
    """True when the bytes decode as UTF-8 and hold multi-byte characters: a file that
    claims a single-byte encoding but was saved as UTF-8 (it would load as mojibake)."""
    raw = data if data is not None else path.read_bytes()
    if raw.isascii():
        return False
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def scan_bytes(
    source: Source, spec: FileSpec, path: Path, relpath: str, data: bytes | None = None
) -> FileScan:
    """Hash the file and check its encoding in one pass, in bounded memory.

    With ``data`` (a zip member), the encoding and shape are those of ``data`` and the
    checksum is that of the archive at ``path``, the file as published."""
    import codecs

    decoder = codecs.getincrementaldecoder(spec.encoding)("strict")
    digest = hashlib.sha256()
    size = lines = 0
    last = b""
    blank = True
    control = spec.encoding not in _ASCII_COMPATIBLE
    for block in _blocks(path) if data is None else [data]:
        try:
            text = decoder.decode(block)
        except UnicodeDecodeError as exc:
            line = lines + block[: exc.start].count(b"\n") + 1
            column = exc.start - (block.rfind(b"\n", 0, exc.start) + 1) + 1
            label = _ENCODING_LABELS.get(spec.encoding, spec.encoding)
            raise LoadError(
                source.source_id,
                relpath,
                f"line {line}, byte {column} of the line",
                f"byte 0x{block[exc.start]:02x} is not valid {label} text: expected the "
                f"source's {label} encoding (was the file re-saved in another encoding?)",
            ) from None
        if data is None:
            digest.update(block)
        size += len(block)
        lines += block.count(b"\n")
        blank = blank and not block.strip()
        control = control or _CONTROL.search(text) is not None
        last = block[-1:]
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise LoadError(
            source.source_id,
            relpath,
            f"line {lines + 1}",
            "the file ends inside a multi-byte character: it looks truncated",
        ) from None
    if spec.encoding == "cp1252" and _looks_like_utf8(path, data):
        raise LoadError(
            source.source_id,
            relpath,
            "",
            "the file is valid UTF-8 with non-ASCII characters, but this source publishes "
            "Windows-1252 (cp1252): encoding drift (was it re-saved as UTF-8?); fix the file "
            "or the source's encoding in its specification",
        )
    checksum = digest.hexdigest() if data is None else sha256_of(path)
    return FileScan(checksum, path.stat().st_size, lines, last in (b"\n", b"\r"), blank, control)


@dataclass
class StreamedFile:
    """A checked header and a generator of checked chunks, for one raw file: each chunk
    is one pyarrow string column per landed column (blank cells null) and the 1-based
    line (csv) or row (xlsx) of each of its rows."""

    source_id: str
    spec: FileSpec
    path: Path
    relpath: str
    sha256: str
    size_bytes: int
    original_columns: list[str]
    columns: list[str]
    preamble: list[str]
    chunks: Iterator[tuple[list[pa.Array], list[int]]]
    row_count: int = 0


def _records(reader, sid: str, relpath: str):
    """(line number, fields) per CSV record; malformed CSV is a LoadError."""
    try:
        for record in reader:
            yield reader.line_num, record
    except csv.Error as exc:
        raise LoadError(
            sid,
            relpath,
            f"line {reader.line_num}",
            f"malformed CSV ({exc}): the file looks truncated or badly quoted",
        ) from None


def _read_header(stream, spec: FileSpec, sid: str, relpath: str):
    """The lines above the header (kept verbatim), the header's line and its fields."""
    preamble: list[str] = []
    for ln, record in stream:
        if ln < spec.header_line:
            preamble.append(",".join(record))
            continue
        return preamble, ln, record
    raise LoadError(sid, relpath, f"line {spec.header_line}", "expected a header line, found none")


def _layout(spec: FileSpec, header: list[str], sid: str, relpath: str, where: str):
    """The data layout: field count, kept positions, trailing-blank rule, landed names."""
    layout = list(spec.data_columns) if spec.data_columns else header
    width = len(layout)
    drop_trailing = bool(spec.trailing_blank_column and layout and layout[-1] == "")
    keep = list(range(width - 1 if drop_trailing else width))
    original = [layout[i] for i in keep]
    if spec.landed_names is not None and len(spec.landed_names) != len(original):
        raise LoadError(
            sid,
            relpath,
            where,
            f"header drift: expected {len(spec.landed_names)} columns "
            f"(landed as {list(spec.landed_names)}), found {len(original)}: {original}",
        )
    return width, keep, drop_trailing, original


# Text carries no control or invisible format character: Unicode categories Cc (but
# tab, line feed and carriage return, which CSV quoting allows), Cf (bidirectional
# overrides, zero-width characters, soft hyphen, byte-order mark inside text), Zl and Zp
# (line and paragraph separators). Listed as ranges (Unicode 15); a test checks the list
# against unicodedata over every code point.
_INVISIBLE_RANGES = (
    (0x00, 0x08), (0x0B, 0x0C), (0x0E, 0x1F), (0x7F, 0x9F), (0xAD, 0xAD),
    (0x600, 0x605), (0x61C, 0x61C), (0x6DD, 0x6DD), (0x70F, 0x70F), (0x890, 0x891),
    (0x8E2, 0x8E2), (0x180E, 0x180E), (0x200B, 0x200F), (0x2028, 0x202E),
    (0x2060, 0x2064), (0x2066, 0x206F), (0xFEFF, 0xFEFF), (0xFFF9, 0xFFFB),
    (0x110BD, 0x110BD), (0x110CD, 0x110CD), (0x13430, 0x1343F), (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A), (0xE0001, 0xE0001), (0xE0020, 0xE007F),
)  # fmt: skip
_CONTROL = re.compile("[" + "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in _INVISIBLE_RANGES) + "]")


def _check_control_characters(record, names, sid: str, relpath: str, where: str) -> None:
    """Published text never carries control characters (NUL, escape...): a field that
    does is refused, naming the place, rather than passed on to CSV, HTML or Parquet."""
    for position, field in enumerate(record):
        match = field and _CONTROL.search(field)
        if match:
            name = names[position] if position < len(names) else f"field {position + 1}"
            raise LoadError(
                sid,
                relpath,
                f"{where}, column '{name}'",
                f"control or invisible format character U+{ord(match.group()):04X} "
                f"({unicodedata.name(match.group(), 'unnamed')}) in the text: expected "
                "printable text (was the file corrupted or tampered with?)",
            )


def _row_problem(record, ln: int, width: int, scan: FileScan, drop_trailing: bool) -> str:
    """Why a data record does not fit the header ('' when it does)."""
    if len(record) != width:
        last_line = scan.lines + (0 if scan.ends_with_newline else 1)
        if ln >= last_line and not scan.ends_with_newline and len(record) < width:
            return (
                f"file ends mid-row ({len(record)} of {width} fields and no final newline): "
                "the file looks truncated"
            )
        return f"expected {width} fields as in the header, found {len(record)}" + (
            " (truncated row?)" if len(record) < width else ""
        )
    if drop_trailing and record[-1] != "":
        return "expected the trailing unnamed column to be empty"
    return ""


def _data_records(stream, sid: str, relpath: str, width: int, drop_trailing: bool, scan, names):
    """The data records below the header as (line, record), blank lines skipped; a record
    that does not fit the header, or holds a control character, is an error at its
    line."""
    for ln, record in stream:
        if len(record) != width or (drop_trailing and record[-1]) or width == 1:
            if not record or (len(record) == 1 and record[0] == ""):
                continue  # blank line
            problem = _row_problem(record, ln, width, scan, drop_trailing)
            if problem:
                raise LoadError(sid, relpath, f"line {ln}", problem)
        if scan.control:
            _check_control_characters(record, names, sid, relpath, f"line {ln}")
        yield ln, record


def _text(path: Path, member: bytes | None, encoding: str) -> TextIO:
    """The file (or its zip member's bytes) as text, newlines left to the csv module."""
    if member is None:
        return path.open(encoding=encoding, newline="")
    return io.StringIO(member.decode(encoding), newline="")


def open_csv(
    source: Source, spec: FileSpec, path: Path, relpath: str, chunk_rows: int = CHUNK_ROWS
) -> StreamedFile:
    """Check a CSV's bytes and header now; stream its checked rows in chunks."""
    sid = source.source_id
    member = read_member(source, spec, path, relpath) if spec.member else None
    scan = scan_bytes(source, spec, path, relpath, member)
    if scan.blank:
        raise LoadError(sid, relpath, "", "file is empty: expected a header and data rows")
    fh = _text(path, member, spec.encoding)
    stream = _records(csv.reader(fh, strict=True), sid, relpath)
    try:
        preamble, header_line, header = _read_header(stream, spec, sid, relpath)
        check_header(source, spec, relpath, header, where := f"line {header_line}")
        width, keep, drop_trailing, original = _layout(spec, header, sid, relpath, where)
    except LoadError:
        fh.close()
        raise
    streamed = StreamedFile(
        source_id=sid,
        spec=spec,
        path=path,
        relpath=relpath,
        sha256=scan.sha256,
        size_bytes=scan.size_bytes,
        original_columns=original,
        columns=list(spec.landed_names or sanitise_columns(original)),
        preamble=preamble,
        chunks=iter(()),
    )

    def checked(columns: list[pa.Array], numbers: list[int]):
        _check_numeric(source, spec, relpath, original, columns, numbers, "line")
        streamed.row_count += len(numbers)
        return columns, numbers

    def chunks():
        rows: list[list[str]] = []
        numbers: list[int] = []
        try:
            for ln, record in _data_records(
                stream, sid, relpath, width, drop_trailing, scan, original
            ):
                rows.append(record)
                numbers.append(ln)
                if len(rows) >= chunk_rows:
                    yield checked(_columns(rows, keep), numbers)
                    rows, numbers = [], []
            if rows:
                yield checked(_columns(rows, keep), numbers)
            if streamed.row_count == 0:
                raise LoadError(
                    sid, relpath, "", "no data rows after the header: expected at least one"
                )
        finally:
            fh.close()

    streamed.chunks = chunks()
    return streamed


def _sheet_cells(sid: str, spec: FileSpec, relpath: str, data: bytes) -> list[list]:
    """The cells of the spec's sheet as calamine reads them, row by row from A1."""
    from python_calamine import CalamineWorkbook

    if not data:
        raise LoadError(sid, relpath, "", "file is empty: expected an .xlsx workbook")
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:  # calamine raises several private error types
        raise LoadError(
            sid, relpath, "", f"not a readable .xlsx workbook ({exc}): truncated or corrupt?"
        ) from None
    if spec.sheet not in workbook.sheet_names:
        raise LoadError(
            sid,
            relpath,
            f"sheet '{spec.sheet}'",
            f"sheet not found: expected a sheet named '{spec.sheet}', found {workbook.sheet_names}",
        )
    return workbook.get_sheet_by_name(spec.sheet).to_python(skip_empty_area=False)


def _text_row(row: list) -> list[str | None]:
    return [_cell_text(v) for v in row]


def _last_used(row: list) -> int:
    """1 + the position of the row's last non-empty cell (0 if none)."""
    for i in range(len(row) - 1, -1, -1):
        if row[i] is not None and row[i] != "":
            return i + 1
    return 0


def _sheet_chunks(sid, relpath, spec, sheet: list[list], names: list[str], chunk_rows: int):
    """The non-blank rows below the header as chunks of text columns (padded to
    len(names)) with their row numbers; each sheet row is released once read, so the
    sheet is held in memory once, as calamine's values, plus its text."""
    width, first = len(names), spec.header_line
    chunks: list[tuple[list[pa.Array], list[int]]] = []
    rows: list[list] = []
    numbers: list[int] = []
    for index in range(first, len(sheet)):
        text = (_text_row(sheet[index]) + [None] * width)[:width]
        sheet[index] = []
        if all(c is None for c in text):
            continue
        where = f"sheet '{spec.sheet}' row {index + 1}"
        _check_control_characters(text, names, sid, relpath, where)
        rows.append(text)
        numbers.append(index + 1)
        if len(rows) == chunk_rows:
            chunks.append((_columns(rows, list(range(width))), numbers))
            rows, numbers = [], []
    if rows:
        chunks.append((_columns(rows, list(range(width))), numbers))
    return chunks


def read_xlsx(
    source: Source, spec: FileSpec, path: Path, relpath: str, chunk_rows: int = CHUNK_ROWS
) -> StreamedFile:
    """Check a workbook's sheet now (workbooks are small: read at once); its rows then
    come in chunks like a CSV's."""
    sid = source.source_id
    data = path.read_bytes()
    sheet = _sheet_cells(sid, spec, relpath, data)
    if len(sheet) < spec.header_line:
        raise LoadError(
            sid,
            relpath,
            f"sheet '{spec.sheet}'",
            f"expected a header on row {spec.header_line}, the sheet has {len(sheet)} rows",
        )
    preamble = [
        "\t".join(c or "" for c in _text_row(row)).rstrip("\t")
        for row in sheet[: spec.header_line - 1]
    ]
    raw_header = [c or "" for c in _text_row(sheet[spec.header_line - 1])]
    # Trim trailing blank header cells, but keep every data column that holds anything.
    width = len(raw_header)
    while width and raw_header[width - 1] == "":
        width -= 1
    header = raw_header[:width]
    where = f"sheet '{spec.sheet}', row {spec.header_line}"
    check_header(source, spec, relpath, header, where)
    used = max((_last_used(row) for row in sheet[spec.header_line :]), default=0)
    if used > width and not spec.allow_extra_cells and spec.columns is not None:
        raise LoadError(
            sid,
            relpath,
            where,
            f"cells found right of the last header column {header[-1]!r}: "
            f"expected exactly {width} columns",
        )
    original = header + [f"extra_{i + 1}" for i in range(width, max(width, used))]
    chunks = _sheet_chunks(sid, relpath, spec, sheet, original, chunk_rows)
    if not chunks:
        raise LoadError(sid, relpath, where, "no data rows below the header")
    for cells, numbers in chunks:
        _check_numeric(source, spec, relpath, original, cells, numbers, f"sheet '{spec.sheet}' row")

    return StreamedFile(
        source_id=sid,
        spec=spec,
        path=path,
        relpath=relpath,
        sha256=hashlib.sha256(data).hexdigest(),
        size_bytes=len(data),
        original_columns=original,
        columns=sanitise_columns(original),
        preamble=preamble,
        chunks=iter(chunks),
        row_count=sum(len(numbers) for _cells, numbers in chunks),
    )


def resolve_files(source: Source, spec: FileSpec, raw_dir: Path) -> list[Path]:
    folder = raw_dir / source.folder
    if not folder.is_dir():
        raise LoadError(
            source.source_id,
            f"{source.folder}/",
            "",
            f"source folder missing under {raw_dir}: expected {spec.pattern}",
        )
    matches = sorted(p for p in folder.glob(spec.pattern) if p.is_file() or p.is_symlink())
    root = raw_dir.resolve()
    for path in matches:
        if path.is_symlink() or not path.resolve().is_relative_to(root):
            raise LoadError(
                source.source_id,
                path.relative_to(raw_dir).as_posix(),
                "",
                "is a symbolic link (or resolves outside the raw folder): refused, the loader "
                "reads only regular files inside the raw folder; copy the file in instead",
            )
    if not matches:
        raise LoadError(
            source.source_id,
            f"{source.folder}/{spec.pattern}",
            "",
            "file missing: expected a file matching this name",
        )
    if len(matches) < spec.min_files:
        raise LoadError(
            source.source_id,
            f"{source.folder}/{spec.pattern}",
            "",
            f"file missing: expected at least {spec.min_files} files matching this pattern, "
            f"found {len(matches)}: {[m.name for m in matches]}",
        )
    if len(matches) > 1 and not spec.many:
        names = [m.name for m in matches]
        raise LoadError(
            source.source_id,
            f"{source.folder}/{spec.pattern}",
            "",
            f"expected exactly one matching file, found {names}",
        )
    return matches


def open_file(
    source: Source, spec: FileSpec, path: Path, raw_dir: Path, chunk_rows: int = CHUNK_ROWS
) -> StreamedFile:
    """Check a raw file's header now and stream its checked rows in chunks."""
    relpath = path.relative_to(raw_dir).as_posix()
    if spec.member:
        relpath = f"{relpath}!/{spec.member}"
    read = read_xlsx if spec.kind == "xlsx" else open_csv
    return read(source, spec, path, relpath, chunk_rows)
