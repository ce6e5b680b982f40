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
import math
import shutil
from collections.abc import Callable
from pathlib import Path

from .readers import _cell_text

# Value columns: names, positions (int, for a header that drifts) or every year column.
YEARS = "years"
# file -> (encoding, header line, code column, name column, value columns, quote all)
CSV_FILES: dict[str, tuple] = {
    "owid_homicide/homicide-rate-unodc.csv": (
        "utf-8", 1, "Code", "Entity", ["Homicide rate per 100,000 population"], False),
    "unsd_syb_crime/SYB66_328_202310_Intentional homicides and other crimes.csv": (
        "cp1252", 2, "Region/Country/Area", "", ["Value"], False),
    "owid_gtd/terrorist-attacks-fatalities-and-injuries.csv": (
        "utf-8", 1, "Code", "Entity",
        ["Terrorist attacks", "Terrorism non-fatal injuries", "Terrorism deaths"], False),
    "owid_gtd/terrorism-deaths-rate.csv": (
        "utf-8", 1, "Code", "Entity", ["Terrorism deaths per 100,000 people"], False),
    "owid_gtd/terrorist-attacks.csv": ("utf-8", 1, "Code", "Entity", ["Terrorist attacks"], False),
    "owid_gtd/terrorism-deaths.csv": ("utf-8", 1, "Code", "Entity", ["Terrorism deaths"], False),
    "owid_gtd/injuries-from-terrorist-attacks.csv": (
        "utf-8", 1, "Code", "Entity", ["Terrorism non-fatal injuries"], False),
    "owid_gtd_2018/terrorism_incidents_fatalities_injuries_gtd_2018.csv": (
        "utf-8", 1, None, "Entity", [], False),
    "itu_gci/gci-local-indicator-summary.csv": (
        "utf-8", 1, None, "Country", ["2014", "2017", "2018", "2020", "2024"], False),
    "cyber_indexes/Cyber_security.csv": (
        "utf-8", 1, None, "Country", ["CEI", "GCI", "NCSI", "DDL"], False),
    "who_gho_road/data/RS_196.csv": (
        "utf-8", 1, "SpatialDimensionValueCode", None, ["NumericValue", "Low", "High"], False),
    "who_gho_road/data/RS_198.csv": (
        "utf-8", 1, "SpatialDimensionValueCode", None, ["NumericValue", "Low", "High"], False),
    "who_gho_road/data/RS_246.csv": (
        "utf-8", 1, "SpatialDimensionValueCode", None, [], False),
    "ihme_road_owid/death-rates-road-incidents.csv": ("utf-8", 1, "Code", "Entity", [], False),
    "ihme_road_owid/number-of-deaths-from-road-injuries.csv": (
        "utf-8", 1, "Code", "Entity", [], False),
    "wb_population/population.csv": ("utf-8", 1, "Country Code", "Country Name", ["Value"], False),
    "gfsi/full_economist_fs_index.csv": ("utf-8", 1, "iso_code", "country", ["score"], False),
    "country_codes/country-codes.csv": (
        "utf-8", 1, "ISO3166-1-Alpha-3", "CLDR display name", [], False),
    "iso3166/all.csv": ("utf-8", 1, "alpha-3", "name", [], False),
    "who_gho_road_2023/estimated_road_traffic_death_rate.csv": (
        "utf-8", 1, "SpatialDimValueCode", "Location", ["FactValueNumeric"], False),
    "who_gho_road_2023/estimated_number_of_road_traffic_deaths.csv": (
        "utf-8", 1, "SpatialDimValueCode", "Location",
        ["FactValueNumeric", "FactValueNumericLow", "FactValueNumericHigh"], False),
    "owid_conflict_deaths/deaths-in-armed-conflicts.csv": (
        "utf-8", 1, "Code", "Entity", ["High estimate", "Best estimate", "Low estimate"], False),
    "owid_undernourishment/prevalence-of-undernourishment.csv": (
        "utf-8", 1, "Code", "Entity", [3], False),
    "nd_gain/gain.csv": ("utf-8", 1, "ISO3", "Name", YEARS, False),
    "nd_gain/vulnerability.csv": ("utf-8", 1, "ISO3", "Name", YEARS, False),
    "nd_gain/readiness.csv": ("utf-8", 1, "ISO3", "Name", YEARS, False),
}  # fmt: skip
WDI_FILES = {
    "wb_wdi": ("API_VC.IHR.PSRC.P5_DS2_en_csv_v2_*.csv", "API_SP.POP.TOTL_DS2_en_csv_v2_*.csv"),
    "wb_wgi": ("API_PV.EST_DS2_en_csv_v2_*.csv",),
    "wb_wdi_econ": ("API_*_DS2_en_csv_v2_*.csv",),
}
COPIED = ("who_gho_road/codes/*.csv", "wb_wgi/Metadata_Country_*.csv")  # no country values
ZIPPED = {  # archive -> (member, same layout as this CSV_FILES entry)
    "owid_undernourishment_2025/prevalence-of-undernourishment.zip": (
        "prevalence-of-undernourishment.csv",
        "owid_undernourishment/prevalence-of-undernourishment.csv",
    ),
}
NAME_COLUMNS = {  # further name columns of the reference files, renamed with the clone
    "country_codes/country-codes.csv": ["official_name_en"],
}
CLEARED_COLUMNS = {  # synthetic countries are not UN members: no UNTERM names
    "country_codes/country-codes.csv": ["UNTERM English Short", "UNTERM English Formal"],
}
NUMERIC_CODE_COLUMNS = {
    "iso3166/all.csv": "country-code",
    "country_codes/country-codes.csv": "ISO3166-1-numeric",
    "unsd_syb_crime/SYB66_328_202310_Intentional homicides and other crimes.csv":
        "Region/Country/Area",
}  # fmt: skip


# Scores on a bounded scale (GTI 0-10, GCI 0-1/0-100, GFSI 0-100, ...) are only ever
# scaled down, so a synthetic value never leaves its publisher's range.
BOUNDED = {"Score", "score", "2014", "2017", "2018", "2020", "2024", "CEI", "GCI", "NCSI", "DDL"}


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
        aliases = Path(__file__).resolve().parents[2] / "seeds" / "entity_aliases.csv"
        self.alias = {}
        if aliases.exists():
            with open(aliases, encoding="utf-8", newline="") as fh:
                for r in csv.DictReader(fh):
                    if r["entity_class"] == "country" and r["iso3"] in self.codes:
                        self.alias[r["entity_name"]] = r["iso3"]

    def resolve(self, code: str | None, name: str | None) -> str | None:
        """The country an entity row can be cloned from. Rows matched only through a
        curated alias (former names such as Zaire) are not cloned: their clones would
        collide with the clones of the modern name."""
        if name and name in self.alias:
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
    iso3 = countries.resolve(code, name)
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


def _value_columns(spec, header: list[str]) -> list[str]:
    if spec == YEARS:
        return [h for h in header if h.isdigit()]
    return [header[c] if isinstance(c, int) else c for c in spec]


def _write_csv(
    src: Path, dst: Path, rel: str, countries, k: int, raw_bytes: bytes | None = None
) -> int:
    encoding, header_line, code_col, name_col, value_cols, quote_all = CSV_FILES[rel]
    raw_bytes = src.read_bytes() if raw_bytes is None else raw_bytes
    crlf = b"\r\n" in raw_bytes[:4096]
    text = raw_bytes.decode("utf-8-sig" if encoding == "utf-8" else encoding)
    bom = raw_bytes.startswith(b"\xef\xbb\xbf")
    records = list(csv.reader(io.StringIO(text, newline="")))
    header = records[header_line - 1]
    value_cols = _value_columns(value_cols, header)
    if rel.startswith("ihme_road_owid/number-of-deaths"):
        header = ["Entity", "Code", "Year", "Road injury deaths (deaths)"]  # data layout
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n" if crlf else "\n",
                        quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)  # fmt: skip
    n = 0
    for record in records[:header_line]:
        writer.writerow(record)
    for row in records[header_line:]:
        for out in _rows_out(countries, rel, header, row, k, code_col, name_col, value_cols):
            writer.writerow(out)
            n += 1
    data = buf.getvalue().encode(encoding)
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return n


def _write_zip(src: Path, dst: Path, member: str, layout: str, countries, k: int) -> int:
    """A published zip: its CSV member cloned like ``layout``, other members copied."""
    import tempfile
    import zipfile

    with zipfile.ZipFile(src) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    with tempfile.TemporaryDirectory() as tmp:
        cloned = Path(tmp) / member
        n = _write_csv(src, cloned, layout, countries, k, raw_bytes=members[member])
        members[member] = cloned.read_bytes()
    dst.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return n


def _write_wdi(src: Path, dst: Path, countries, k: int) -> int:
    raw_bytes = src.read_bytes()
    text = raw_bytes.decode("utf-8-sig")
    lines = text.splitlines(keepends=True)
    preamble, body = lines[:4], "".join(lines[4:])
    records = list(csv.reader(io.StringIO(body, newline="")))
    header = records[0]
    years = [h for h in header if h.isdigit()]
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writerow(header)
    n = 0
    for row in records[1:]:
        for out in _rows_out(countries, "wdi", header, row, k, "Country Code", "Country Name",
                             years):  # fmt: skip
            writer.writerow(out)
            n += 1
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_bytes(b"\xef\xbb\xbf" + ("".join(preamble) + buf.getvalue()).encode("utf-8"))
    return n


def _write_xlsx(src: Path, dst: Path, countries, k: int) -> int:
    """Clone country rows of the sheets the loader reads; copy the others as they are."""
    from openpyxl import Workbook
    from python_calamine import CalamineWorkbook

    plans = {  # sheet -> (header row, code column, name column, value columns)
        "Terrorism index 2023": (1, "iso3c", "Country", ["Score", "Incidents", "Fatalities"]),
        "List of economies": (1, "Code", "Economy", []),
        "compositions": (1, "WB_Country_Code", "WB_Country_Name", []),
        "Country Analytical History": (5, 0, 1, []),
    }
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
        header_row, code_col, name_col, value_cols = plans[sheet]
        header = [c or "" for c in rows[header_row - 1]]
        if isinstance(code_col, int):  # OGHIST: unnamed first columns
            header = ["#code", "#name", *header[2:]]
            code_col, name_col = "#code", "#name"
        for r in rows[:header_row]:
            ws.append(r)
        for r in rows[header_row:]:
            row = [c if c is not None else "" for c in r]
            for cloned in _rows_out(countries, sheet, header, row, k, code_col, name_col,
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


def generate(raw: Path, out: Path, k: int, log: Callable[[str], None] = print) -> dict:
    """Write the snapshot at k times its entities into `out`; returns rows per file."""
    raw, out = Path(raw), Path(out)
    if out.exists():
        shutil.rmtree(out)
    countries = Countries(raw)
    counts: dict[str, int] = {}
    for rel in CSV_FILES:
        counts[rel] = _write_csv(raw / rel, out / rel, rel, countries, k)
    for folder, patterns in WDI_FILES.items():
        for pattern in patterns:
            for src in (raw / folder).glob(pattern):
                rel = f"{folder}/{src.name}"
                counts[rel] = _write_wdi(src, out / rel, countries, k)
    for archive, (member, layout) in ZIPPED.items():
        counts[archive] = _write_zip(raw / archive, out / archive, member, layout, countries, k)
    for rel in ("iep_gti/Terrorism_Index_2023_AutoRecovered.xlsx", "wb_income/CLASS.xlsx",
                "wb_income/OGHIST.xlsx"):  # fmt: skip
        counts[rel] = _write_xlsx(raw / rel, out / rel, countries, k)
    for pattern in COPIED:  # code lists and metadata: copied as they are
        for src in raw.glob(pattern):
            dst = out / src.relative_to(raw)
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dst)
    total = sum(counts.values())
    log(f"  synth x{k}: {len(counts)} files, {total:,} data rows into {out}")
    return counts
