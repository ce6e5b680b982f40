"""SQL text built from names: the one place an identifier becomes SQL.

Values and paths are never formatted into SQL; they are bound as parameters (`?`).
Identifiers (schema, table, column names) cannot be parameters, so they are quoted here,
every embedded double quote doubled, whatever their origin (the registry, dbt's
manifest, DuckDB's catalogue)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import duckdb


def ident(*parts: str) -> str:
    """A quoted, dot-joined identifier: ident("raw", 'a"b') -> "raw"."a""b"."""
    if not parts or not all(isinstance(p, str) and p for p in parts):
        raise ValueError(f"an SQL identifier needs non-empty names, got {parts!r}")
    return ".".join('"' + part.replace('"', '""') + '"' for part in parts)


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[object] = ()) -> Any:
    """The first column of the one row an aggregate query returns."""
    row = con.execute(sql, list(params)).fetchone()
    if row is None:
        raise ValueError(f"expected one row from: {sql}")
    return row[0]
