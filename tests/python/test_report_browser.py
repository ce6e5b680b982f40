"""The offline report in a real headless browser (Debian's chromium via Playwright):
it renders without console errors or network requests, screenshots are saved as test
artefacts, and the numbers it shows equal the marts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import PROJECT_DIR

# One pytest-xdist worker runs this module: its tests share a module fixture.
pytestmark = pytest.mark.xdist_group("report_browser")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTEFACTS = PROJECT_DIR / "test-artifacts"
ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


@pytest.fixture(scope="module")
def page(built_warehouse):
    if not Path(CHROMIUM).exists():  # never skipped: make test runs every test or fails
        pytest.fail(
            "the report's browser tests need Debian's chromium: "
            "apt-get update && apt-get install -y chromium (.ci/run installs it)"
        )
    from playwright.sync_api import sync_playwright

    report = built_warehouse / "site" / "report" / "index.html"
    ARTEFACTS.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        console, requests = [], []
        page.on("console", lambda m: console.append(m) if m.type == "error" else None)
        page.on("pageerror", lambda e: console.append(e))
        page.on("request", lambda r: requests.append(r.url))
        page.goto(report.as_uri())
        page.wait_for_selector("#profile-chart svg")
        page.wait_for_selector("#map-chart path[aria-label]")
        page.screenshot(path=str(ARTEFACTS / "report-top.png"))
        page.screenshot(path=str(ARTEFACTS / "report-full.png"), full_page=True)
        yield page, console, requests
        browser.close()


def test_renders_offline_without_errors(page):
    _page, console, requests = page
    assert console == []
    assert [u for u in requests if not u.startswith(("file://", "data:"))] == []
    assert (ARTEFACTS / "report-full.png").stat().st_size > 50_000


def test_map_has_countries_coloured_by_class(page, con):
    """The Vega-Lite map describes each country path as "ISO3 class" (its aria-label)."""
    p, _c, _r = page
    labels = p.eval_on_selector_all(
        "#map-chart path[aria-label]", "els => els.map(e => e.getAttribute('aria-label'))"
    )
    shown = dict(label.split(" ") for label in labels if label != "nodata")
    assert len(shown) > 150
    expected = dict(
        con.execute(
            "select iso3, risk_class from marts.rpt_gpsi_latest where risk_class is not null"
        ).fetchall()
    )
    for iso3, risk_class in shown.items():
        assert risk_class == expected[iso3], iso3


def test_ranking_shows_the_mart(page, con):
    p, _c, _r = page
    rows = p.eval_on_selector_all(
        "#ranking-table tbody tr",
        "rows => rows.map(r => [r.dataset.iso3, r.cells[0].innerText, r.cells[2].innerText])",
    )
    mart = con.execute(
        "select iso3, gpsi_rank, gpsi_score from marts.rpt_gpsi_latest "
        "where gpsi_score is not null order by gpsi_rank, country_name"
    ).fetchall()
    assert len(rows) == len(mart) >= 150
    shown = {iso3: (int(rank), float(score)) for iso3, rank, score in rows}
    for iso3, rank, score in mart:
        assert shown[iso3] == (rank, round(score, 1)), iso3


def test_country_profile_shows_trend_and_coverage(page, con):
    p, _c, _r = page
    iso3 = "NGA"
    p.select_option("#country-select", iso3)
    p.wait_for_function("document.getElementById('profile-name').textContent.includes('Nigeria')")
    year, score, rank = con.execute(
        "select year, gpsi_score, gpsi_rank from marts.fct_gpsi where iso3 = ? and year = "
        "(select max(year) from marts.rpt_gpsi_latest)",
        [iso3],
    ).fetchone()
    text = p.inner_text("#profile-score")
    assert f"GPSI {score:.1f} in {year} (rank {rank})" in text
    coverage = p.eval_on_selector_all(
        "#profile-coverage tr", "rows => rows.slice(1).map(r => r.cells[2].innerText)"
    )
    statuses = con.execute(
        "select indicator_id, string_agg(case value_status when 'observed' then 'O' "
        "when 'interpolated' then 'I' when 'carried_forward' then 'C' else '-' end, '' "
        "order by year) from marts.fct_indicator_scores where iso3 = ? "
        "group by indicator_id order by indicator_id",
        [iso3],
    ).fetchall()
    order = [
        r[0]
        for r in con.execute(
            "select indicator_id from marts.dim_indicator where is_active "
            "order by dimension_id, indicator_id"
        ).fetchall()
    ]
    by_id = dict(statuses)
    assert coverage == [by_id[i] for i in order]
    assert p.eval_on_selector_all("#profile-chart .mark-line path", "els => els.length") >= 4
    p.screenshot(path=str(ARTEFACTS / "report-profile-nga.png"), full_page=True)


def test_sources_and_licences_listed(page, con):
    p, _c, _r = page
    text = p.inner_text("#sources")
    for source_id, licence in con.execute(
        "select source_id, licence from marts.dim_source"
    ).fetchall():
        assert source_id in text and licence in text


def test_six_languages_switch_offline(page, con):
    """Interface labels from the message file and UNTERM country names, in the six UN
    official languages; Arabic turns the page right-to-left."""
    import yaml

    p, console, _r = page
    messages = yaml.safe_load(
        (PROJECT_DIR / "scripts" / "gpsi" / "templates" / "messages.yml").read_text()
    )
    names = con.execute(
        "select name_fr, name_zh, name_ar from marts.dim_country where iso3 = 'DEU'"
    ).fetchone()
    for language, name in zip(("fr", "zh", "ar"), names, strict=True):
        p.select_option("#language-select", language)
        p.wait_for_function(f"document.documentElement.lang === {language!r}")
        assert messages[language]["title"] in p.inner_text("h1")
        assert p.inner_text("a.country[data-iso3=DEU]") == name
    assert p.eval_on_selector("html", "e => e.dir") == "rtl"
    p.screenshot(path=str(ARTEFACTS / "report-ar.png"))
    p.select_option("#language-select", "en")
    assert console == []


def test_forecast_and_development_views(page, con):
    """The profile continues the GPSI with the selected model's forecast (a dashed line
    over its band); the ranking switches to the development-adjusted order and back."""
    p, _c, _r = page
    p.select_option("#country-select", "UKR")
    p.wait_for_function("document.getElementById('profile-name').textContent.includes('Ukraine')")
    p.wait_for_selector("#profile-chart .mark-area path")
    dashed = p.eval_on_selector_all(
        "#profile-chart .mark-line path",
        "els => els.filter(e => e.getAttribute('stroke-dasharray')).length",
    )
    assert dashed == 1
    first = "document.querySelector('#ranking-table tbody tr')"
    p.select_option("#view-select", "adjusted")
    iso3, rank = p.evaluate(f"[{first}.dataset.iso3, {first}.cells[0].innerText]")
    best = con.execute(
        "select d.iso3 from marts.fct_gpsi_development d join marts.rpt_gpsi_latest r "
        "on d.iso3 = r.iso3 and d.year = r.year where d.development_adjusted_rank = 1"
    ).fetchone()[0]
    assert (iso3, rank) == (best, "1")
    p.select_option("#view-select", "world")
    top = con.execute("select iso3 from marts.rpt_gpsi_latest where gpsi_rank = 1").fetchone()[0]
    assert p.evaluate(f"{first}.dataset.iso3") == top
