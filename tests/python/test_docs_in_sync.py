"""Documents that restate the method are generated from it, and must be current."""

from __future__ import annotations

from conftest import PROJECT_DIR
from gpsi_dev.method_tables import render


def test_methodology_tables_match_the_seeds():
    text = (PROJECT_DIR / "METHODOLOGY.md").read_text(encoding="utf-8")
    assert "<!-- method-table:framework -->" in text
    assert render(text) == text, "run: .venv/bin/python -m gpsi_dev.method_tables"


def test_method_numbers_quoted_in_the_docs_are_the_seeds():
    """Column docs that quote a method parameter with its value, "method.<name> (<value>)"
    (fct_gpsi.gpsi_score: the floor and the minimum of dimensions), quote the value the
    method seed holds: a changed seed makes the docs fail here, not mislead a BI user."""
    import csv
    import re

    (method,) = list(
        csv.DictReader((PROJECT_DIR / "seeds" / "method" / "method.csv").open(encoding="utf-8"))
    )
    quoted = []
    for path in [*PROJECT_DIR.glob("models/**/*.yml"), *PROJECT_DIR.glob("models/**/*.md")]:
        for name, value in re.findall(
            r"method\.([a-z_]+) \(([-0-9.]+)\)", path.read_text(encoding="utf-8")
        ):
            quoted.append((path.name, name, value))
            assert float(value) == float(method[name]), (path.name, name, value, method[name])
    assert len(quoted) >= 2
