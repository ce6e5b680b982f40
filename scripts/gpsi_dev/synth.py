"""Synthetic raw inputs at k times the real snapshot's entities, in the real formats.

Every country of every source file is cloned k-1 times as a synthetic country with
its own code (the ISO3 code plus a clone number, e.g. ``FRA007``), numeric code
(ISO numeric + 1000 x clone) and name (``France 7``); its values are the original ones
times a deterministic factor in [0.8, 1.2]. The reference files (ISO 3166, country
codes, World Bank classifications) get the same clones, so the synthetic countries
resolve through the ordinary matching rules. Aggregates, regions and historical
states are kept once. Years are unchanged. File names, headers, encodings, title
lines, preambles and sheet layouts are the real ones, so the loaders and the dbt
project run unchanged: the generator exercises the real pipeline at scale.
"""

from __future__ import annotations

import csv
import hashlib
import io
import logging
import math
import shutil
from pathlib import Path

from gpsi.readers import _cell_text
from gpsi.registry import FileSpec, sources

log = logging.getLogger(__name__)

WDI_PREFIX = ("Country Name", "Country Code", "Indicator Name", "Indicator Code")
NAME_COLUMNS = {  # further name columns of the reference files, renamed with the clone
    "country_codes/country-codes.csv": ["official_name_en"],
}
CLEARED_COLUMNS = {  # synthetic countries are not UN members: no UNTERM names
    "country_codes/country-codes.csv": ["UNTERM English Short", "UNTERM English Formal"],
    # nor states of the Gleditsch-Ward and COW lists: UCDP's wars (copied, not scaled)
    # stay the real states' wars
    "countrycode_codelist/codelist_without_cldr.csv": ["gwn", "gwc", "cown", "cowc"],
}
NUMERIC_CODE_COLUMNS = {
    "iso3166/all.csv": "country-code",
    "country_codes/country-codes.csv": "ISO3166-1-numeric",
    "unsd_syb_crime/SYB66_328_202310_Intentional homicides and other crimes.csv":
        "Region/Country/Area",
}  # fmt: skip


# Scores on a bounded scale (GTI 0-10, GCI 0-1/0-100, GFSI 0-100, WGI estimates within
# +-3.5, ...) are only ever scaled down, so a synthetic value never leaves its range.
BOUNDED = {
    "Score", "score", "2014", "2017", "2018", "2020", "2024", "CEI", "GCI", "NCSI", "DDL",
    "estimate",
}  # fmt: skip


def _factor(iso3: str, clone: int) -> float:
    h = hashlib.sha256(f"{iso3}:{clone}".encode()).digest()
    return 0.8 + 0.4 * int.from_bytes(h[:4], "big") / 2**32


def _scaled(text: str | None, factor: float) -> str | None:
    if text is None or text.strip() in ("", "..", "#N/A"):
        return text
    try:
        value = float(text.replace(",", ""))
    except ValueError:
        return text
    return repr(round(value * factor, 6)) if not math.isnan(value) else text


class Countries:
    """The real countries of the snapshot, by code, numeric code and name."""

    def __init__(self, raw: Path):
        with open(raw / "iso3166/all.csv", encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        self.codes = {r["alpha-3"] for r in rows}
        self.numeric = {int(r["country-code"]): r["alpha-3"] for r in rows}
        self.iso_name = {r["alpha-3"]: r["name"] for r in rows}
        names: dict[str, set[str]] = {}
        for r in rows:
            names.setdefault(r["name"].lower(), set()).add(r["alpha-3"])
        with open(raw / "country_codes/country-codes.csv", encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh):
                for col in ("CLDR display name", "official_name_en", "UNTERM English Short"):
                    if r[col].strip():
                        names.setdefault(r[col].strip().lower(), set()).add(r["ISO3166-1-Alpha-3"])
        self.by_name = {n: next(iter(c)) for n, c in names.items() if len(c) == 1}
        aliases = Path(__file__).resolve().parents[2] / "seeds" / "reference" / "entity_aliases.csv"
        self.alias = {}
        if aliases.exists():
            with open(aliases, encoding="utf-8", newline="") as fh:
                for r in csv.DictReader(fh):
                    if r["entity_class"] == "country" and r["iso3"] in self.codes:
                        self.alias[(r["source_id"], r["entity_name"])] = r["iso3"]

    def resolve(self, code: str | None, name: str | None, source_id: str = "") -> str | None:
        """The country an entity row can be cloned from. Rows matched only through a
        curated alias (former names such as Zaire) are not cloned: their clones would
        collide with the clones of the modern name."""
        if name and (source_id, name) in self.alias:
            return None
        if code and code in self.codes:
            return code
        if code and code.strip().isdigit():  # an M49 number names its own area, never by name
            return self.numeric.get(int(code))
        if name and name.strip().lower() in self.by_name:
            return self.by_name[name.strip().lower()]
        return None


def clone_code(iso3: str, clone: int) -> str:
    return f"{iso3}{clone:03d}"


def clone_name(countries: Countries, iso3: str, clone: int) -> str:
    return f"{countries.iso_name[iso3]} {clone}"


def _rows_out(countries, rel, header, row, k, code_col, name_col, value_cols):
    idx = {h: i for i, h in enumerate(header)}
    code = row[idx[code_col]] if code_col in idx else None
    name = row[idx[name_col]] if name_col in idx else None
    iso3 = countries.resolve(code, name, rel.split("/")[0])
    yield row
    if iso3 is None:
        return
    numeric_col = NUMERIC_CODE_COLUMNS.get(rel)
    for clone in range(1, k):
        out = list(row)
        f = _factor(iso3, clone)
        if code_col in idx and code_col != numeric_col:
            out[idx[code_col]] = clone_code(iso3, clone)
        if numeric_col in idx:
            base = int(row[idx[numeric_col]])
            out[idx[numeric_col]] = str(base + 1000 * clone)
        for col in [name_col, *NAME_COLUMNS.get(rel, [])]:
            if col in idx and row[idx[col]].strip():
                out[idx[col]] = clone_name(countries, iso3, clone)
        if "alpha-2" in idx:  # keep alpha-2 unique: two letters + clone number
            out[idx["alpha-2"]] = f"{row[idx['alpha-2']]}{clone}"
        if "ISO3166-1-Alpha-2" in idx:
            out[idx["ISO3166-1-Alpha-2"]] = f"{row[idx['ISO3166-1-Alpha-2']]}{clone}"
        for col in CLEARED_COLUMNS.get(rel, []):
            out[idx[col]] = ""
        if "Id" in idx and row[idx["Id"]].isdigit():  # GHO row ids stay unique
            out[idx["Id"]] = str(int(row[idx["Id"]]) + 100_000_000 * clone)
        if "iso_3166-2" in idx:
            out[idx["iso_3166-2"]] = f"ISO 3166-2:{clone_code(iso3, clone)}"
        for col in value_cols:
            if col in idx:
                out[idx[col]] = _scaled(out[idx[col]], min(f, 1.0) if col in BOUNDED else f)
        yield out


def _column(name: str | None, header: list[str]) -> str | None:
    """A column of the spec's synth hints: a name, or "#n" for the n-th column."""
    if name and name.startswith("#") and name[1:].isdigit():
        return header[int(name[1:]) - 1]
    return name


def _value_columns(names, header: list[str]) -> list[str]:
    out: list[str] = []
    for name in names or ():
        if name == "#years":
            out += [h for h in header if h.isdigit()]
        else:
            out.append(_column(name, header))
    return out


def _write_csv(
    src: Path, dst: Path, rel: str, spec: FileSpec, countries, k: int, data: bytes | None = None
) -> int:
    raw_bytes = src.read_bytes() if data is None else data
    crlf = b"\r\n" in raw_bytes[:4096]
    encoding = "utf-8" if spec.encoding == "utf-8-sig" else spec.encoding
    text = raw_bytes.decode("utf-8-sig" if encoding == "utf-8" else encoding)
    bom = raw_bytes.startswith(b"\xef\xbb\xbf")
    records = list(csv.reader(io.StringIO(text, newline="")))
    header = list(spec.data_columns or records[spec.header_line - 1])
    hints = spec.synth or {}
    code_col = _column(hints.get("code_column"), header)
    name_col = _column(hints.get("name_column"), header)
    value_cols = _value_columns(hints.get("value_columns"), header)
    quote_all = spec.header_prefix == WDI_PREFIX
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n" if crlf else "\n",
                        quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)  # fmt: skip
    n = 0
    # Lines above the header (title, WDI preamble) are kept verbatim.
    preamble = "".join(text.splitlines(keepends=True)[: spec.header_line - 1])
    writer.writerow(records[spec.header_line - 1])
    for row in records[spec.header_line :]:
        if not row:
            continue
        for out in _rows_out(countries, rel, header, row, k, code_col, name_col, value_cols):
            writer.writerow(out)
            n += 1
    out_bytes = (preamble + buf.getvalue()).encode(encoding)
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_bytes((b"\xef\xbb\xbf" if bom else b"") + out_bytes)
    return n


def _write_zip(src: Path, dst: Path, rel: str, spec: FileSpec, countries, k: int) -> int:
    """A published zip: its CSV member (``spec.member``) cloned, other members copied."""
    import tempfile
    import zipfile

    with zipfile.ZipFile(src) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    with tempfile.TemporaryDirectory() as tmp:
        cloned = Path(tmp) / "member.csv"
        n = _write_csv(src, cloned, rel, spec, countries, k, data=members[spec.member])
        members[spec.member] = cloned.read_bytes()
    dst.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return n


def _write_xlsx(src: Path, dst: Path, specs: list[FileSpec], countries, k: int) -> int:
    """Clone country rows of the sheets the loader reads; copy the others as they are."""
    from openpyxl import Workbook
    from python_calamine import CalamineWorkbook

    plans = {spec.sheet: spec for spec in specs}
    book = CalamineWorkbook.from_path(str(src))
    out = Workbook(write_only=True)
    n = 0
    for sheet in book.sheet_names:
        ws = out.create_sheet(sheet)
        rows = [[_cell_text(v) for v in r] for r in book.get_sheet_by_name(sheet).to_python()]
        if sheet not in plans:
            for r in rows:
                ws.append(r)
            continue
        spec = plans[sheet]
        hints = spec.synth or {}
        header = [c or f"#{i + 1}" for i, c in enumerate(rows[spec.header_line - 1])]
        code_col = _column(hints.get("code_column"), header)
        name_col = _column(hints.get("name_column"), header)
        value_cols = _value_columns(hints.get("value_columns"), header)
        for r in rows[: spec.header_line]:
            ws.append(r)
        for r in rows[spec.header_line :]:
            row = [c if c is not None else "" for c in r]
            for cloned in _rows_out(countries, f"{src.parent.name}/{sheet}", header, row, k,
                                    code_col, name_col,
                                    value_cols):  # fmt: skip
                ws.append([_number_or_text(c) for c in cloned])
                n += 1
    dst.parent.mkdir(parents=True, exist_ok=True)
    out.save(dst)
    return n


def _number_or_text(value):
    if value in (None, ""):
        return None
    try:
        return float(value) if any(ch in value for ch in ".eE") else int(value)
    except (TypeError, ValueError):
        return value


def generate(raw: Path, out: Path, k: int) -> dict:
    """Write the snapshot at k times its entities into `out`; returns rows per file.

    Every file of every source in the registry is written in its own format: files with
    synth hints (the `synth` meta of their raw table) get their countries cloned; files
    without them (code lists, metadata) and declared ignored files are copied."""
    raw, out = Path(raw), Path(out)
    if out.exists():
        shutil.rmtree(out)
    countries = Countries(raw)
    counts: dict[str, int] = {}
    workbooks: dict[Path, list[FileSpec]] = {}
    for source in sources():
        folder = raw / source.folder
        for spec in source.files:
            for src in sorted(folder.glob(spec.pattern)):
                rel = src.relative_to(raw).as_posix()
                dst = out / rel
                if spec.kind == "xlsx":
                    workbooks.setdefault(src, []).append(spec)
                elif not spec.synth:
                    dst.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(src, dst)
                elif spec.member:
                    counts[rel] = _write_zip(src, dst, rel, spec, countries, k)
                else:
                    counts[rel] = _write_csv(src, dst, rel, spec, countries, k)
        for pattern, _reason in source.ignored:
            for src in folder.glob(pattern):
                dst = out / src.relative_to(raw)
                dst.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(src, dst)
    for src, specs in workbooks.items():
        rel = src.relative_to(raw).as_posix()
        counts[rel] = _write_xlsx(src, out / rel, specs, countries, k)
    total = sum(counts.values())
    log.info(f"  synth x{k}: {len(counts)} files, {total:,} data rows into {out}")
    return counts


def main(argv: list[str] | None = None) -> None:
    import argparse
    import os

    parser = argparse.ArgumentParser(
        description="write synthetic raw inputs at k times the snapshot's entities, in the "
        "real formats (benchmarks)"
    )
    parser.add_argument("--raw-dir", default=os.environ.get("GPSI_RAW_DIR"))
    parser.add_argument("--scale", type=int, required=True, help="k: entities multiplier")
    parser.add_argument("--out", required=True, help="output raw directory (replaced)")
    args = parser.parse_args(argv)
    if not args.raw_dir:
        parser.error("no raw directory: pass --raw-dir or set GPSI_RAW_DIR")
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    generate(Path(args.raw_dir), Path(args.out), args.scale)


if __name__ == "__main__":
    main()
