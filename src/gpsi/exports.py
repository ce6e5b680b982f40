"""Export every mart of the published warehouse to Parquet and CSV, with a data
dictionary, stamped with the method version and the fingerprint of the landed files and
the code (no clock: two builds of the same inputs export byte-identical files).

The export folder is written beside the final one and swapped in by renames, so a
reader of ``warehouse/exports/`` sees either the previous complete export or the new
one.
"""

from __future__ import annotations

import csv
import json
import logging
import os
import shutil
import time
from pathlib import Path

from .paths import swap_dir
from .readers import sha256_of
from .sql import ident, scalar
from .state import build_state, connect_read_only

log = logging.getLogger(__name__)


def _descriptions(manifest_path: Path) -> dict[str, dict]:
    """Model and column descriptions of the marts, from dbt's manifest."""
    if not manifest_path.exists():
        return {}
    manifest = json.loads(manifest_path.read_text())
    out = {}
    for node in manifest["nodes"].values():
        if node["resource_type"] == "model" and node["fqn"][1] == "marts":
            out[node["name"]] = {
                "description": node["description"].split("\n\n")[0],
                "columns": {c: m["description"] for c, m in node["columns"].items()},
            }
    return out


# A CSV text column that a spreadsheet cannot run as a formula: a leading quote when the
# text starts with =, +, -, @, tab or carriage return.
FORMULA_SAFE = (
    "case when regexp_matches({name}, '^[=+\\-@\\t\\r]') then '''' || {name} "
    "else {name} end as {name}"
)


def _export_table(
    con, table: str, tmp: Path, meta: tuple[str, str], doc: dict
) -> tuple[list, list]:
    """One mart as Parquet (with the method version and build time as metadata) and CSV;
    returns its file entries and its data-dictionary rows."""
    rows = scalar(con, f"select count(*) from {ident('marts', table)}")
    parquet, csv_path = tmp / f"{table}.parquet", tmp / f"{table}.csv"
    types = con.execute(
        "select column_name, data_type from information_schema.columns "
        "where table_schema = 'marts' and table_name = ? order by ordinal_position",
        [table],
    ).fetchall()
    # Rows in a stable order (every mart has a primary key), so equal marts give equal
    # files. In CSV, text a spreadsheet would run as a formula (first character =, +, -,
    # @, tab or carriage return) gets a leading quote (OWASP's CSV-injection advice).
    ordered = f"select * from {ident('marts', table)} order by all"
    columns = ", ".join(
        FORMULA_SAFE.format(name=ident(name)) if data_type == "VARCHAR" else ident(name)
        for name, data_type in types
    )
    # paths and values are parameters, never SQL text (a folder may be called o'brien)
    con.execute(
        f"copy ({ordered}) to ? (format parquet, codec zstd, "
        "kv_metadata {method_version: ?, gpsi_fingerprint: ?})",
        [str(parquet), *meta],
    )
    # The CSV from that Parquet file, whose rows are already in order (read in file order):
    # each mart is sorted once, not twice (the same files).
    con.execute(
        f"copy (select {columns} from read_parquet(?)) to ? (header, delimiter ',')",
        [str(parquet), str(csv_path)],
    )
    files = [
        {
            "file": path.name,
            "table": f"marts.{table}",
            "rows": rows,
            "bytes": path.stat().st_size,
            "sha256": sha256_of(path),
        }
        for path in (parquet, csv_path)
    ]
    dictionary = [
        {
            "table": table,
            "column": name,
            "data_type": data_type,
            "description": doc.get("columns", {}).get(name, ""),
            "table_description": doc.get("description", ""),
        }
        for name, data_type in types
    ]
    return files, dictionary


def _dictionary_markdown(method_version, fingerprint, tables, docs, dictionary, sources) -> str:
    lines = [
        "# GPSI data export",
        "",
        f"- method version: `{method_version}`",
        f"- fingerprint of the landed files and the code: `{fingerprint}`",
        "- formats: one Parquet (zstd) and one CSV file per mart, rows ordered by all"
        " columns; sha256 in export.json",
        "- CSV: text starting with =, +, -, @, tab or carriage return is prefixed with '"
        " so that spreadsheets never run it as a formula (the Parquet files keep it as is)",
        "",
    ]
    for table in tables:
        lines += [
            f"## {table}",
            "",
            docs.get(table, {}).get("description", ""),
            "",
            "| column | type | description |",
            "|---|---|---|",
        ]
        lines += [
            f"| {d['column']} | {d['data_type']} | {d['description'].replace('|', '/')} |"
            for d in dictionary
            if d["table"] == table
        ]
        lines.append("")
    lines += ["## Sources and licences", "", "| source | publisher | licence |", "|---|---|---|"]
    lines += [f"| {s[0]}: {s[1]} | {s[2]} ({s[3]}) | {s[4]} |" for s in sources]
    return "\n".join(lines) + "\n"


def _write_listing(
    folder: Path,
    dictionary: list[dict],
    files: list[dict],
    sources: list[tuple],
    method_version: str,
    fingerprint: str,
) -> None:
    """data_dictionary.csv (one row per column) and export.json (every file with its
    sha256, and the sources with their licences)."""
    with (folder / "data_dictionary.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(dictionary[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(dictionary)
    source_keys = ("source_id", "name", "publisher", "publisher_url", "licence")
    (folder / "export.json").write_text(
        json.dumps(
            {
                "method_version": method_version,
                "fingerprint": fingerprint,
                "files": files,
                "sources": [dict(zip(source_keys, s, strict=True)) for s in sources],
            },
            indent=2,
        )
    )


def export(db_path: Path, out_dir: Path, manifest_path: Path) -> Path:
    """Every mart as Parquet and CSV with a data dictionary and export.json (sha256 per
    file), written to a temporary folder and swapped in by rename."""
    started = time.perf_counter()
    out_dir = Path(out_dir)
    tmp = out_dir.with_name(f".{out_dir.name}.{os.getpid()}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    state = build_state(db_path) or {}
    fingerprint = state.get("fingerprint") or "unstamped"
    docs = _descriptions(manifest_path)
    # Memory bounded like the build's: the sorts behind `order by all` spill to
    # gpsi.duckdb.tmp instead (state.READ_ONLY_CONFIG, shared with the report).
    con = connect_read_only(db_path)
    try:
        method_version = scalar(con, "select method_version from marts.dim_method")
        tables = [
            r[0]
            for r in con.execute(
                "select table_name from information_schema.tables "
                "where table_schema = 'marts' order by table_name"
            ).fetchall()
        ]
        # Parquet metadata names the build by its fingerprint, not a clock: the same
        # build inputs give byte-identical files.
        meta = (str(method_version), str(fingerprint))
        files, dictionary = [], []
        for table in tables:
            table_files, table_dictionary = _export_table(
                con, table, tmp, meta, docs.get(table, {})
            )
            files += table_files
            dictionary += table_dictionary
        sources = con.execute(
            "select source_id, source_name, publisher, publisher_url, licence "
            "from marts.dim_source order by source_id"
        ).fetchall()
    finally:
        con.close()
    (tmp / "DATA_DICTIONARY.md").write_text(
        _dictionary_markdown(method_version, fingerprint, tables, docs, dictionary, sources),
        encoding="utf-8",
    )
    _write_listing(tmp, dictionary, files, sources, method_version, fingerprint)
    swap_dir(tmp, out_dir)
    log.info(
        f"  export {len(tables)} marts to {out_dir} (Parquet + CSV, method {method_version}) "
        f"in {time.perf_counter() - started:.2f} s"
    )
    return out_dir
