"""Documents that restate the method are generated from it, and must be current."""

from __future__ import annotations

from conftest import PROJECT_DIR
from gpsi_dev.method_tables import render


def test_methodology_tables_match_the_seeds():
    text = (PROJECT_DIR / "METHODOLOGY.md").read_text(encoding="utf-8")
    assert "<!-- method-table:framework -->" in text
    assert render(text) == text, "run: .venv/bin/python -m gpsi_dev.method_tables"
