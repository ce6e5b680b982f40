"""Two builds of the marts compared row by row, by each mart's primary key: equal keys,
numbers within a tolerance, everything else equal. `make spark` compares Spark's marts
with DuckDB's; `python -m gpsi_dev.compare_marts` compares two DuckDB warehouses (a
refactoring must leave every mart equal)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

TOLERANCE = 1e-9


@dataclass
class Comparison:
    mart: str
    key: list[str]
    rows: int = 0
    values: int = 0
    max_difference: float = 0.0
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        state = "equal" if not self.problems else "DIFFERENT"
        return (
            f"{self.mart}: {self.rows:,} rows by ({', '.join(self.key)}), {self.values:,} "
            f"values, max difference {self.max_difference:.1e}: {state}"
        )


def primary_key(manifest: dict, mart: str) -> list[str]:
    node = manifest["nodes"][f"model.gpsi.{mart}"]
    for constraint in node.get("constraints", []):
        if constraint["type"] == "primary_key":
            return list(constraint["columns"])
    raise ValueError(f"{mart} declares no primary key: cannot compare it by key")


def marts(manifest: dict, first: Sequence[str] = ()) -> list[str]:
    """`first`, then every other enabled mart of the project, by name."""
    others = sorted(
        node["name"]
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model"
        and node["package_name"] == "gpsi"
        and node["original_file_path"].startswith("models/marts/")
        and node["name"] not in first
    )
    return [*first, *others]


def difference(a, b) -> float | None:
    """How far apart two cell values are: 0 if equal, the absolute difference of two
    numbers, None if they differ otherwise (type, text, one null)."""
    if a is None or b is None:
        return 0.0 if a is None and b is None else None
    if isinstance(a, bool) or isinstance(b, bool):
        return 0.0 if a == b else None
    if isinstance(a, int | float) and isinstance(b, int | float):
        if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
            return 0.0
        return abs(float(a) - float(b))
    return 0.0 if a == b else None


def compare_rows(
    mart: str,
    key: list[str],
    columns: list[str],
    left: list[tuple],
    right: list[tuple],
    names: tuple[str, str],
    tolerance: float = TOLERANCE,
) -> Comparison:
    """Rows of the same `columns` from two builds, named `names`, matched by `key`."""
    result = Comparison(mart, key)
    at = [columns.index(k) for k in key]

    def keyed(rows, name):
        out = {}
        for row in rows:
            k = tuple(row[i] for i in at)
            if k in out:
                result.problems.append(f"{name}: key {k} repeated")
            out[k] = row
        return out

    by_left, by_right = keyed(left, names[0]), keyed(right, names[1])
    for name, keys in (
        (names[0], by_left.keys() - by_right.keys()),
        (names[1], by_right.keys() - by_left.keys()),
    ):
        if keys:
            result.problems.append(
                f"{len(keys)} keys only in {name}, e.g. {sorted(keys, key=str)[:3]}"
            )
    for k in by_left.keys() & by_right.keys():
        result.rows += 1
        for column, a, b in zip(columns, by_left[k], by_right[k], strict=True):
            result.values += 1
            apart = difference(a, b)
            if apart is None or apart > tolerance:
                if len(result.problems) < 10:
                    result.problems.append(f"{k} {column}: {names[0]} {a!r}, {names[1]} {b!r}")
                else:
                    result.problems[-1] = "... and more differences"
            if apart is not None:
                result.max_difference = max(result.max_difference, apart)
    return result
