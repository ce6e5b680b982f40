"""What a build is made from and whether it is green: the fingerprints of code and
landed files, the green stamp in the build database, and the raw tables changed since
the last green build (an incremental build's selection)."""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

import duckdb

from .paths import Paths
from .sql import ident

log = logging.getLogger(__name__)

FINGERPRINT_GLOBS = (
    "dbt_project.yml", "profiles.yml", "models/**/*", "macros/**/*", "seeds/**/*",
    "tests/*.sql", "tests/staging/**/*", "tests/intermediate/**/*", "tests/marts/**/*",
    "src/gpsi/*.py", "src/gpsi/report/*.py", "src/gpsi/report/templates/**/*",
    # what the explorer bundles: the charting library, the world map and the fonts
    "node_modules/vega/package.json", "node_modules/vega/build/vega.min.js",
    "node_modules/vega-lite/package.json", "node_modules/vega-lite/build/vega-lite.min.js",
    "node_modules/vega-embed/package.json", "node_modules/vega-embed/build/vega-embed.min.js",
    "node_modules/world-atlas/countries-110m.json",
    "node_modules/@fontsource/*/package.json", "node_modules/@fontsource/*/unicode.json",
)  # fmt: skip


def code_fingerprint(paths: Paths) -> str:
    """Everything besides the landed files that shapes an output: the project's dbt and
    Python code, the report's templates, messages and bundled libraries, and the dbt and
    DuckDB versions. Equal code fingerprints mean the same SQL, loaders and report."""
    import dbt.version

    versions = f"dbt {dbt.version.__version__}\nduckdb {duckdb.__version__}\n"
    digest = hashlib.sha256(versions.encode())
    files = sorted({p for g in FINGERPRINT_GLOBS for p in paths.project_dir.glob(g) if p.is_file()})
    for path in files:
        rel = path.relative_to(paths.project_dir).as_posix()
        digest.update(f"{rel}\n".encode() + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _code_and_rows_digest(paths: Paths, query: str) -> str:
    """The code fingerprint and the rows of one query on the build database, hashed."""
    digest = hashlib.sha256(code_fingerprint(paths).encode())
    con = duckdb.connect(str(paths.build_db), read_only=True)
    try:
        for row in con.execute(query).fetchall():
            digest.update(("|".join(map(str, row)) + "\n").encode())
    finally:
        con.close()
    return digest.hexdigest()


def fingerprint(paths: Paths) -> str:
    """What a build depends on: the landed files (by sha256) and the code fingerprint.
    Equal fingerprints mean an identical build."""
    return _code_and_rows_digest(
        paths, "select table_name, file_path, sha256, loader_version from raw._files order by all"
    )


def docs_fingerprint(paths: Paths) -> str:
    """What the lineage site is a function of: the project's code (models, columns,
    descriptions, lineage) and the columns of the landed raw tables (dbt's catalog holds
    each relation's columns and types, all decided by the code and the raw columns; it
    holds no row counts or other data)."""
    return _code_and_rows_digest(paths, "select * from raw._columns order by all")


def changed_raw_tables(paths: Paths) -> set[str] | None:
    """The raw tables whose landed files differ from those of the last green build of
    the build database, when an incremental build is safe: the database is green (the
    last build passed and nothing was half-built since) and was built by the same code.
    None when it is not: then everything is rebuilt."""
    state = build_state(paths.build_db)
    if state is None or state.get("code_fingerprint") != code_fingerprint(paths):
        return None
    con = duckdb.connect(str(paths.build_db), read_only=True)
    try:
        rows = con.execute(
            "with now_files as (select table_name, file_path, sha256, loader_version "
            "from raw._files), built as (select * from raw._build_files) "
            "select table_name from (select * from now_files except select * from built) "
            "union select table_name from (select * from built except select * from now_files)"
        ).fetchall()
    except duckdb.Error:
        return None
    finally:
        con.close()
    return {r[0] for r in rows}


def mark_build_started(paths: Paths) -> None:
    """Remove the green stamp before dbt touches the build database: a build that is
    killed or fails leaves no stamp, and `gpsi publish` refuses an unstamped build."""
    if not paths.build_db.exists():
        return
    con = duckdb.connect(str(paths.build_db))
    try:
        con.execute("drop table if exists raw._build_state")
        # Failing rows stored to explain an earlier failed build are not published.
        for (schema,) in con.execute(
            "select schema_name from information_schema.schemata "
            "where schema_name like '%dbt_test__audit'"
        ).fetchall():
            con.execute(f"drop schema {ident(schema)} cascade")
    finally:
        con.close()


DBT_SCHEMAS = ("staging", "intermediate", "marts", "seeds")


def drop_orphans(paths: Paths) -> list[str]:
    """Tables and views in the dbt-built schemas that the project no longer defines (a
    model renamed or removed): dbt leaves them behind, and they would be published and
    exported with stale numbers. Dropped after a green build; returns what was dropped."""

    manifest = json.loads((paths.target_dir / "manifest.json").read_text())
    defined = {
        (node["schema"], node.get("alias") or node["name"])
        for node in manifest["nodes"].values()
        if node["resource_type"] in ("model", "seed", "snapshot")
    }
    con = duckdb.connect(str(paths.build_db))
    dropped = []
    try:
        for schema, name, kind in con.execute(
            "select table_schema, table_name, table_type from information_schema.tables "
            f"where table_schema in {DBT_SCHEMAS!r}"
        ).fetchall():
            if (schema, name) not in defined:
                keyword = "view" if kind == "VIEW" else "table"
                con.execute(f"drop {keyword} {ident(schema, name)}")
                dropped.append(f"{schema}.{name}")
    finally:
        con.close()
    for relation in dropped:
        log.warning(f"  dropped {relation}: no longer defined by the project")
    return dropped


def record_green(paths: Paths, value: str, run_id: str) -> None:
    """Stamp the build database green, with the fingerprint of what it was built from and
    the id of the run that built it."""
    code = code_fingerprint(paths)
    con = duckdb.connect(str(paths.build_db))
    try:
        con.execute("begin")
        # The landed files this green build reflects: the next run compares with them
        # to rebuild only what depends on the raw tables that changed.
        con.execute(
            "create or replace table raw._build_files as select table_name, file_path, "
            "sha256, loader_version from raw._files"
        )
        con.execute(
            "create or replace table raw._build_state as select ? as fingerprint, "
            "? as code_fingerprint, ? as run_id, true as is_green, "
            "current_timestamp as built_at",
            [value, code, run_id],
        )
        con.execute("commit")
    finally:
        con.close()


# Every read-only connection of the outputs opens the database with this configuration
# (DuckDB shares one instance between the connections of a process to a file only if
# their configurations are equal). Its default memory limit is 80% of the machine:
# bounded like the build's (profiles.yml), large sorts spill to <file>.tmp instead.
READ_ONLY_CONFIG: dict[str, str | bool | int | float | list[str]] = {"memory_limit": "2GB"}


def connect_read_only(db: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(db), read_only=True, config=READ_ONLY_CONFIG)


def build_state(db: Path) -> dict | None:
    """The green stamp of a warehouse file (fingerprint, run_id, built_at), or None."""
    if not db.exists():
        return None
    try:
        con = connect_read_only(db)
    except duckdb.Error:
        return None
    try:
        row = con.execute(
            "select fingerprint, run_id, built_at, code_fingerprint "
            "from raw._build_state where is_green"
        ).fetchone()
    except duckdb.Error:
        return None
    finally:
        con.close()
    keys = ("fingerprint", "run_id", "built_at", "code_fingerprint")
    return dict(zip(keys, row, strict=True)) if row else None


def published_fingerprint(paths: Paths) -> str | None:
    state = build_state(paths.published_db)
    return state["fingerprint"] if state else None
