"""The offline explorer in a real headless browser (Debian's chromium via Playwright):
every interaction a user has (year slider, map click, comparison, sort, search,
downloads, URL state, six languages, right-to-left, a phone-sized screen, keyboard)
driven and checked against the marts; an axe-core audit; screenshots of the main views
written to test-artifacts/explorer/ (the README names it)."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from conftest import PROJECT_DIR

# One pytest-xdist worker runs this module: its tests share one browser.
pytestmark = pytest.mark.xdist_group("report_browser")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTEFACTS = PROJECT_DIR / "test-artifacts" / "explorer"
AXE = PROJECT_DIR / "node_modules" / "axe-core" / "axe.min.js"
MESSAGES = PROJECT_DIR / "src" / "gpsi" / "report" / "templates" / "messages.yml"
ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
READY = "Number(document.body.dataset.ready || 0)"


@pytest.fixture(scope="module")
def browser(built_warehouse):
    if not Path(CHROMIUM).exists():  # never skipped: make test runs every test or fails
        pytest.fail(
            "the explorer's browser tests need Debian's chromium: "
            "apt-get update && apt-get install -y chromium (.ci/run installs it)"
        )
    from playwright.sync_api import sync_playwright

    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


class Explorer:
    """One browser tab on the explorer, recording console errors and every request."""

    def __init__(self, browser, folder: Path, width: int = 1280):
        self.context = browser.new_context(
            viewport={"width": width, "height": 900}, accept_downloads=True
        )
        self.page = self.context.new_page()
        self.url = (folder / "index.html").as_uri()
        self.errors: list = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))

    def visit(self, fragment: str = "") -> Explorer:
        self.page.goto("about:blank")
        self.page.goto(self.url + fragment)
        self.page.wait_for_function(f"{READY} >= 1")
        return self

    def act(self, action) -> None:
        """Run `action` and wait until the page has re-rendered after it."""
        before = self.page.evaluate(READY)
        action()
        self.page.wait_for_function(f"{READY} > {before}")

    def state(self) -> dict:
        return self.page.evaluate("Object.fromEntries(new URLSearchParams(location.hash.slice(1)))")

    def ranking(self) -> list[list[str]]:
        return self.page.eval_on_selector_all(
            "#ranking-table tbody tr",
            "rows => rows.map(r => [r.dataset.iso3, ...Array.from(r.cells, c => c.innerText)])",
        )

    def headers(self) -> list[str]:
        return self.page.eval_on_selector_all(
            "#ranking-table thead button", "els => els.map(e => e.dataset.sort)"
        )

    def set_year(self, year: int) -> None:
        self.act(
            lambda: self.page.eval_on_selector(
                "#year-slider",
                "(el, y) => { el.value = y; el.dispatchEvent(new Event('input')); }",
                year,
            )
        )

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="module")
def folder(built_warehouse) -> Path:
    return built_warehouse / "site" / "report"


@pytest.fixture
def explorer(browser, folder):
    tab = Explorer(browser, folder).visit()
    yield tab
    assert tab.errors == [], tab.errors
    tab.close()


def _reported_year(con) -> int:
    return con.execute("select reported_year from marts.dim_method").fetchone()[0]


def test_offline_folder_under_budget_without_errors(explorer, folder):
    """Loads nothing from the network; the folder stays under 8 MB."""
    explorer.page.screenshot(path=str(ARTEFACTS / "explorer-top.png"))
    explorer.page.screenshot(path=str(ARTEFACTS / "explorer-full.png"), full_page=True)
    outside = [u for u in explorer.requests if not u.startswith(("file://", "data:", "blob:"))]
    assert outside == []
    assert sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) < 8_000_000
    assert (ARTEFACTS / "explorer-full.png").stat().st_size > 50_000


def test_map_shows_the_index_or_any_dimension(explorer, con):
    """The map describes each country path as "ISO3 value"; the values are the mart's,
    for the index, a dimension, or the risk class (to display rounding: the payload holds
    two decimals, the label one)."""
    year = _reported_year(con)
    page = explorer.page

    def shown() -> dict[str, str]:
        labels = page.eval_on_selector_all(
            "#map-chart path[aria-label]", "els => els.map(e => e.getAttribute('aria-label'))"
        )
        return dict(label.split(" ", 1) for label in labels if " " in label)

    measures = {
        "gpsi": "select iso3, gpsi_score from marts.fct_gpsi where year = ? "
        "and gpsi_score is not null",
        "social_stability": "select iso3, score from marts.fct_dimension_scores where year = ? "
        "and dimension_id = 'social_stability' and is_covered",
    }
    for measure, sql in measures.items():
        explorer.act(lambda m=measure: page.select_option("#measure-select", m))
        expected = dict(con.execute(sql, [year]).fetchall())
        found = shown()
        assert len(found) > 150, measure
        for iso3, value in found.items():
            assert float(value) == pytest.approx(expected[iso3], abs=0.056), (measure, iso3)
    explorer.act(lambda: page.select_option("#measure-select", "risk_class"))
    classes = dict(
        con.execute(
            "select iso3, risk_class from marts.fct_gpsi where year = ? and risk_class is not null",
            [year],
        ).fetchall()
    )
    for iso3, risk_class in shown().items():
        assert risk_class == classes[iso3], iso3
    page.screenshot(path=str(ARTEFACTS / "explorer-map-risk-class.png"))


def test_year_slider_shows_every_published_year(explorer, con):
    """Every year of fct_gpsi can be chosen; the ranking is that year's, and provisional
    years (is_provisional) carry a visible mark."""
    years = con.execute(
        "select year, bool_or(is_provisional) from marts.fct_gpsi group by year order by year"
    ).fetchall()
    page = explorer.page
    assert page.eval_on_selector("#year-slider", "e => [+e.min, +e.max]") == [
        years[0][0],
        years[-1][0],
    ]
    for year, provisional in (years[0], years[len(years) // 2], years[-1]):
        explorer.set_year(year)
        mart = con.execute(
            "select iso3, gpsi_rank, gpsi_score from marts.fct_gpsi "
            "where year = ? and gpsi_score is not null",
            [year],
        ).fetchall()
        rows = explorer.ranking()
        assert len(rows) == len(mart), year
        shown = {r[0]: (r[1], r[3]) for r in rows}
        for iso3, rank, score in mart:
            assert shown[iso3] == (str(rank), f"{score:.1f}"), (year, iso3)
        assert page.is_visible("#year-badge") == provisional, year
        assert explorer.state()["year"] == str(year)
    page.screenshot(path=str(ARTEFACTS / "explorer-provisional-year.png"))


def test_map_click_opens_the_country(explorer, con):
    page = explorer.page
    explorer.act(lambda: page.click("#map-chart path[aria-label^='NGA ']"))
    page.wait_for_function("document.getElementById('profile-name').textContent === 'Nigeria'")
    assert explorer.state()["country"] == "NGA"
    year = _reported_year(con)
    score, rank = con.execute(
        "select gpsi_score, gpsi_rank from marts.fct_gpsi where iso3 = 'NGA' and year = ?", [year]
    ).fetchone()
    assert f"GPSI {score:.1f} in {year} (rank {rank})" in page.inner_text("#profile-score")


def test_table_click_opens_the_country_with_coverage_and_data_years(explorer, con):
    page = explorer.page
    explorer.act(lambda: page.click("#ranking-table button.country[data-iso3='KEN']"))
    page.wait_for_function("document.getElementById('profile-name').textContent === 'Kenya'")
    year = _reported_year(con)
    expected = {
        ind: (statuses, data_year)
        for ind, statuses, data_year in con.execute(
            "select indicator_id, string_agg(case value_status when 'observed' then 'O' "
            "when 'interpolated' then 'I' when 'carried_forward' then 'C' else '-' end, '' "
            "order by year), max(source_year) filter (where year = ?) "
            "from marts.fct_indicator_scores where iso3 = 'KEN' group by indicator_id",
            [year],
        ).fetchall()
    }
    active = [
        r[0]
        for r in con.execute(
            "select indicator_id from marts.dim_indicator where is_active "
            "order by dimension_id, weight desc, indicator_id"
        ).fetchall()
    ]
    shown = page.eval_on_selector_all(
        "#profile-coverage tbody tr",
        "rows => rows.map(r => [r.cells[2].innerText, r.cells[3].innerText])",
    )
    assert len(shown) == len(active)
    for ind, (statuses, data_year) in zip(active, shown, strict=True):
        want = expected.get(ind, ("", None))
        assert statuses == want[0], ind
        assert data_year == (str(want[1]) if want[1] is not None else "–"), ind


def test_ranking_sorts_searches_and_draws_rank_intervals(explorer, con):
    page = explorer.page
    year = _reported_year(con)
    columns = explorer.headers()
    score_col = columns.index("s") + 1  # +1: the iso3 first in explorer.ranking()
    explorer.act(lambda: page.click("#ranking-table thead button[data-sort='s']"))
    scores = [float(r[score_col]) for r in explorer.ranking()]
    assert scores == sorted(scores) and len(scores) > 150
    assert page.get_attribute("#ranking-table th:has(button[data-sort='s'])", "aria-sort") == (
        "ascending"
    )
    explorer.act(lambda: page.click("#ranking-table thead button[data-sort='s']"))
    scores = [float(r[score_col]) for r in explorer.ranking()]
    assert scores == sorted(scores, reverse=True)
    # search matches any of the six languages' names, without accents, or the ISO3 code
    explorer.act(lambda: page.fill("#search", "allemagne"))
    assert [r[0] for r in explorer.ranking()] == ["DEU"]
    explorer.act(lambda: page.fill("#search", "nga"))
    assert "NGA" in [r[0] for r in explorer.ranking()]
    explorer.act(lambda: page.fill("#search", ""))
    # the rank interval bar spans q05..q95 of the countries ranked
    lo, hi, n = con.execute(
        "select u.rank_q05, u.rank_q95, g.countries_ranked from marts.fct_gpsi_uncertainty u "
        "join marts.fct_gpsi g using (iso3, year) where iso3 = 'BRA' and year = ?",
        [year],
    ).fetchone()
    track, bar = page.eval_on_selector(
        "#ranking-table tr[data-iso3='BRA'] .track",
        "t => [t.getBoundingClientRect().width,"
        " t.querySelector('.bar').getBoundingClientRect().width]",
    )
    assert bar / track == pytest.approx((hi - lo + 1) / n, abs=0.02)
    # sticky headers: after scrolling the table, its header stays at the top of the box
    top = page.evaluate(
        "(() => { const box = document.querySelector('#ranking .scroll'); box.scrollTop = 2000;"
        " return [box.getBoundingClientRect().top,"
        " box.querySelector('thead th').getBoundingClientRect().top]; })()"
    )
    assert top[1] == pytest.approx(top[0], abs=2)


def test_downloads_csv_and_charts(explorer, con, tmp_path):
    """The rows on screen as CSV (values equal the mart; text that a spreadsheet would
    run is neutralised), and each chart as SVG and PNG through Vega's own export."""
    page = explorer.page
    year = _reported_year(con)
    explorer.act(lambda: page.fill("#search", "a"))
    with page.expect_download() as download:
        page.click("#download-csv")
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.name == f"gpsi-ranking-{year}.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert [r["iso3"] for r in rows] == [r[0] for r in explorer.ranking()]
    mart = {
        iso3: (rank, score)
        for iso3, rank, score in con.execute(
            "select iso3, gpsi_rank, gpsi_score from marts.fct_gpsi where year = ?", [year]
        ).fetchall()
    }
    for r in rows:
        rank, score = mart[r["iso3"]]  # the explorer's data hold three decimals
        assert int(r["gpsi_rank"]) == rank
        assert float(r["gpsi_score"]) == pytest.approx(score, abs=5e-4)
    poisoned = page.evaluate(
        "(() => { GPSI.data.countries.DEU.names.en = '=HYPERLINK(\"http://x\")';"
        " GPSI.state.q = 'DEU'; return GPSI.rankingCsv(); })()"
    )
    assert '"\'=HYPERLINK(""http://x"")"' in poisoned
    for fmt, magic in (("svg", b"<svg"), ("png", b"\x89PNG")):
        page.eval_on_selector("#map-chart details", "menu => { menu.open = true; }")
        with page.expect_download() as download:
            page.click(f"#map-chart .vega-actions a[download$='.{fmt}']")
        saved = tmp_path / f"map.{fmt}"
        download.value.save_as(saved)
        assert saved.read_bytes()[:16].lstrip().startswith(magic), fmt


def test_comparison_of_up_to_five_countries(explorer, con):
    page = explorer.page
    for iso3 in ("NGA", "UKR", "BRA", "JPN", "MEX", "IND"):
        page.select_option("#compare-select", iso3)
        page.click("#compare-add")
    page.wait_for_function("document.querySelectorAll('#compare-chips li').length === 5")
    page.wait_for_timeout(300)
    assert page.inner_text("#compare-status") != ""
    compared = explorer.state()["compare"].split(",")
    assert len(compared) == 5 and "IND" not in compared
    lines = page.eval_on_selector_all("#compare-chart .mark-line path", "els => els.length")
    assert lines == 5
    explorer.act(lambda: page.click("#compare-chips li:first-child button"))
    assert len(explorer.state()["compare"].split(",")) == 4
    page.locator("#compare").screenshot(path=str(ARTEFACTS / "explorer-compare.png"))


def test_profile_marks_provisional_years_breaks_and_forecast(explorer, con):
    """Provisional years are shaded and their points hollow; every year whose change is
    not comparable (a source break) has its rule; the forecast band starts at the
    reported year."""
    page = explorer.page
    explorer.act(lambda: page.select_option("#country-select", "UKR"))
    page.wait_for_selector("#profile-chart .mark-area path")
    series = con.execute(
        "select year, is_provisional, is_comparable_with_previous_year from marts.fct_gpsi "
        "where iso3 = 'UKR' and gpsi_score is not null order by year"
    ).fetchall()
    breaks = sum(1 for year, _p, comparable in series[1:] if comparable is False)
    rules = "#profile-chart .mark-rule.role-mark line"  # not the axes' grid and ticks
    assert page.eval_on_selector_all(rules, "e => e.length") == breaks
    hollow = page.eval_on_selector_all(
        "#profile-chart .mark-symbol path",
        "els => els.filter(e => e.getAttribute('fill') === 'white').length",
    )
    assert hollow == sum(1 for _y, provisional, _c in series if provisional)
    assert page.eval_on_selector_all("#profile-chart .mark-rect path", "e => e.length") >= 1
    origin = con.execute(
        "select min(origin_year) from marts.fct_forecasts "
        "where iso3 = 'UKR' and subject_id = 'gpsi' "
        "and is_selected and origin_year = (select reported_year from marts.dim_method)"
    ).fetchone()[0]
    assert origin == _reported_year(con)
    page.locator("#profile").screenshot(path=str(ARTEFACTS / "explorer-profile-ukr.png"))


def test_url_state_and_language_survive_a_reload(explorer):
    page = explorer.page
    explorer.set_year(2018)
    explorer.act(lambda: page.select_option("#country-select", "KEN"))
    explorer.act(lambda: page.select_option("#measure-select", "terrorism"))
    page.select_option("#compare-select", "PER")
    explorer.act(lambda: page.click("#compare-add"))
    explorer.act(lambda: page.fill("#search", "ke"))
    explorer.act(lambda: page.select_option("#language-select", "fr"))
    state = explorer.state()
    page.reload()
    page.wait_for_function(f"{READY} >= 1")
    assert explorer.state() == state
    assert page.eval_on_selector("#year-slider", "e => e.value") == "2018"
    assert page.inner_text("#profile-name") == "Kenya"
    assert page.eval_on_selector("#measure-select", "e => e.value") == "terrorism"
    assert "Pérou" in page.inner_text("#compare-chips")
    assert page.eval_on_selector("#search", "e => e.value") == "ke"
    assert page.eval_on_selector("html", "e => e.lang") == "fr"
    # the language is remembered without the URL too
    explorer.visit("#year=2018")
    assert page.eval_on_selector("html", "e => e.lang") == "fr"
    explorer.act(lambda: page.select_option("#language-select", "en"))


def test_six_languages_render_with_the_bundled_fonts(explorer, con):
    """Labels from the message file and country names in the six UN languages; their
    glyphs come from the bundled fonts (the font faces the browser loaded for the text
    cover every character), not from whatever the machine has installed."""
    import yaml

    messages = yaml.safe_load(MESSAGES.read_text(encoding="utf-8"))
    page = explorer.page
    names = dict(
        zip(
            ("fr", "es", "ru", "zh", "ar"),
            con.execute(
                "select name_fr, name_es, name_ru, name_zh, name_ar from marts.dim_country "
                "where iso3 = 'DEU'"
            ).fetchone(),
            strict=True,
        )
    )
    names = {code: name.split(" (")[0] for code, name in names.items()}  # "Allemagne (l')"
    names["en"] = "Germany"
    for language in ("fr", "es", "ru", "zh", "ar", "en"):
        explorer.act(lambda lang=language: page.select_option("#language-select", lang))
        assert page.inner_text("h1") == messages[language]["title"]
        assert page.inner_text("button.country[data-iso3=DEU]") == names[language]
        assert page.inner_text("#methodology-title") == messages[language]["methodology"]
        sample = messages[language]["title"] + names[language] + messages[language]["ranking_note"]
        uncovered = page.evaluate(
            """async (text) => {
                const faces = await document.fonts.load('16px "GPSI Sans"', text);
                await document.fonts.ready;
                const ranges = faces.filter(f => f.status === 'loaded')
                    .flatMap(f => f.unicodeRange.split(',')).map(r => {
                        const [lo, hi] = r.trim().slice(2).split('-');
                        return [parseInt(lo, 16), parseInt(hi || lo, 16)];
                    });
                return [...text].filter(c => c.trim() && !ranges.some(
                    ([lo, hi]) => c.codePointAt(0) >= lo && c.codePointAt(0) <= hi));
            }""",
            sample,
        )
        assert uncovered == [], (language, uncovered[:10])
        page.screenshot(path=str(ARTEFACTS / f"explorer-{language}.png"))
    assert explorer.errors == []


def test_right_to_left_numbers_and_charts(explorer):
    """In Arabic the page is right-to-left, but a negative number reads "-4.1" (its
    minus sign drawn left of its digits) and charts keep their axes and legends."""
    page = explorer.page
    explorer.act(lambda: page.select_option("#language-select", "ar"))
    assert page.eval_on_selector("html", "e => e.dir") == "rtl"
    explorer.act(lambda: page.click("#ranking-table thead button[data-sort='ch']"))
    sign, digit = page.evaluate(
        """(() => {
            const cell = [...document.querySelectorAll('#ranking-table td.num')]
                .find(c => c.textContent.startsWith('-'));
            const text = cell.firstChild, range = document.createRange();
            const x = (i) => { range.setStart(text, i); range.setEnd(text, i + 1);
                return range.getBoundingClientRect().left; };
            return [x(0), x(1)];
        })()"""
    )
    assert sign < digit
    legend, marks = page.evaluate(
        """(() => {
            const box = (s) => document.querySelector('#map-chart ' + s).getBoundingClientRect();
            const l = box('.role-legend'), m = box('.layer_1_marks');
            return [[l.top, l.bottom, l.left, l.right], [m.top, m.bottom, m.left, m.right]];
        })()"""
    )
    assert legend[0] >= marks[1] - 1  # the legend sits below the map, not over it
    page.screenshot(path=str(ARTEFACTS / "explorer-ar-ranking.png"))
    explorer.act(lambda: page.select_option("#language-select", "en"))


@pytest.mark.parametrize("language", ["en", "ar", "zh"])
def test_phone_width_has_no_horizontal_scroll(browser, folder, language):
    tab = Explorer(browser, folder, width=390).visit(f"#lang={language}&compare=NGA,UKR")
    try:
        assert tab.page.evaluate("document.documentElement.scrollWidth") <= 390
        tab.page.screenshot(path=str(ARTEFACTS / f"explorer-390-{language}.png"), full_page=True)
        assert tab.errors == []
    finally:
        tab.close()


def test_keyboard_reaches_sorting_and_profiles(explorer):
    page = explorer.page
    page.focus("#ranking-table thead button[data-sort='s']")
    explorer.act(lambda: page.keyboard.press("Enter"))
    assert explorer.state()["sort"] == "s:asc"
    page.focus("#ranking-table tbody button.country")
    iso3 = page.evaluate("document.activeElement.dataset.iso3")
    explorer.act(lambda: page.keyboard.press("Enter"))
    assert explorer.state()["country"] == iso3
    page.keyboard.press("Tab")  # the focus moved on from the opened country, not lost
    assert page.evaluate("document.activeElement !== document.body")


def test_accessibility_audit_has_no_serious_violations(explorer):
    """axe-core (npm) over the whole page: no serious or critical violation."""
    page = explorer.page
    page.add_script_tag(path=str(AXE))
    for language in ("en", "ar"):
        explorer.act(lambda lang=language: page.select_option("#language-select", lang))
        violations = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
            ".map(v => [v.id, v.impact, v.nodes.length, v.nodes[0].target.join(' ')])"
        )
        serious = [v for v in violations if v[1] in ("serious", "critical")]
        assert serious == [], (language, serious)
    explorer.act(lambda: page.select_option("#language-select", "en"))


def test_what_changed_since_the_last_edition(explorer, con):
    edition, previous = con.execute(
        "select (select edition_id from marts.dim_edition where is_current), "
        "(select max(previous_edition_id) from marts.fct_gpsi_revisions)"
    ).fetchone()
    text = explorer.page.inner_text("#changes-summary")
    if previous is None:
        assert text.startswith(f"Edition {edition} ") and "is the first" in text
    else:
        assert f"Edition {edition} " in text and f"against edition {previous}" in text
    rows = explorer.page.eval_on_selector_all("#changes-table tbody tr", "rows => rows.length")
    moved = con.execute(
        "select count(*) from marts.fct_gpsi_revisions where revision_reason != 'unchanged' "
        "and year = (select reported_year from marts.dim_method)"
    ).fetchone()[0]
    assert rows == min(moved, 15)


def test_bundled_fonts_cover_every_label_and_name(folder, con):
    """Read back with fontTools: the fonts in the folder have a glyph for every character
    of every label in the six languages and of every country name shown."""
    import yaml
    from fontTools.ttLib import TTFont

    covered = set()
    for font in (folder / "assets" / "fonts").glob("*.woff2"):
        covered |= set(TTFont(font).getBestCmap())
    messages = yaml.safe_load(MESSAGES.read_text(encoding="utf-8"))
    text = "".join(v for labels in messages.values() for v in labels.values())
    for row in con.execute(
        "select country_name, name_fr, name_es, name_ru, name_zh, name_ar from marts.dim_country"
    ).fetchall():
        text += "".join(name for name in row if name)
    missing = {c for c in text if not c.isspace() and ord(c) not in covered}
    assert missing == set()


def test_fonts_cut_once_for_the_same_characters(tmp_path, monkeypatch):
    """The same characters and fonts reuse the last cut (the cache): the same files and
    rules; other characters cut again."""
    from gpsi.report import fonts

    cache = tmp_path / "cache"
    first = fonts.bundle(PROJECT_DIR, "Sécurité 安全 أمن", tmp_path / "a", "f/", cache=cache)
    monkeypatch.setattr(fonts, "_cut", lambda *a: (_ for _ in ()).throw(AssertionError("cut")))
    again = fonts.bundle(PROJECT_DIR, "Sécurité 安全 أمن", tmp_path / "b", "f/", cache=cache)
    assert again == first and first[0].count("@font-face") >= 3
    listing = {p.name: p.read_bytes() for p in (tmp_path / "a").iterdir()}
    assert {p.name: p.read_bytes() for p in (tmp_path / "b").iterdir()} == listing
    with pytest.raises(AssertionError, match="cut"):
        fonts.bundle(PROJECT_DIR, "Безопасность", tmp_path / "c", "f/", cache=cache)


def test_fonts_cut_twice_are_the_same_bytes(tmp_path, monkeypatch):
    """Without a cache, the same characters give the same font files on any day: the cut
    keeps each font's own modification date, not the clock (fontTools' default)."""
    from fontTools.ttLib.tables import _h_e_a_d

    from gpsi.report import fonts

    text = "Sécurité 安全 أمن Безопасность"
    fonts.bundle(PROJECT_DIR, text, tmp_path / "a", "f/")
    later = _h_e_a_d.timestampNow() + 86_400
    monkeypatch.setattr(_h_e_a_d, "timestampNow", lambda: later)
    fonts.bundle(PROJECT_DIR, text, tmp_path / "b", "f/")
    cut = {p.name: p.read_bytes() for p in (tmp_path / "a").iterdir()}
    assert len(cut) >= 4
    assert {p.name: p.read_bytes() for p in (tmp_path / "b").iterdir()} == cut


def test_methodology_and_sources_come_from_the_marts(explorer, con):
    page = explorer.page
    min_dims, floor, version = con.execute(
        "select min_dimensions, dimension_score_floor, method_version from marts.dim_method"
    ).fetchone()
    text = page.inner_text("#method-text")
    assert f"at least {min_dims} dimensions" in text
    assert f"floored at {floor:g}" in text
    assert version in text
    shown = page.eval_on_selector_all(
        "#method-table tbody tr",
        "rows => rows.map(r => [r.cells[2].innerText, r.cells[3].innerText])",
    )
    weights = con.execute(
        "select weight from marts.dim_indicator where is_active "
        "order by dimension_id, weight desc, indicator_id"
    ).fetchall()
    assert [float(w) for _n, w in shown] == [w for (w,) in weights]
    sources = page.inner_text("#sources")
    for source_id, licence in con.execute(
        "select source_id, licence from marts.dim_source"
    ).fetchall():
        assert source_id in sources and licence in sources


def test_risk_watch_lists_the_highest_probabilities_with_the_measured_skill(explorer, con):
    top = con.execute(
        "select iso3, probability from marts.fct_early_warning "
        "where target_id = 'social_stability_fall' and horizon = 1 "
        "order by probability desc, iso3 limit 20"
    ).fetchall()
    ratio, events = con.execute(
        "select pr_auc_ratio, events from marts.rpt_early_warning_skill "
        "where target_id = 'social_stability_fall' and horizon = 1 and model = 'logistic' "
        "and scope = 'all'"
    ).fetchone()
    explorer.visit()
    rows = explorer.page.eval_on_selector_all(
        "#risk-watch-table tbody tr",
        "rows => rows.map(r => [r.cells[0].dataset.iso3, r.cells[1].textContent])",
    )
    assert [r[0] for r in rows] == [iso3 for iso3, _ in top]
    assert rows[0][1] == f"{100 * top[0][1]:.1f}%"
    summary = explorer.page.inner_text("#risk-watch-summary")
    assert f"{ratio:.1f}× the base rate" in summary and f"{events} sharp falls" in summary
    explorer.act(lambda: explorer.page.select_option("#language-select", "fr"))
    assert "Probabilité que la stabilité sociale" in explorer.page.inner_text("#risk-watch-summary")
    explorer.act(lambda: explorer.page.select_option("#language-select", "en"))
