"""Export every mart of the published warehouse to Parquet and CSV, with a data
dictionary, stamped with the method version and the build date.

The export folder is written beside the final one and swapped in by renames, so a
reader of ``warehouse/exports/`` sees either the previous complete export or the new
one.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import logging
import os
import shutil
import time
from pathlib import Path

import duckdb

from .readers import sha256_of

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


def export(
    db_path: Path,
    out_dir: Path,
    manifest_path: Path,
) -> Path:
    started = time.perf_counter()
    out_dir = Path(out_dir)
    tmp = out_dir.with_name(f".{out_dir.name}.{os.getpid()}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    built_at = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    docs = _descriptions(manifest_path)
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        method_version = con.execute("select method_version from marts.dim_method").fetchone()[0]
        tables = [
            r[0]
            for r in con.execute(
                "select table_name from information_schema.tables "
                "where table_schema = 'marts' order by table_name"
            ).fetchall()
        ]
        files, dictionary = [], []
        for table in tables:
            rows = con.execute(f"select count(*) from marts.{table}").fetchone()[0]
            parquet = tmp / f"{table}.parquet"
            csv_path = tmp / f"{table}.csv"
            meta = f"{{method_version: '{method_version}', built_at: '{built_at}'}}"
            con.execute(
                f"copy (select * from marts.{table}) to '{parquet}' "
                f"(format parquet, codec zstd, kv_metadata {meta})"
            )
            con.execute(
                f"copy (select * from marts.{table}) to '{csv_path}' (header, delimiter ',')"
            )
            for path in (parquet, csv_path):
                files.append(
                    {
                        "file": path.name,
                        "table": f"marts.{table}",
                        "rows": rows,
                        "bytes": path.stat().st_size,
                        "sha256": sha256_of(path),
                    }
                )
            columns = con.execute(
                "select column_name, data_type from information_schema.columns "
                "where table_schema = 'marts' and table_name = ? order by ordinal_position",
                [table],
            ).fetchall()
            table_doc = docs.get(table, {})
            for name, data_type in columns:
                dictionary.append(
                    {
                        "table": table,
                        "column": name,
                        "data_type": data_type,
                        "description": table_doc.get("columns", {}).get(name, ""),
                        "table_description": table_doc.get("description", ""),
                    }
                )
        sources = con.execute(
            "select source_id, source_name, publisher, publisher_url, licence "
            "from marts.dim_source order by source_id"
        ).fetchall()
    finally:
        con.close()
    with (tmp / "data_dictionary.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(dictionary[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(dictionary)
    lines = [
        "# GPSI data export",
        "",
        f"- method version: `{method_version}`",
        f"- built at: {built_at}",
        "- formats: one Parquet (zstd) and one CSV file per mart; sha256 in export.json",
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
    (tmp / "DATA_DICTIONARY.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp / "export.json").write_text(
        json.dumps(
            {
                "method_version": method_version,
                "built_at": built_at,
                "files": files,
                "sources": [
                    dict(
                        zip(
                            ("source_id", "name", "publisher", "publisher_url", "licence"),
                            s,
                            strict=True,
                        )
                    )
                    for s in sources
                ],
            },
            indent=2,
        )
    )
    old = out_dir.with_name(f".{out_dir.name}.{os.getpid()}.old")
    if out_dir.exists():
        os.replace(out_dir, old)
    os.replace(tmp, out_dir)
    shutil.rmtree(old, ignore_errors=True)
    log.info(
        f"  export {len(tables)} marts to {out_dir} (Parquet + CSV, method {method_version}) "
        f"in {time.perf_counter() - started:.2f} s"
    )
    return out_dir
