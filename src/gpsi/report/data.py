"""What the explorer shows, read from the marts into one JSON-ready payload.

Every number comes from a mart; nothing is computed here except rounding and the
shape of the payload (per year: one row per country; per country: its series)."""

from __future__ import annotations

import re

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


def collect(con) -> dict:
    """Everything the explorer shows, from the marts, as plain Python values."""

    def q(sql: str, params=None) -> list[tuple]:
        return con.execute(sql, params or []).fetchall()

    method = dict(
        zip(
            [d[0] for d in con.execute("select * from marts.dim_method").description],
            q("select * from marts.dim_method")[0],
            strict=True,
        )
    )
    dims = q(
        "select dimension_id, name, weight, is_founding from marts.dim_dimension "
        "where is_active order by weight desc, dimension_id"
    )
    dim_index = {d[0]: i for i, d in enumerate(dims)}
    years = [r[0] for r in q("select distinct year from marts.fct_gpsi order by 1")]
    provisional = [
        r[0] for r in q("select distinct year from marts.fct_gpsi where is_provisional order by 1")
    ]
    dim_scores: dict[tuple[str, int], list] = {}
    for iso3, year, dim, score in q(
        "select iso3, year, dimension_id, score from marts.fct_dimension_scores "
        "where is_covered and dimension_id in (select dimension_id from marts.dim_dimension "
        "where is_active)"
    ):
        dim_scores.setdefault((iso3, year), [None] * len(dims))[dim_index[dim]] = _r(score)
    rows: dict[int, list[dict]] = {y: [] for y in years}
    for r in q(
        "select g.iso3, g.year, g.gpsi_score, g.gpsi_rank, g.risk_class, u.rank_q05, "
        "u.rank_q95, g.imputed_share, g.change_from_previous_year, "
        "g.is_comparable_with_previous_year, g.change_from_source_changes, g.mean_data_year, "
        "d.income_group, d.income_group_percentile, d.development_adjusted_score, "
        "d.development_adjusted_rank, g.countries_ranked "
        "from marts.fct_gpsi g "
        "left join marts.fct_gpsi_uncertainty u on u.iso3 = g.iso3 and u.year = g.year "
        "left join marts.fct_gpsi_development d on d.iso3 = g.iso3 and d.year = g.year "
        "where g.gpsi_score is not null order by g.year, g.gpsi_rank"
    ):
        rows[r[1]].append(
            {
                "i": r[0],
                "s": _r(r[2], 3),
                "r": r[3],
                "c": r[4],
                "lo": _r(r[5], 0),
                "hi": _r(r[6], 0),
                "imp": _r(r[7], 3),
                "ch": _r(r[8]),
                "cmp": r[9],
                "src": _r(r[10]),
                "dy": _r(r[11], 1),
                "inc": r[12],
                "pct": _r(r[13], 0),
                "adj": _r(r[14]),
                "adjr": r[15],
                "n": r[16],
                "d": dim_scores.get((r[0], r[1]), [None] * len(dims)),
            }
        )
    countries = {}
    for r in q(
        "select iso3, iso_numeric, country_name, official_name_en, name_fr, name_es, name_ru, "
        "name_zh, name_ar, un_region from marts.dim_country order by iso3"
    ):
        names = {"en": r[2]}
        names.update({code: display_name(r[4 + i]) or r[2] for i, code in enumerate(LANGUAGES[1:])})
        countries[r[0]] = {
            "num": f"{r[1]:03d}" if r[1] is not None else None,
            "names": names,
            "un": r[3],
            "region": r[9],
        }
    series: dict[str, dict] = {}
    for iso3, year, score, prov, comparable, source_change in q(
        "select iso3, year, gpsi_score, is_provisional, is_comparable_with_previous_year, "
        "change_from_source_changes from marts.fct_gpsi where gpsi_score is not null "
        "order by iso3, year"
    ):
        series.setdefault(iso3, {"gpsi": [], "dims": {}})["gpsi"].append(
            [year, _r(score), int(bool(prov)), int(comparable is not False), _r(source_change)]
        )
    for (iso3, year), scores in sorted(dim_scores.items()):
        entry = series.setdefault(iso3, {"gpsi": [], "dims": {}})["dims"]
        for (dim_id, *_rest), score in zip(dims, scores, strict=True):
            if score is not None:
                entry.setdefault(dim_id, []).append([year, score])
    forecast: dict[str, list] = {}
    for iso3, origin, origin_value, target, point, lower, upper, model, kind in q(
        "select iso3, origin_year, origin_value, target_year, point, lower, upper, model, "
        "forecast_kind from marts.fct_forecasts where subject_id = 'gpsi' and is_selected "
        "and origin_year = ? order by iso3, target_year",
        [method["reported_year"]],
    ):
        rows_f = forecast.setdefault(iso3, [])
        if not rows_f:  # the band starts at the last observed value
            rows_f.append(
                [origin, _r(origin_value), _r(origin_value), _r(origin_value), model, kind]
            )
        rows_f.append([target, _r(point), _r(lower), _r(upper), model, kind])
    coverage: dict[str, dict] = {}
    for iso3, ind, statuses, sources, data_year in q(
        "select iso3, indicator_id, string_agg(case value_status "
        + " ".join("when ? then ?" for _ in STATUS_CODES)
        + " end, '' order by year), list_sort(list_distinct(list(source_id))), "
        "max(source_year) filter (where year = ?) "
        "from marts.fct_indicator_scores group by iso3, indicator_id order by iso3, indicator_id",
        [*(v for pair in STATUS_CODES.items() for v in pair), method["reported_year"]],
    ):
        coverage.setdefault(iso3, {})[ind] = {"s": statuses, "src": sources, "dy": data_year}
    return {
        "method": method,
        "dimensions": [{"id": d[0], "name": d[1], "weight": d[2], "founding": d[3]} for d in dims],
        "indicators": [
            {
                "id": r[0],
                "name": r[1],
                "dimension": r[2],
                "weight": r[3],
                "direction": r[4],
                "unit": r[5],
                "carry": r[6],
                "gap": r[7],
            }
            for r in q(
                "select indicator_id, name, dimension_id, weight, direction, unit, "
                "max_carry_forward_years, max_interpolation_gap_years from marts.dim_indicator "
                "where is_active order by dimension_id, weight desc, indicator_id"
            )
        ],
        "years": years,
        "provisional": provisional,
        "rows": rows,
        "countries": countries,
        "series": series,
        "forecast": forecast,
        "coverage": coverage,
        "classes": [
            {"id": c, "colour": CLASS_COLOURS[c], "lower": lo, "upper": hi}
            for c, lo, hi in q(
                "select risk_class, lower_bound, upper_bound from marts.dim_risk_class "
                "order by class_order"
            )
        ],
        "sources": [
            dict(zip(("id", "name", "publisher", "url", "licence", "dimension"), s, strict=True))
            for s in q(
                "select source_id, source_name, publisher, publisher_url, licence, dimension "
                "from marts.dim_source order by dimension, source_id"
            )
        ],
        "draws": q("select max(n_draws) from marts.fct_gpsi_uncertainty")[0][0],
        "edition": _edition(q, method["reported_year"]),
        "risk_watch": _risk_watch(q),
    }


RISK_WATCH_SIZE = 20


def _risk_watch(q) -> dict:
    """The highest probabilities of a sharp fall of social stability next year
    (fct_early_warning), each with the index's own fall probability and the signals
    raising it, and the model's out-of-sample skill (rpt_early_warning_skill)."""
    skill = q(
        "select first_origin_year, last_origin_year, cases, events, pr_auc_ratio, "
        "pr_auc_ratio_low, pr_auc_ratio_high, brier_skill, recall_at_alert, precision_at_alert "
        "from marts.rpt_early_warning_skill where target_id = 'social_stability_fall' "
        "and horizon = 1 and model = 'logistic' and scope = 'all'"
    )[0]
    rows = q(
        "select w.iso3, w.origin_year, w.probability, w.relative_risk, w.is_alert, "
        "g.probability, w.signal_1_label, w.signal_2_label, w.signal_3_label "
        "from marts.fct_early_warning as w left join marts.fct_early_warning as g "
        "on g.iso3 = w.iso3 and g.target_id = 'gpsi_fall' and g.horizon = w.horizon "
        "where w.target_id = 'social_stability_fall' and w.horizon = 1 "
        "order by w.probability desc, w.iso3 limit ?",
        [RISK_WATCH_SIZE],
    )
    return {
        "origin": rows[0][1] if rows else None,
        "skill": dict(
            zip(
                (
                    "first",
                    "last",
                    "cases",
                    "events",
                    "ratio",
                    "low",
                    "high",
                    "bss",
                    "recall",
                    "precision",
                ),
                skill,
                strict=True,
            )
        ),
        "rows": [
            [r[0], _r(r[2], 3), _r(r[3], 1), int(bool(r[4])), _r(r[5], 3), [s for s in r[6:9] if s]]
            for r in rows
        ],
    }


def _edition(q, year: int) -> dict:
    """This edition, the one it is compared with, and what changed in the reported year
    since then (fct_gpsi_revisions): counts by reason and the largest moves."""
    edition_id, method_version = q(
        "select edition_id, method_version from marts.dim_edition where is_current"
    )[0]
    previous = q("select max(previous_edition_id) from marts.fct_gpsi_revisions")[0][0]
    return {
        "id": edition_id,
        "method_version": method_version,
        "previous": previous,
        "reasons": q(
            "select revision_reason, count(*) from marts.fct_gpsi_revisions where year = ? "
            "group by 1 order by 2 desc, 1",
            [year],
        ),
        "moves": [
            [r[0], _r(r[1]), _r(r[2]), r[3], r[4], r[5], r[6]]
            for r in q(
                "select iso3, previous_gpsi_score, gpsi_score, previous_gpsi_rank, gpsi_rank, "
                "revision_reason, revised_sources from marts.fct_gpsi_revisions "
                "where year = ? and revision_reason != 'unchanged' "
                "order by abs(coalesce(score_change, 100)) desc, iso3 limit 15",
                [year],
            )
        ],
    }
