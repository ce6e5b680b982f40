"""What the explorer shows, read from the marts into one JSON-ready payload.

Every number comes from a mart; nothing is computed here except rounding and the
shape of the payload (per year: one row per country; per country: its series)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..sql import scalar

LANGUAGES = ("en", "fr", "es", "ru", "zh", "ar")
CLASS_COLOURS = {
    "very_high_risk": "#b2182b",
    "high_risk": "#ef8a62",
    "medium_risk": "#fddbc7",
    "low_risk": "#92c5de",
    "very_low_risk": "#2166ac",
}
STATUS_CODES = {"observed": "O", "interpolated": "I", "carried_forward": "C", "missing": "-"}
# UNTERM short names sort by the noun: "Congo (the)", "Royaume-Uni (le)", "* " marks a
# non-member; the explorer shows them as a reader writes them.
_UNTERM_TAIL = re.compile(r"\s*\((the|le|la|les|l'|el|los|las)\)\s*|\s*\*\s*$")


def display_name(unterm: str | None) -> str | None:
    return _UNTERM_TAIL.sub("", unterm).strip() if unterm else None


def _r(value, digits: int = 2):
    return None if value is None else round(value, digits)


def rows(con, sql: str, params=None, batch: int = 10_000) -> Iterator[dict]:
    """The rows of a query as dicts by column name, fetched a batch at a time: a loop
    over a mart holds one batch, not the mart (no other query on `con` meanwhile)."""
    result = con.execute(sql, params or [])
    names = [d[0] for d in result.description]
    while fetched := result.fetchmany(batch):
        for row in fetched:
            yield dict(zip(names, row, strict=True))


def records(con, sql: str, params=None) -> list[dict]:
    """The rows of a query as dicts by column name."""
    return list(rows(con, sql, params))


def _ranking(country_year: dict, dim_scores: list) -> dict:
    """One ranked country-year as the explorer's ranking and map read it (short keys:
    the payload holds every year)."""
    r = country_year
    return {
        "i": r["iso3"],
        "s": _r(r["gpsi_score"], 3),
        "r": r["gpsi_rank"],
        "c": r["risk_class"],
        "lo": _r(r["gpsi_rank_low"], 0),
        "hi": _r(r["gpsi_rank_high"], 0),
        "imp": _r(r["imputed_share"], 3),
        "ch": _r(r["change_from_previous_year"]),
        "cmp": r["is_comparable_with_previous_year"],
        "src": _r(r["change_from_source_changes"]),
        "dy": _r(r["mean_data_year"], 1),
        "inc": r["income_group"],
        "pct": _r(r["income_group_percentile"], 0),
        "adj": _r(r["development_adjusted_score"]),
        "adjr": r["development_adjusted_rank"],
        "n": r["countries_ranked"],
        "d": dim_scores,
    }


def _countries(con) -> dict:
    countries = {}
    for r in records(con, "select * from marts.dim_country order by iso3"):
        names = {"en": r["country_name"]}
        names.update(
            {code: display_name(r[f"name_{code}"]) or r["country_name"] for code in LANGUAGES[1:]}
        )
        countries[r["iso3"]] = {
            "num": f"{r['iso_numeric']:03d}" if r["iso_numeric"] is not None else None,
            "names": names,
            "un": r["official_name_en"],
            "region": r["un_region"],
        }
    return countries


def _dimension_scores(con, dims: list[dict]) -> dict[tuple[str, int], list]:
    """Each country-year's covered scores of the active dimensions, in `dims` order."""
    at = {d["id"]: i for i, d in enumerate(dims)}
    scores: dict[tuple[str, int], list] = {}
    for r in rows(
        con,
        "select iso3, year, dimension_id, score from marts.fct_dimension_scores where is_covered",
    ):
        if r["dimension_id"] in at:
            key = (r["iso3"], r["year"])
            scores.setdefault(key, [None] * len(dims))[at[r["dimension_id"]]] = _r(r["score"])
    return scores


def _series(con, dim_scores: dict, dims: list[dict]) -> dict[str, dict]:
    """Each country's index and dimension series, for its profile."""
    series: dict[str, dict] = {}
    for r in rows(
        con,
        "select iso3, year, gpsi_score, is_provisional, is_comparable_with_previous_year, "
        "change_from_source_changes from marts.fct_gpsi where gpsi_score is not null "
        "order by iso3, year",
    ):
        series.setdefault(r["iso3"], {"gpsi": [], "dims": {}})["gpsi"].append(
            [
                r["year"],
                _r(r["gpsi_score"]),
                int(bool(r["is_provisional"])),
                int(r["is_comparable_with_previous_year"] is not False),
                _r(r["change_from_source_changes"]),
            ]
        )
    for (iso3, year), scores in sorted(dim_scores.items()):
        entry = series.setdefault(iso3, {"gpsi": [], "dims": {}})["dims"]
        for dim, score in zip(dims, scores, strict=True):
            if score is not None:
                entry.setdefault(dim["id"], []).append([year, score])
    return series


def _forecast(con, origin_year: int) -> dict[str, list]:
    """The selected index forecasts from the reported year, the band starting at the last
    observed value."""
    forecast: dict[str, list] = {}
    for r in rows(
        con,
        "select * from marts.fct_forecasts where subject_id = 'gpsi' and is_selected "
        "and origin_year = ? order by iso3, target_year",
        [origin_year],
    ):
        band = forecast.setdefault(r["iso3"], [])
        model, kind = r["model"], r["forecast_kind"]
        if not band:
            start = _r(r["origin_value"])
            band.append([r["origin_year"], start, start, start, model, kind])
        band.append([r["target_year"], _r(r["point"]), _r(r["lower"]), _r(r["upper"]), model, kind])
    return forecast


def _coverage(con, year: int) -> dict[str, dict]:
    """Per country and indicator: the status of each year as one letter, the sources
    used, and the data year behind the reported year (fct_indicator_scores, grouped by
    DuckDB: the mart has a row per country, indicator and year)."""
    codes = "".join(f"when '{status}' then '{code}' " for status, code in STATUS_CODES.items())
    coverage: dict[str, dict] = {}
    for r in rows(
        con,
        f"select iso3, indicator_id, string_agg(case value_status {codes}end, '' order by year) "
        "as s, list(distinct source_id order by source_id) filter (source_id is not null) "
        "as src, max(source_year) filter (year = ?) as dy from marts.fct_indicator_scores "
        "group by iso3, indicator_id order by iso3, indicator_id",
        [year],
    ):
        coverage.setdefault(r.pop("iso3"), {})[r.pop("indicator_id")] = {
            "s": r["s"],
            "src": r["src"] or [],
            "dy": r["dy"],
        }
    return coverage


def _indicators(con) -> list[dict]:
    return [
        {
            "id": r["indicator_id"],
            "name": r["name"],
            "dimension": r["dimension_id"],
            "weight": r["weight"],
            "direction": r["direction"],
            "unit": r["unit"],
            "carry": r["max_carry_forward_years"],
            "gap": r["max_interpolation_gap_years"],
        }
        for r in records(
            con,
            "select * from marts.dim_indicator where is_active "
            "order by dimension_id, weight desc, indicator_id",
        )
    ]


def _classes(con) -> list[dict]:
    return [
        {
            "id": c["risk_class"],
            "colour": CLASS_COLOURS[c["risk_class"]],
            "lower": c["lower_bound"],
            "upper": c["upper_bound"],
        }
        for c in records(con, "select * from marts.dim_risk_class order by class_order")
    ]


def _sources(con) -> list[dict]:
    return [
        {
            "id": s["source_id"],
            "name": s["source_name"],
            "publisher": s["publisher"],
            "url": s["publisher_url"],
            "licence": s["licence"],
            "dimension": s["dimension"],
        }
        for s in records(con, "select * from marts.dim_source order by dimension, source_id")
    ]


def collect(con) -> dict:
    """Everything the explorer shows, from the marts, as plain Python values."""
    method = records(con, "select * from marts.dim_method")[0]
    year = method["reported_year"]
    dims = [
        {
            "id": r["dimension_id"],
            "name": r["name"],
            "weight": r["weight"],
            "founding": r["is_founding"],
        }
        for r in records(
            con,
            "select * from marts.dim_dimension where is_active order by weight desc, dimension_id",
        )
    ]
    gpsi_years = records(
        con, "select year, bool_or(is_provisional) as provisional from marts.fct_gpsi group by year"
    )
    years = sorted(r["year"] for r in gpsi_years)
    dim_scores = _dimension_scores(con, dims)
    ranked: dict[int, list[dict]] = {y: [] for y in years}
    for r in rows(con, "select * from marts.rpt_gpsi_country_years order by year, gpsi_rank, iso3"):
        scores = dim_scores.get((r["iso3"], r["year"]), [None] * len(dims))
        ranked[r["year"]].append(_ranking(r, scores))
    return {
        "method": method,
        "dimensions": dims,
        "indicators": _indicators(con),
        "years": years,
        "provisional": sorted(r["year"] for r in gpsi_years if r["provisional"]),
        "rows": ranked,
        "countries": _countries(con),
        "series": _series(con, dim_scores, dims),
        "forecast": _forecast(con, year),
        "coverage": _coverage(con, year),
        "classes": _classes(con),
        "sources": _sources(con),
        "draws": scalar(con, "select max(n_draws) from marts.fct_gpsi_uncertainty"),
        "edition": _edition(con, year),
        "risk_watch": _risk_watch(con),
    }


RISK_WATCH_SIZE = 20


def _risk_watch(con) -> dict:
    """The highest probabilities of a sharp fall of social stability next year
    (fct_early_warning), each with the index's own fall probability and the signals
    raising it, and the model's out-of-sample skill (rpt_early_warning_skill)."""
    skill = records(
        con,
        "select * from marts.rpt_early_warning_skill where target_id = 'social_stability_fall' "
        "and horizon = 1 and model = 'logistic' and scope = 'all'",
    )[0]
    watch = records(
        con,
        "select w.*, g.probability as index_fall_probability "
        "from marts.fct_early_warning as w left join marts.fct_early_warning as g "
        "on g.iso3 = w.iso3 and g.target_id = 'gpsi_fall' and g.horizon = w.horizon "
        "where w.target_id = 'social_stability_fall' and w.horizon = 1 "
        "order by w.probability desc, w.iso3 limit ?",
        [RISK_WATCH_SIZE],
    )
    return {
        "origin": watch[0]["origin_year"] if watch else None,
        "skill": {
            "first": skill["first_origin_year"],
            "last": skill["last_origin_year"],
            "cases": skill["cases"],
            "events": skill["events"],
            "ratio": skill["pr_auc_ratio"],
            "low": skill["pr_auc_ratio_low"],
            "high": skill["pr_auc_ratio_high"],
            "bss": skill["brier_skill"],
            "recall": skill["recall_at_alert"],
            "precision": skill["precision_at_alert"],
        },
        "rows": [
            [
                r["iso3"],
                _r(r["probability"], 3),
                _r(r["relative_risk"], 1),
                int(bool(r["is_alert"])),
                _r(r["index_fall_probability"], 3),
                [r[f"signal_{k}_label"] for k in (1, 2, 3) if r[f"signal_{k}_label"]],
            ]
            for r in watch
        ],
    }


def _edition(con, year: int) -> dict:
    """This edition, the one it is compared with, and what changed in the reported year
    since then (fct_gpsi_revisions): counts by reason and the largest moves."""
    edition = records(con, "select * from marts.dim_edition where is_current")[0]
    previous = scalar(con, "select max(previous_edition_id) from marts.fct_gpsi_revisions")
    reasons = records(
        con,
        "select revision_reason, count(*) as country_years from marts.fct_gpsi_revisions "
        "where year = ? group by 1 order by 2 desc, 1",
        [year],
    )
    moves = records(
        con,
        "select * from marts.fct_gpsi_revisions where year = ? and revision_reason != "
        "'unchanged' order by abs(coalesce(score_change, 100)) desc, iso3 limit 15",
        [year],
    )
    return {
        "id": edition["edition_id"],
        "method_version": edition["method_version"],
        "previous": previous,
        "reasons": [[r["revision_reason"], r["country_years"]] for r in reasons],
        "moves": [
            [
                r["iso3"],
                _r(r["previous_gpsi_score"]),
                _r(r["gpsi_score"]),
                r["previous_gpsi_rank"],
                r["gpsi_rank"],
                r["revision_reason"],
                r["revised_sources"],
            ]
            for r in moves
        ],
    }
