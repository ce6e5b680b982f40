"""Jinja library for sqlfluff's jinja templater: stand-ins for the dbt context that
only exists when dbt compiles against a database (see adapter.py)."""

from types import SimpleNamespace

from . import adapter  # noqa: F401  (exposed to templates as `adapter`)


def run_query(sql):
    """A one-row, one-column result, so loops over query results render one
    iteration of their SQL and that SQL is linted."""
    return SimpleNamespace(rows=[("example",)], columns=[])


def var(name, default=None):
    """dbt's `var`, read from dbt_project.yml's vars (so loops over a var's range render
    as dbt renders them)."""
    from pathlib import Path

    import yaml

    project = Path(__file__).resolve().parents[1] / "dbt_project.yml"
    values = yaml.safe_load(project.read_text(encoding="utf-8")).get("vars", {})
    return values.get(name, default)


# dbt's `target` (the DuckDB output: the dialect sqlfluff lints) and `invocation_id`.
target = SimpleNamespace(type="duckdb", name="duckdb", schema="main")
invocation_id = "00000000-0000-0000-0000-000000000000"
