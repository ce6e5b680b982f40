"""The offline visual report: one self-contained HTML file generated from the marts.

Everything it shows is in the file: the world map is SVG paths projected here from
Natural Earth's 1:110m countries (the world-atlas TopoJSON, installed from the npm
registry at setup and checked against a pinned sha256), the data are embedded JSON,
the few interactions are inline vanilla JavaScript. Nothing is fetched when it is
viewed: no CDN, no map tiles, no web fonts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import time
from pathlib import Path

from .pipeline import build_state, connect_read_only

log = logging.getLogger(__name__)

WORLD_ATLAS_SHA256 = "2516c915867c7baf18ddec727aec46c315541a07cfb3d79a6559b05d5e94eee8"
CLASS_COLOURS = {
    "very_high_risk": "#b2182b",
    "high_risk": "#ef8a62",
    "medium_risk": "#fddbc7",
    "low_risk": "#92c5de",
    "very_low_risk": "#2166ac",
}
STATUS_CODES = {"observed": "O", "interpolated": "I", "carried_forward": "C", "missing": "-"}


class ReportError(RuntimeError):
    pass


def world_atlas_path(project_dir: Path) -> Path:
    env = os.environ.get("GPSI_WORLD_ATLAS")
    return Path(env) if env else project_dir / "node_modules/world-atlas/countries-110m.json"


def load_topology(path: Path) -> dict:
    if not path.exists():
        raise ReportError(
            f"map geometry not found at {path}: run `make setup` (it installs the "
            "world-atlas package from the npm registry) or set GPSI_WORLD_ATLAS"
        )
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != WORLD_ATLAS_SHA256:
        raise ReportError(
            f"{path}: sha256 {digest} is not the pinned world-atlas 2.0.2 "
            f"countries-110m.json ({WORLD_ATLAS_SHA256})"
        )
    return json.loads(data)


def source_freshness(sources_json: Path | None) -> dict[str, tuple[str, str]]:
    """source_id -> (status, newest _loaded_at) from `dbt source freshness`."""
    import json

    if sources_json is None or not sources_json.exists():
        return {}
    out: dict[str, tuple[str, str]] = {}
    for result in json.loads(sources_json.read_text()).get("results", []):
        source_id = result["unique_id"].split(".")[2]
        status = result.get("status", "unknown")
        loaded = (result.get("max_loaded_at") or "")[:19].replace("T", " ")
        worst = {"pass": 0, "warn": 1, "error": 2, "runtime error": 3}
        if worst.get(status, 3) >= worst.get(out.get(source_id, ("pass",))[0], 3):
            out[source_id] = (status, loaded)
    return out


VEGA_LIBRARIES = (  # UMD builds from the npm registry, pinned in the Makefile
    ("vega", "5.33.0", "build/vega.min.js"),
    ("vega-lite", "5.23.0", "build/vega-lite.min.js"),
    ("vega-embed", "6.29.0", "build/vega-embed.min.js"),
)
LANGUAGES = ("en", "fr", "es", "ru", "zh", "ar")
TEMPLATES = Path(__file__).with_name("templates")


def load_libraries(project_dir: Path) -> list[str]:
    """The charting library's scripts, checked against the pinned versions."""
    scripts = []
    for name, version, build in VEGA_LIBRARIES:
        package = project_dir / "node_modules" / name
        meta = package / "package.json"
        if not meta.exists():
            raise ReportError(f"{name} not found in {package.parent}: run `make setup`")
        found = json.loads(meta.read_text())["version"]
        if found != version:
            raise ReportError(f"{name} {found} installed, the report pins {version}")
        scripts.append((package / build).read_text(encoding="utf-8"))
    return scripts


def _query(con, sql: str, params=None) -> list[tuple]:
    return con.execute(sql, params or []).fetchall()


def _collect(con) -> dict:
    """Everything the report shows, from the marts (and the loader's source table)."""
    q = lambda sql, params=None: _query(con, sql, params)  # noqa: E731
    dims = q("select dimension_id, name from marts.dim_dimension where is_active order by 1")
    head = q(
        "select r.iso3, r.country_name, r.gpsi_score, r.gpsi_rank, r.risk_class, r.year, "
        "r.countries_ranked, r.imputed_share, c.iso_numeric, u.rank_q05, u.rank_q95, "
        "r.founding_gpsi_score, r.founding_gpsi_rank, c.name_en, c.name_fr, c.name_es, "
        "c.name_ru, c.name_zh, c.name_ar from marts.rpt_gpsi_latest r "
        "join marts.dim_country c using (iso3) "
        "left join marts.fct_gpsi_uncertainty u on u.iso3 = r.iso3 and u.year = r.year "
        "order by r.gpsi_rank nulls last, r.country_name"
    )
    dim_scores = {
        (iso3, dim): score
        for iso3, dim, score in q(
            "select iso3, dimension_id, score from marts.rpt_gpsi_latest_dimensions"
        )
    }
    return {
        "method_version": q("select method_version from marts.dim_method")[0][0],
        "dims": dims,
        "inds": q(
            "select indicator_id, name, dimension_id from marts.dim_indicator "
            "where is_active order by dimension_id, indicator_id"
        ),
        "head": head,
        "dim_scores": dim_scores,
        "series": q("select iso3, year, gpsi_score from marts.fct_gpsi order by iso3, year"),
        "dim_series": q(
            "select iso3, year, dimension_id, score from marts.fct_dimension_scores "
            "where is_covered order by iso3, year"
        ),
        # One row per country and indicator, its statuses as one letter per year and its
        # sources, aggregated where the rows are: one tuple per country-year-indicator
        # would hold the whole fact table in Python (gigabytes at 100 times the snapshot).
        "coverage": q(
            "select iso3, indicator_id, string_agg(case value_status "
            + " ".join("when ? then ?" for _ in STATUS_CODES)
            + " end, '' order by year), list_sort(list_distinct(list(source_id))) "
            "from marts.fct_indicator_scores group by iso3, indicator_id "
            "order by iso3, indicator_id",
            [v for pair in STATUS_CODES.items() for v in pair],
        ),
        "years": [r[0] for r in q("select distinct year from marts.fct_gpsi order by 1")],
        "sources": q(
            "select source_id, source_name, publisher, publisher_url, licence, dimension "
            "from marts.dim_source order by dimension, source_id"
        ),
        "classes": q("select risk_class from marts.dim_risk_class order by class_order"),
        "development": {
            r[0]: r[1:]
            for r in q(
                "select d.iso3, d.income_group, d.income_group_percentile, "
                "d.development_adjusted_score, d.development_adjusted_rank "
                "from marts.fct_gpsi_development d join marts.rpt_gpsi_latest r "
                "on d.iso3 = r.iso3 and d.year = r.year"
            )
        },
        "forecast": q(
            "select iso3, origin_year, origin_value, target_year, point, lower, upper, model "
            "from marts.fct_forecasts where subject_id = 'gpsi' and is_selected "
            "order by iso3, target_year"
        ),
    }


def _profiles(data: dict, names: dict) -> dict:
    profile = {
        iso3: {"gpsi": {}, "dims": {}, "coverage": {}, "score": None, "rank": None, "forecast": []}
        for iso3 in names
    }
    for iso3, origin, origin_value, target, point, lower, upper, model in data["forecast"]:
        if iso3 not in profile:
            continue
        rows = profile[iso3]["forecast"]
        if not rows:  # the dashed line starts at the last observed value
            rows.append(
                {
                    "year": origin,
                    "point": round(origin_value, 3),
                    "lower": round(origin_value, 3),
                    "upper": round(origin_value, 3),
                    "model": model,
                }
            )
        rows.append(
            {
                "year": target,
                "point": round(point, 3),
                "lower": round(lower, 3),
                "upper": round(upper, 3),
                "model": model,
            }
        )
    for r in data["head"]:
        profile[r[0]]["score"], profile[r[0]]["rank"] = r[2], r[3]
    for iso3, y, score in data["series"]:
        if iso3 in profile and score is not None:
            profile[iso3]["gpsi"][y] = round(score, 3)
    for iso3, y, dim, score in data["dim_series"]:
        if iso3 in profile:
            profile[iso3]["dims"].setdefault(dim, {})[y] = round(score, 3)
    for iso3, ind, statuses, sources in data["coverage"]:
        if iso3 in profile:
            profile[iso3]["coverage"][ind] = {"s": statuses, "src": sources}
    return profile


def _ranking(data: dict) -> list[dict]:
    rows = []
    for r in data["head"]:
        if r[2] is None:
            continue
        development = data["development"].get(r[0])
        rows.append(
            {
                "iso3": r[0],
                "name": r[1],
                "score": r[2],
                "rank": r[3],
                "risk_class": r[4],
                "imputed": r[7] or 0.0,
                "interval": f"{r[9]:.0f}-{r[10]:.0f}" if r[9] is not None else "–",
                "founding": f"{r[11]:.1f} ({r[12]})" if r[11] is not None else "–",
                "dims": [data["dim_scores"].get((r[0], d)) for d, _ in data["dims"]],
                "income_group": development[0] if development else "–",
                "peer_percentile": development[1] if development else None,
                "adjusted": development[2] if development else None,
                "adjusted_rank": development[3] if development else None,
            }
        )
    return rows


def _payload(data: dict, ranking: list[dict], messages: dict, topology: dict) -> dict:
    """The JSON the page's script reads: names, profiles, map rows, the geometry."""
    names = {
        r[0]: {code: (r[13 + i] or r[1]) for i, code in enumerate(LANGUAGES)} for r in data["head"]
    }
    return {
        "year": data["head"][0][5],
        "years": data["years"],
        "default": ranking[0]["iso3"],
        "messages": messages,
        "names": names,
        "dimensions": [{"id": d, "name": n, "index": i} for i, (d, n) in enumerate(data["dims"])],
        "indicators": [{"id": i, "name": n, "dimension": d} for i, n, d in data["inds"]],
        "ranking": [{"iso3": r["iso3"], "dims": r["dims"]} for r in ranking],
        "profiles": _profiles(data, names),
        "classes": [{"id": c, "colour": CLASS_COLOURS[c]} for (c,) in data["classes"]],
        "map": [
            {"id": f"{r[8]:03d}", "iso3": r[0], "score": r[2], "rank": r[3], "cls": r[4]}
            for r in data["head"]
            if r[8] is not None and r[2] is not None
        ],
        "topology": topology,
    }


def build_report(
    db_path: Path,
    out_dir: Path,
    project_dir: Path,
    freshness_json: Path | None = None,
) -> Path:
    """Render the one-file offline report from the marts with the Jinja2 template and
    the bundled Vega-Lite, in the six UN official languages."""
    import jinja2
    import yaml
    from markupsafe import Markup

    started = time.perf_counter()
    topology = load_topology(world_atlas_path(project_dir))
    libraries = load_libraries(project_dir)
    state = build_state(db_path) or {}
    con = connect_read_only(db_path)
    try:
        data = _collect(con)
    finally:
        con.close()
    messages = yaml.safe_load((TEMPLATES / "messages.yml").read_text(encoding="utf-8"))
    ranking = _ranking(data)
    payload = _payload(data, ranking, messages, topology)
    year = payload["year"]
    freshness = source_freshness(freshness_json)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined
    )
    page = env.get_template("report.html.j2").render(
        year=year,
        ranked=len(ranking),
        method_version=data["method_version"],
        built=(state.get("built_at") or dt.datetime.now(dt.UTC)).strftime("%Y-%m-%d %H:%M UTC"),
        fingerprint=state.get("fingerprint") or "unstamped",
        languages=LANGUAGES,
        messages=messages,
        dimensions=payload["dimensions"],
        ranking=ranking,
        sources=[
            {
                "id": s[0],
                "name": s[1],
                "publisher": s[2],
                "url": s[3],
                "licence": s[4],
                "dimension": s[5],
                "freshness": " ".join(freshness.get(s[0], ("not checked", ""))).strip(),
            }
            for s in data["sources"]
        ],
        vega_lite_version=VEGA_LIBRARIES[1][1],
        payload=payload,
        css=Markup((TEMPLATES / "report.css").read_text(encoding="utf-8")),
        js=Markup((TEMPLATES / "report.js").read_text(encoding="utf-8")),
        libraries=[Markup(script) for script in libraries],
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = out_dir / ".index.html.tmp"
    tmp.write_text(page, encoding="utf-8")
    os.replace(tmp, out_dir / "index.html")
    log.info(
        f"  report {out_dir / 'index.html'} ({len(page) / 1e6:.1f} MB, {len(ranking)} "
        f"countries ranked in {year}) in {time.perf_counter() - started:.2f} s"
    )
    return out_dir / "index.html"
