"""The offline explorer: one folder (index.html, its scripts, styles, fonts and data)
generated from the marts, that a browser opens from disk.

Everything it shows is in the folder: the world map is Natural Earth's 1:110m countries
(the world-atlas TopoJSON, installed from the npm registry at setup and checked against
a pinned sha256), the charts are Vega-Lite, the fonts are Noto cut to the page's
characters, the data are one JSON-in-script file. Nothing is fetched when it is viewed:
no CDN, no map tiles, no web fonts from a server. The page's code is the Jinja2
template and small scripts under templates/ (state, charts, ranking, app).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import shutil
import time
from pathlib import Path

from ..paths import swap_dir
from ..state import build_state, connect_read_only
from . import fonts
from .data import LANGUAGES, collect
from .npm import ReportError, npm_package

__all__ = ["ReportError", "build_report"]

log = logging.getLogger(__name__)
logging.getLogger("fontTools").setLevel(logging.WARNING)  # its subsetter logs every table

WORLD_ATLAS_SHA256 = "2516c915867c7baf18ddec727aec46c315541a07cfb3d79a6559b05d5e94eee8"


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
TEMPLATES = Path(__file__).with_name("templates")
SCRIPTS = ("state.js", "charts.js", "ranking.js", "app.js")  # the page's own, in load order
MAX_FOLDER_BYTES = 8_000_000


def folder_budget() -> int:
    """The explorer folder's size budget in bytes: $GPSI_EXPLORER_MAX_MB, else 8 MB (what a
    page on a slow connection may load). The benchmark's synthetic warehouses, with 10 and
    100 times the countries, raise it."""
    value = os.environ.get("GPSI_EXPLORER_MAX_MB")
    if value is None:
        return MAX_FOLDER_BYTES
    try:
        megabytes = float(value)
    except ValueError:
        megabytes = 0.0
    if not megabytes > 0:
        raise ReportError(f"GPSI_EXPLORER_MAX_MB={value!r}: expected a positive number of MB")
    return int(megabytes * 1_000_000)


def load_libraries(project_dir: Path) -> list[Path]:
    """The charting library's scripts, checked against the pinned versions."""
    return [npm_package(project_dir, name, v) / build for name, v, build in VEGA_LIBRARIES]


def _payload(data: dict, messages: dict, topology: dict, freshness: dict) -> dict:
    """The JSON the page's scripts read (window.GPSI_DATA)."""
    reported = data["method"]["reported_year"]
    ranked = data["rows"][reported]
    return {
        **{k: data[k] for k in ("method", "dimensions", "indicators", "years", "provisional")},
        **{k: data[k] for k in ("rows", "countries", "series", "forecast", "coverage")},
        "reported_year": reported,
        "default_country": ranked[0]["i"] if ranked else None,
        "languages": LANGUAGES,
        "messages": messages,
        "classes": data["classes"],
        "draws": data["draws"],
        "edition": data["edition"],
        "risk_watch": data["risk_watch"],
        "sources": [
            {**s, "freshness": " ".join(freshness.get(s["id"], ("not checked", ""))).strip()}
            for s in data["sources"]
        ],
        "topology": topology,
    }


def _write_folder(
    folder: Path,
    template,
    context: dict,
    data_js: str,
    project_dir: Path,
    cache_dir: Path | None,
) -> int:
    """The explorer's files into `folder`: the page with its styles and fonts inline-cut
    to the characters it shows, the data, the libraries and scripts. Returns its size."""
    from markupsafe import Markup

    assets = folder / "assets"
    assets.mkdir(parents=True)
    text = template.render(**context, css="") + data_js  # every character shown
    faces, missing = fonts.bundle(
        project_dir,
        text,
        assets / "fonts",
        "assets/fonts/",
        cache=cache_dir / "fonts" if cache_dir is not None else None,
    )
    # The styles inline: a stylesheet file is one more request, and tools that read
    # stylesheets by XHR (axe-core) cannot on file://.
    css = Markup(faces + (TEMPLATES / "explorer.css").read_text(encoding="utf-8"))
    (folder / "index.html").write_text(template.render(**context, css=css), encoding="utf-8")
    (assets / "data.js").write_text(data_js, encoding="utf-8")
    for library in load_libraries(project_dir):
        shutil.copyfile(library, assets / library.name)
    for name in SCRIPTS:
        shutil.copyfile(TEMPLATES / name, assets / name)
    if missing:
        log.warning(f"  report: no bundled font has {''.join(sorted(missing))[:80]}")
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    budget = folder_budget()
    if size > budget:
        raise ReportError(
            f"the explorer is {size / 1e6:.1f} MB, over its {budget / 1e6:g} MB budget "
            "(GPSI_EXPLORER_MAX_MB)"
        )
    return size


def build_report(
    db_path: Path,
    out_dir: Path,
    project_dir: Path,
    freshness_json: Path | None = None,
    cache_dir: Path | None = None,
) -> Path:
    """Render the offline explorer from the marts into `out_dir`, in the six UN official
    languages. The folder is written beside `out_dir` and swapped in whole: a reader
    sees the previous explorer or the new one, never half of one. `cache_dir` keeps the
    last fonts cut (fonts.bundle)."""
    import jinja2
    import yaml

    started = time.perf_counter()
    topology = load_topology(world_atlas_path(project_dir))
    state = build_state(db_path) or {}
    con = connect_read_only(db_path)
    try:
        data = collect(con)
    finally:
        con.close()
    messages = yaml.safe_load((TEMPLATES / "messages.yml").read_text(encoding="utf-8"))
    payload = _payload(data, messages, topology, source_freshness(freshness_json))
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined
    )
    year = payload["reported_year"]
    context = dict(
        year=year,
        ranked=len(payload["rows"][year]),
        method_version=data["method"]["method_version"],
        built=(state.get("built_at") or dt.datetime.now(dt.UTC)).strftime("%Y-%m-%d %H:%M UTC"),
        fingerprint=state.get("fingerprint") or "unstamped",
        languages=LANGUAGES,
        messages=messages,
        libraries=[p.name for p in load_libraries(project_dir)],
        scripts=SCRIPTS,
        vega_lite_version=VEGA_LIBRARIES[1][1],
    )
    # JSON inside a script file: a value can never close a tag or run as code.
    data_js = "window.GPSI_DATA = " + json.dumps(payload, ensure_ascii=False) + ";\n"
    tmp = out_dir.with_name(f".{out_dir.name}.{os.getpid()}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        template = env.get_template("index.html.j2")
        size = _write_folder(tmp, template, context, data_js, project_dir, cache_dir)
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        swap_dir(tmp, out_dir)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    log.info(
        f"  report {out_dir / 'index.html'} ({size / 1e6:.1f} MB in {out_dir.name}/, "
        f"{context['ranked']} countries ranked in {year}) in "
        f"{time.perf_counter() - started:.2f} s"
    )
    return out_dir / "index.html"
