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
import html
import json
import logging
import math
import os
import time
from pathlib import Path

import duckdb

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


def _arcs(topology: dict) -> list[list[tuple[float, float]]]:
    scale = topology["transform"]["scale"]
    translate = topology["transform"]["translate"]
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * scale[0] + translate[0], y * scale[1] + translate[1]))
        decoded.append(points)
    return decoded


def _ring(arcs, indexes) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc[1:] if points else arc)
    return points


def equal_earth(lon: float, lat: float) -> tuple[float, float]:
    """Equal Earth projection (Šavrič, Patterson and Jenny 2018), unit sphere."""
    a1, a2, a3, a4 = 1.340264, -0.081106, 0.000893, 0.003796
    m = math.sqrt(3) / 2
    lam, phi = math.radians(lon), math.radians(lat)  # lon may exceed 180 (unwrapped rings)
    theta = math.asin(m * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (m * (a1 + 3 * a2 * t2 + t6 * (7 * a3 + 9 * a4 * t2)))
    y = theta * (a1 + a2 * t2 + t6 * (a3 + a4 * t2))
    return x, y


def country_paths(topology: dict, width: float = 960.0) -> tuple[dict[int, str], float]:
    """SVG path data per ISO numeric code, projected to a width-wide box."""
    arcs = _arcs(topology)
    x_max, _ = equal_earth(180, 0)
    _, y_max = equal_earth(0, 90)
    k = width / (2 * x_max)
    height = 2 * y_max * k
    paths: dict[int, str] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        if "id" not in geometry or not str(geometry["id"]).isdigit():
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        parts = []
        for polygon in polygons:
            for ring in polygon:
                points = _ring(arcs, ring)
                # Unwrap longitudes along the ring so a ring crossing the antimeridian
                # continues past the map edge (clipped by the viewBox) instead of
                # drawing a line across the whole map.
                unwrapped, offset, previous = [], 0.0, None
                for lon, lat in points:
                    if previous is not None and abs(lon + offset - previous) > 180:
                        offset += 360 if previous > lon + offset else -360
                    unwrapped.append((lon + offset, lat))
                    previous = lon + offset
                projected = [equal_earth(lon, lat) for lon, lat in unwrapped]
                d = "M" + "L".join(
                    f"{(px + x_max) * k:.1f},{(y_max - py) * k:.1f}" for px, py in projected
                )
                parts.append(d + "Z")
        paths[int(geometry["id"])] = paths.get(int(geometry["id"]), "") + "".join(parts)
    return paths, height


def _fmt(value, digits: int = 1) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _histogram(values: list[float], title: str) -> str:
    bins = [0] * 10
    for v in values:
        bins[min(int(v // 10), 9)] += 1
    peak = max(bins) or 1
    bars = []
    for i, n in enumerate(bins):
        h = 100 * n / peak
        bars.append(
            f'<rect x="{i * 24 + 2}" y="{110 - h:.1f}" width="20" height="{h:.1f}" '
            f'class="bar"><title>{i * 10}-{i * 10 + 10}: {n} countries</title></rect>'
        )
    axis = "".join(
        f'<text x="{i * 24}" y="124" class="tick">{i * 10}</text>' for i in range(0, 11, 2)
    )
    return (
        f'<figure class="hist"><figcaption>{html.escape(title)} '
        f"<small>({len(values)} countries)</small></figcaption>"
        f'<svg viewBox="0 0 256 128" role="img">{"".join(bars)}{axis}</svg></figure>'
    )


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


def build_report(
    db_path: Path,
    out_dir: Path,
    project_dir: Path,
    freshness_json: Path | None = None,
) -> Path:
    started = time.perf_counter()
    topology = load_topology(world_atlas_path(project_dir))
    paths, map_height = country_paths(topology)
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        q = lambda sql, params=None: con.execute(sql, params or []).fetchall()  # noqa: E731
        method_version = q("select method_version from marts.dim_method")[0][0]
        dims = q("select dimension_id, name from marts.dim_dimension where is_active order by 1")
        inds = q(
            "select indicator_id, name, dimension_id from marts.dim_indicator "
            "where is_active order by dimension_id, indicator_id"
        )
        head = q(
            "select r.iso3, r.country_name, r.gpsi_score, r.gpsi_rank, r.risk_class, "
            "r.year, r.countries_ranked, r.imputed_share, c.iso_numeric, r.un_region, "
            "u.rank_p05, u.rank_p95, r.founding_gpsi_score, r.founding_gpsi_rank"
            " from marts.rpt_gpsi_latest r join marts.dim_country c using (iso3) "
            "left join marts.rpt_gpsi_uncertainty u using (iso3) "
            "order by r.gpsi_rank nulls last, r.country_name"
        )
        dim_scores = {
            (iso3, dim): score
            for iso3, dim, score in q(
                "select iso3, dimension_id, score from marts.rpt_gpsi_latest_dimensions"
            )
        }
        # One tuple per country: the head columns, then one score per active dimension.
        latest = [(*r[:10], *(dim_scores.get((r[0], d)) for d, _ in dims), *r[10:]) for r in head]
        year = latest[0][5]
        series = q(
            "select iso3, year, gpsi_score, gpsi_rank from marts.fct_gpsi order by iso3, year"
        )
        dim_series = q(
            "select iso3, year, dimension_id, score from marts.fct_dimension_scores "
            "where is_covered order by iso3, year"
        )
        coverage = q(
            "select iso3, indicator_id, year, value_status, source_id from "
            "marts.fct_indicator_scores order by iso3, indicator_id, year"
        )
        years = [r[0] for r in q("select distinct year from marts.fct_gpsi order by 1")]
        sources = q(
            "select source_id, source_name, publisher, publisher_url, licence, dimension "
            "from marts.dim_source order by dimension, source_id"
        )
        classes = q(
            "select risk_class, lower_bound, upper_bound from marts.dim_risk_class "
            "order by class_order"
        )
    finally:
        con.close()

    names = {r[0]: r[1] for r in latest}
    profile: dict[str, dict] = {
        iso3: {"name": name, "gpsi": {}, "rank": {}, "dims": {}, "coverage": {}}
        for iso3, name in names.items()
    }
    for iso3, y, score, rank in series:
        if iso3 in profile and score is not None:
            profile[iso3]["gpsi"][y] = round(score, 3)
            profile[iso3]["rank"][y] = rank
    for iso3, y, dim, score in dim_series:
        if iso3 in profile:
            profile[iso3]["dims"].setdefault(dim, {})[y] = round(score, 3)
    for iso3, ind, _y, status, source in coverage:
        if iso3 in profile:
            cell = profile[iso3]["coverage"].setdefault(ind, {"s": "", "src": {}})
            cell["s"] += STATUS_CODES[status]
            if source:
                cell["src"][source] = True
    for p in profile.values():
        for cell in p["coverage"].values():
            cell["src"] = sorted(cell["src"])

    by_numeric = {r[8]: r for r in latest}
    map_parts = []
    for numeric, d in paths.items():
        row = by_numeric.get(numeric)
        if row and row[2] is not None:
            label = f"{row[1]}: GPSI {row[2]:.1f}, rank {row[3]} ({row[4].replace('_', ' ')})"
            map_parts.append(
                f'<path d="{d}" class="c {row[4]}" data-iso3="{row[0]}">'
                f"<title>{html.escape(label)}</title></path>"
            )
        else:
            name = row[1] if row else f"M49 {numeric}"
            map_parts.append(
                f'<path d="{d}" class="c nodata"><title>{html.escape(name)}: no GPSI</title></path>'
            )
    ranking_rows = []
    for r in latest:
        if r[2] is None:
            continue
        dim_cells = "".join(f"<td>{_fmt(v)}</td>" for v in r[10:-4])
        interval = f"{r[-4]:.0f}-{r[-3]:.0f}" if r[-4] is not None else "–"
        founding = f"{r[-2]:.1f} ({r[-1]})" if r[-2] is not None else "–"
        ranking_rows.append(
            f'<tr data-iso3="{r[0]}"><td class="rank">{r[3]}</td>'
            f'<td><a href="#profile" data-iso3="{r[0]}">{html.escape(r[1])}</a></td>'
            f'<td class="score">{r[2]:.1f}</td>'
            f'<td><span class="chip {r[4]}"></span>{r[4].replace("_", " ")}</td>'
            f"{dim_cells}<td>{r[7] * 100:.0f}%</td><td>{interval}</td>"
            f"<td>{founding}</td></tr>"
        )
    hists = "".join(
        _histogram([r[10 + i] for r in latest if r[10 + i] is not None], name)
        for i, (_d, name) in enumerate(dims)
    )
    legend = "".join(
        f'<span class="chip {c}"></span>{c.replace("_", " ")} [{lo:g}, {min(hi, 100):g})&nbsp; '
        for c, lo, hi in classes
    )
    freshness = source_freshness(freshness_json)
    source_rows = "".join(
        f"<tr><td>{html.escape(s[0])}</td><td>{html.escape(s[1])}</td>"
        f"<td>{html.escape(s[2])}</td><td>{html.escape(s[5])}</td>"
        f"<td>{html.escape(s[4])}</td><td>{html.escape(s[3])}</td>"
        f"<td>{html.escape(' '.join(freshness.get(s[0], ('not checked', ''))))}</td></tr>"
        for s in sources
    )
    payload = {
        "years": years,
        "dimensions": [{"id": d, "name": n} for d, n in dims],
        "indicators": [{"id": i, "name": n, "dimension": d} for i, n, d in inds],
        "profiles": profile,
        "default": latest[0][0],
        "year": year,
    }
    built = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    options = "".join(
        f'<option value="{iso3}">{html.escape(name)}</option>'
        for iso3, name in sorted(names.items(), key=lambda kv: kv[1])
    )
    dim_headers = "".join(f"<th>{html.escape(n)}</th>" for _d, n in dims)
    page = TEMPLATE.format(
        year=year,
        ranked=latest[0][6],
        method_version=html.escape(method_version),
        built=built,
        map_height=f"{map_height:.0f}",
        map_paths="".join(map_parts),
        legend=legend,
        ranking_rows="".join(ranking_rows),
        dim_headers=dim_headers,
        histograms=hists,
        options=options,
        source_rows=source_rows,
        payload=json.dumps(payload, separators=(",", ":")).replace("</", "<\\/"),
        css=CSS,
        js=JS,
    )
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / "index.html"
    tmp = out_dir / f".index.html.{os.getpid()}.tmp"
    tmp.write_text(page, encoding="utf-8")
    os.replace(tmp, target)
    log.info(
        f"  report {target} ({target.stat().st_size / 1e6:.1f} MB, {len(ranking_rows)} countries "
        f"ranked in {year}) in {time.perf_counter() - started:.2f} s"
    )
    return target


CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1b1b1b}
header,main,footer{max-width:1100px;margin:0 auto;padding:0 16px}
h1{font-size:24px;margin:16px 0 4px}h2{font-size:18px;margin:28px 0 8px}
.muted{color:#666}.map svg{width:100%;height:auto;background:#f4f7fb}
.c{stroke:#fff;stroke-width:.4}.c.nodata{fill:#d9d9d9}.c:hover{stroke:#000;stroke-width:1}
.very_high_risk{fill:#b2182b;background:#b2182b}.high_risk{fill:#ef8a62;background:#ef8a62}
.medium_risk{fill:#fddbc7;background:#fddbc7}.low_risk{fill:#92c5de;background:#92c5de}
.very_low_risk{fill:#2166ac;background:#2166ac}
.chip{display:inline-block;width:11px;height:11px;margin-right:5px;border:1px solid #999}
table{border-collapse:collapse;width:100%}th,td{padding:3px 6px;border-bottom:1px solid #e3e3e3;
text-align:left;font-variant-numeric:tabular-nums}th{background:#f2f2f2;position:sticky;top:0}
.scroll{max-height:520px;overflow:auto;border:1px solid #ddd}
.hists{display:flex;flex-wrap:wrap;gap:16px}.hist{margin:0;width:250px}
.bar{fill:#4a7ab5}.tick{font-size:9px;fill:#555}
#profile-chart svg{width:100%;height:auto}.line{fill:none;stroke-width:2}
.cov td{font-family:ui-monospace,monospace;font-size:12px;letter-spacing:1px}
.legend span{margin-left:8px}
"""

JS = r"""
(function () {
  const data = JSON.parse(document.getElementById('gpsi-data').textContent);
  const palette = ['#000000', '#1b9e77', '#d95f02', '#7570b3', '#e7298a', '#66a61e'];
  const select = document.getElementById('country-select');
  function fmt(v) { return v === undefined || v === null ? '–' : v.toFixed(1); }
  function render(iso3) {
    const p = data.profiles[iso3];
    if (!p) return;
    select.value = iso3;
    const years = data.years;
    const last = years.filter(y => p.gpsi[y] !== undefined).pop();
    const y = data.year;
    document.getElementById('profile-name').textContent = p.name;
    document.getElementById('profile-score').textContent =
      (p.gpsi[y] === undefined ? 'no published GPSI in ' + y :
       'GPSI ' + fmt(p.gpsi[y]) + ' in ' + y + ' (rank ' + p.rank[y] + ')') +
      (last !== undefined && last !== y ?
       '; latest published: ' + fmt(p.gpsi[last]) + ' in ' + last : '');
    const w = 640, h = 220, x0 = 36, y0 = 10, span = years[years.length - 1] - years[0];
    const X = y => x0 + (y - years[0]) / span * (w - x0 - 10);
    const Y = v => y0 + (100 - v) / 100 * (h - y0 - 24);
    let svg = '<svg viewBox="0 0 ' + w + ' ' + h + '" role="img">';
    for (let v = 0; v <= 100; v += 25) {
      svg += '<line x1="' + x0 + '" x2="' + (w - 10) + '" y1="' + Y(v) + '" y2="' + Y(v) +
             '" stroke="#eee"/><text x="4" y="' + (Y(v) + 4) + '" class="tick">' + v + '</text>';
    }
    years.filter(y => y % 5 === 0).forEach(y => {
      svg += '<text x="' + (X(y) - 12) + '" y="' + (h - 6) + '" class="tick">' + y + '</text>';
    });
    const series = [['GPSI', p.gpsi]].concat(
      data.dimensions.map(d => [d.name, p.dims[d.id] || {}]));
    let legend = '';
    series.forEach(([name, s], i) => {
      const pts = years.filter(y => s[y] !== undefined).map(y => X(y) + ',' + Y(s[y]));
      if (pts.length) {
        svg += '<polyline class="line" stroke="' + palette[i] + '" points="' + pts.join(' ') +
               '"' + (i === 0 ? ' stroke-width="3"' : ' stroke-dasharray="4 2"') + '/>';
      }
      legend += '<span><span class="chip" style="background:' + palette[i] + '"></span>' +
                name + '</span>';
    });
    document.getElementById('profile-chart').innerHTML = svg + '</svg>';
    document.getElementById('profile-legend').innerHTML = legend;
    let rows = '<tr><th>indicator</th><th>sources</th><th>' + years[0] + ' … ' +
               years[years.length - 1] + '</th><th>observed</th><th>imputed</th></tr>';
    data.indicators.forEach(ind => {
      const c = p.coverage[ind.id] || {s: '', src: []};
      const obs = (c.s.match(/O/g) || []).length;
      const imp = (c.s.match(/[CI]/g) || []).length;
      rows += '<tr><td>' + ind.name + '</td><td>' + c.src.join(', ') + '</td><td>' + c.s +
              '</td><td>' + obs + '</td><td>' + imp + '</td></tr>';
    });
    document.getElementById('profile-coverage').innerHTML = rows;
  }
  select.addEventListener('change', e => render(e.target.value));
  document.querySelectorAll('[data-iso3]').forEach(el => el.addEventListener('click', e => {
    const iso3 = el.getAttribute('data-iso3');
    if (data.profiles[iso3]) { render(iso3); }
  }));
  render(data.default);
})();
"""

TEMPLATE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Global Public Security Index {year}</title>
<style>{css}</style></head>
<body>
<header>
<h1>Global Public Security Index {year}</h1>
<p class="muted">{ranked} countries ranked · method {method_version} · built {built} ·
100 = most secure. Scores, ranks and classes come from the warehouse marts
(rpt_gpsi_latest, rpt_gpsi_latest_dimensions, fct_gpsi, fct_dimension_scores,
fct_indicator_scores).</p>
</header>
<main>
<section class="map" id="map"><h2>World map, {year}</h2>
<svg viewBox="0 0 960 {map_height}" role="img" aria-label="World map of the GPSI">{map_paths}</svg>
<p class="legend">{legend}<span class="chip" style="background:#d9d9d9"></span>no GPSI</p>
</section>
<section id="ranking"><h2>Ranking, {year}</h2>
<div class="scroll"><table id="ranking-table"><thead><tr><th>rank</th><th>country</th>
<th>GPSI</th><th>risk class</th>{dim_headers}<th>imputed</th>
<th>rank 90% interval</th><th>founding four (rank)</th></tr></thead>
<tbody>{ranking_rows}</tbody></table></div>
<p class="muted">Ties share the best rank. "imputed" is the share of the index resting on
carried-forward or interpolated values. "rank 90% interval": 5th-95th percentile of the
rank over Monte Carlo draws of dimension weights (±25%) and aggregation method
(rpt_gpsi_uncertainty). "founding four": the index over the founding statement's four
dimensions (public order, terrorism, cybersecurity, road safety) and its own rank,
published beside the eight-dimension headline for continuity.</p>
</section>
<section id="distributions"><h2>Dimension scores, {year}</h2>
<div class="hists">{histograms}</div></section>
<section id="profile"><h2>Country profile</h2>
<label>Country <select id="country-select">{options}</select></label>
<h3 id="profile-name"></h3><p id="profile-score"></p>
<div id="profile-chart"></div><p id="profile-legend" class="legend"></p>
<h3>Data coverage</h3>
<p class="muted">One character per year: O observed, I interpolated, C carried forward,
- missing.</p>
<table id="profile-coverage" class="cov"></table>
</section>
<section id="sources"><h2>Sources and licences</h2>
<table><thead><tr><th>id</th><th>source</th><th>publisher</th><th>dimension</th>
<th>licence</th><th>publisher page</th><th>freshness (dbt source freshness)</th></tr>
</thead><tbody>{source_rows}</tbody></table>
<p class="muted">Map: Natural Earth 1:110m countries (public domain), via world-atlas.</p>
</section>
</main>
<footer><p class="muted">Generated offline from warehouse/gpsi.duckdb; no network
resource is used by this page.</p></footer>
<script id="gpsi-data" type="application/json">{payload}</script>
<script>{js}</script>
</body></html>
"""
