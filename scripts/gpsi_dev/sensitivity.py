"""Sensitivity tables for METHODOLOGY.md: ranks before and after each method choice.

Reads a built warehouse (marts and seeds) and recomputes the headline GPSI under
alternative choices from the published dimension and indicator scores, so every
choice in seeds/ is shown against its alternatives. Prints Markdown.

    .venv/bin/python scripts/gpsi_dev/sensitivity.py warehouse/gpsi.duckdb > /tmp/tables.md
"""

from __future__ import annotations

import sys

import duckdb
import numpy as np
import pandas as pd

WAR = ["UKR", "SDN", "MMR", "SYR", "YEM", "AFG"]
WATCH = [*WAR, "PSE", "HTI", "SOM", "QAT", "BHR", "OMN", "SGP", "CHE", "DOM", "ZWE", "ERI"]


def load(path):
    con = duckdb.connect(path, read_only=True)
    dims = con.execute(
        "select iso3, year, dimension_id, score from marts.fct_dimension_scores "
        "where is_covered and year between 2014 and 2023"
    ).df()
    ind = con.execute(
        "select iso3, year, indicator_id, raw_value, normalised_score "
        "from marts.fct_indicator_scores where normalised_score is not null"
    ).df()
    seeds = con.execute(
        "select dimension_id, weight, is_founding from seeds.dimensions where is_active"
    ).df()
    method = con.execute("select * from seeds.method").df().iloc[0]
    names = dict(con.execute("select iso3, country_name from marts.dim_country").fetchall())
    return dims, ind, seeds, method, names


def gpsi(dims, weights, floor, min_dims, geometric=True, only=None):
    d = dims if only is None else dims[dims.dimension_id.isin(only)]
    d = d.assign(w=d.dimension_id.map(weights))
    d = d.assign(wl=d.w * np.log(np.maximum(d.score, floor)), ws=d.w * d.score)
    g = d.groupby(["iso3", "year"]).agg(
        n=("w", "size"), w=("w", "sum"), wl=("wl", "sum"), ws=("ws", "sum")
    )
    g["score"] = np.exp(g.wl / g.w) if geometric else g.ws / g.w
    g = g[g.n >= min_dims].reset_index()
    g["rank"] = g.groupby("year").score.rank(ascending=False, method="min").astype(int)
    g["N"] = g.groupby("year").score.transform("size")
    return g.set_index(["iso3", "year"])


def effective(dims, g, weights, year):
    piv = dims[dims.year == year].pivot(index="iso3", columns="dimension_id", values="score")
    s = g.xs(year, level="year").score
    r2 = {k: piv[k].corr(s) ** 2 for k in piv.columns}
    total, wsum = sum(r2.values()), sum(weights[k] for k in piv.columns)
    return {k: (np.sqrt(r2[k]), r2[k] / total, weights[k] / wsum) for k in piv.columns}


def rank_table(variants, year, names, countries=WATCH):
    cols = list(variants)
    lines = ["| country | " + " | ".join(cols) + " |", "|---|" + "---|" * len(cols)]
    for iso in countries:
        cells = []
        for g in variants.values():
            cells.append(
                f"{int(g.loc[(iso, year), 'rank'])}/{int(g.loc[(iso, year), 'N'])}"
                if (iso, year) in g.index
                else "-"
            )
        lines.append(f"| {names.get(iso, iso)} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def shift(a, b, year):
    j = a.xs(year, level="year")[["rank"]].merge(
        b.xs(year, level="year")[["rank"]], left_index=True, right_index=True, suffixes=("", "_b")
    )
    d = (j["rank"] - j["rank_b"]).abs()
    return f"median |rank change| {d.median():.0f}, max {d.max():.0f} ({len(j)} countries in both)"


def main(path):
    dims, ind, seeds, method, names = load(path)
    w = dict(zip(seeds.dimension_id, seeds.weight, strict=True))
    equal = {k: 1.0 for k in w}
    founding = list(seeds.loc[seeds.is_founding, "dimension_id"])
    floor, mind = float(method.dimension_score_floor), int(method.min_dimensions)
    base = gpsi(dims, w, floor, mind)
    out = []
    # A. dimensions and the war countries
    old = gpsi(dims, equal, 1.0, 3, only=founding)
    eq8 = gpsi(dims, equal, floor, mind)
    for year in (2022, 2023):
        out.append(
            f"\n**Table A{year}. Ranks in {year}: founding four (method 2026.11-1 shape: floor 1, "
            f"at least 3 of 4) vs the {len(w)} headline dimensions with equal weights vs the "
            "published method.**\n"
        )
        out.append(
            rank_table({"four dimensions": old, "all, equal": eq8, "published": base}, year, names)
        )
        out.append(f"\nFour → published: {shift(old, base, year)}.")
    # B. social stability weight
    out.append(
        "\n**Table B. Weight of social stability (2023 ranks of the countries at war in 2022 and "
        "the largest effective/nominal ratio of any dimension in 2023).**\n"
    )
    lines = [
        "| social weight | "
        + " | ".join(WAR)
        + " | all six in bottom quarter (2022, 2023) | max ratio 2023 |",
        "|---|" + "---|" * (len(WAR) + 2),
    ]
    for sw in (1.0, 1.5, 2.0, 2.5, 3.0):
        ww = dict(w, social_stability=sw)
        g = gpsi(dims, ww, floor, mind)
        bq = [
            all(g.loc[(i, y), "rank"] > 0.75 * g.loc[(i, y), "N"] for i in WAR if (i, y) in g.index)
            for y in (2022, 2023)
        ]
        eff = effective(dims, g, ww, 2023)
        worst = max(eff, key=lambda k: eff[k][1] / eff[k][2])
        ranks = [str(int(g.loc[(i, 2023), "rank"])) if (i, 2023) in g.index else "-" for i in WAR]
        lines.append(
            f"| {sw:g} | " + " | ".join(ranks) + f" | {bq[0]}, {bq[1]} | "
            f"{eff[worst][1] / eff[worst][2]:.2f} ({worst}) |"
        )
    out.append("\n".join(lines))
    # C. effective weights, published method
    out.append(
        "\n**Table C. Effective weights in 2023 (published method): correlation of each dimension "
        "with the GPSI, its share of the index's variance (r² normalised over the dimensions) "
        "against its nominal weight share; the rule is ratio ≤ 1.5.**\n"
    )
    eff = effective(dims, base, w, 2023)
    lines = ["| dimension | r | variance share | nominal share | ratio |", "|---|---|---|---|---|"]
    for k, (r, share, nom) in sorted(eff.items()):
        lines.append(f"| {k} | {r:.2f} | {share:.3f} | {nom:.3f} | {share / nom:.2f} |")
    out.append("\n".join(lines))
    # E. bottom-of-scale rule
    low = dims[(dims.year == 2023) & (dims.score < 10)]
    lows = sorted(set(low.iso3))
    g1 = gpsi(dims, w, 1.0, mind)
    ga = gpsi(dims, w, floor, mind, geometric=False)
    out.append(
        "\n**Table E. Bottom-of-scale rule (2023): countries with a dimension below 10; ranks with "
        "the geometric mean floored at 1, at 10 (published) and the arithmetic mean.**\n"
    )
    out.append(
        rank_table(
            {"floor 1": g1, "floor 10 (published)": base, "arithmetic": ga}, 2023, names, lows
        )
    )
    out.append(
        f"\nFloor 1 → 10: {shift(g1, base, 2023)}; floor 10 → arithmetic: {shift(base, ga, 2023)}."
    )
    # F. minimum dimensions
    g6 = gpsi(dims, w, floor, 6)
    extra = sorted(set(base.xs(2023, level="year").index) - set(g6.xs(2023, level="year").index))
    out.append(
        f"\n**Table F. Coverage rule (2023).** At least 6 of {len(w)} dimensions ranks "
        f"{len(g6.xs(2023, level='year'))} countries; at least 5 (published) ranks "
        f"{len(base.xs(2023, level='year'))}: it adds "
        + ", ".join(names.get(i, i) for i in extra)
        + f". {shift(g6, base, 2023)}."
    )
    # G. winsorisation of the GTD impact measure
    gtd = ind[(ind.indicator_id == "gtd_impact_per_100k") & (ind.year == 2021)].set_index("iso3")
    out.append(
        "\n**Table G. GTD impact per 100,000 (2021): raw value and score without winsorisation "
        "(published).** Under 2026.11-1 the five winsorisation steps set every value above the "
        "sixth-largest to the same score, so Afghanistan and Iraq tied.\n"
    )
    lines = ["| country | weighted events per 100,000 | score |", "|---|---|---|"]
    for iso in ("AFG", "IRQ", "SYR", "SOM", "MLI", "NGA", "GBR"):
        if iso in gtd.index:
            lines.append(
                f"| {names.get(iso, iso)} | {gtd.loc[iso, 'raw_value']:.2f} | "
                f"{gtd.loc[iso, 'normalised_score']:.1f} |"
            )
    out.append("\n".join(lines))
    print("\n".join(out))


# Method 2026.12-1 against the previous method, one change at a time: each variant is the
# published method with one change undone, recomputed from published indicator scores. The
# indicators the new method no longer scores (unemployment, ND-GAIN vulnerability) and the
# WDI-only inflation come from a warehouse built by the previous method (--previous).
NAMED = ["RUS", "ISR", "BRA", "MDG", "TLS", "LAO", "LBR", "VEN", "MMR", "SSD", "SWZ", "UKR"]


def _indicator_pool(path, previous):
    new = duckdb.connect(path, read_only=True)
    old = duckdb.connect(previous, read_only=True)
    query = (
        "select iso3, year, indicator_id, normalised_score from marts.fct_indicator_scores "
        "where normalised_score is not null and year in (2022, 2023)"
    )
    pool = new.execute(query).df()
    prev = old.execute(query).df()
    prev = prev[
        prev.indicator_id.isin(["unemployment_rate", "ndgain_vulnerability", "inflation_cpi"])
    ]
    prev = prev.assign(
        indicator_id=prev.indicator_id.replace({"inflation_cpi": "inflation_wdi_only"})
    )
    return pd.concat([pool, prev], ignore_index=True)


def _variant(pool, structure, dim_weights, floor, mind):
    """GPSI from indicator scores: structure = {dimension: {indicator: weight}}, each
    dimension covered when its available indicators carry >= half its weight."""
    rows = []
    for dim, members in structure.items():
        part = pool[pool.indicator_id.isin(members)]
        part = part.assign(w=part.indicator_id.map(members))
        part = part.assign(ws=part.w * part.normalised_score)
        g = part.groupby(["iso3", "year"]).agg(w=("w", "sum"), ws=("ws", "sum")).reset_index()
        g = g[g.w / sum(members.values()) >= 0.5]
        rows.append(
            g.assign(dimension_id=dim, score=g.ws / g.w)[["iso3", "year", "dimension_id", "score"]]
        )
    dims = pd.concat(rows, ignore_index=True)
    return gpsi(dims, dim_weights, floor, mind), dims


def _published_method(path):
    """The built warehouse's method: connection, dimension weights, indicator structure
    {dimension: {indicator: weight}}, floor, minimum dimensions, country names."""
    con = duckdb.connect(path, read_only=True)
    seeds = con.execute("select dimension_id, weight, is_active from seeds.dimensions").df()
    inds = con.execute(
        "select indicator_id, dimension_id, weight from seeds.indicators where is_active"
    ).df()
    method = con.execute("select * from seeds.method").df().iloc[0]
    names = dict(con.execute("select iso3, country_name from marts.dim_country").fetchall())
    active = seeds[seeds.is_active]
    weights = dict(zip(active.dimension_id, active.weight, strict=True))
    published = {
        d: dict(zip(g.indicator_id, g.weight, strict=True))
        for d, g in inds[inds.dimension_id.isin(weights)].groupby("dimension_id")
    }
    floor, mind = float(method.dimension_score_floor), int(method.min_dimensions)
    return con, weights, published, floor, mind, names


def round_table(path, previous):
    con, weights, published, floor, mind, names = _published_method(path)
    pool = _indicator_pool(path, previous)

    def without(dim, members=None, **dim_changes):
        s = {k: dict(v) for k, v in published.items()}
        if members is not None:
            s[dim] = members
        return s, dict(weights, **dim_changes)

    variants = {
        "published": (published, weights),
        "no GOCI in public order": without("public_order", {"homicide_rate": 1}),
        "homicide weight 1": without(
            "public_order", {"homicide_rate": 1, "organised_crime_violence": 1, "drug_markets": 1}
        ),
        "no drug markets": without(
            "public_order", {"homicide_rate": 2, "organised_crime_violence": 1}
        ),
        "no war-party deaths": without(
            "social_stability", {"wgi_political_stability": 1, "conflict_deaths_per_100k": 1}
        ),
        "with unemployment": without(
            "economic_security", {"inflation_cpi": 1, "unemployment_rate": 1}
        ),
        "inflation WDI only": without("economic_security", {"inflation_wdi_only": 1}),
        "cyber weight 1": without("cybersecurity", cybersecurity=1.0),
    }
    eco_structure = dict(published, ecological_security={"ndgain_vulnerability": 1})
    variants["ecology in headline"] = (eco_structure, dict(weights, ecological_security=1.0))
    results = {k: _variant(pool, s, w, floor, mind) for k, (s, w) in variants.items()}
    _compare(con, previous, variants, results, names)


def _compare(con, previous, variants, results, names):
    """Ranks of the reported year's top and bottom 20 and the named countries under the
    previous method's warehouse and each variant, with the summary rows."""
    # The recomputation reproduces the published index before it says anything else.
    pub = results["published"][0].xs(2023, level="year")["rank"]
    fct = (
        con.execute(
            "select iso3, gpsi_rank from marts.fct_gpsi where year = 2023 and gpsi_rank is not null"
        )
        .df()
        .set_index("iso3")["gpsi_rank"]
    )
    assert (pub.sort_index() == fct.sort_index()).all() and len(pub) == len(fct)
    old = (
        duckdb.connect(previous, read_only=True)
        .execute(
            "select iso3, year, gpsi_score as score, gpsi_rank as rank, countries_ranked as N "
            "from marts.fct_gpsi where gpsi_rank is not null and year = 2023"
        )
        .df()
        .set_index(["iso3", "year"])
    )
    graphs = {"previous method": old, **{k: v[0] for k, v in results.items()}}
    income = con.execute("select iso3, income_group from marts.rpt_gpsi_latest").df()
    income = income.set_index("iso3")["income_group"].map(
        {"Low income": 1, "Lower middle income": 2, "Upper middle income": 3, "High income": 4}
    )
    order = pub.sort_values()
    countries = [
        *order.index[:20],
        *order.index[-20:],
        *[c for c in NAMED if c not in set(order.index[:20]) | set(order.index[-20:])],
    ]
    out = [
        "| country | " + " | ".join(graphs) + " |",
        "|---|" + "---|" * len(graphs),
    ]
    for iso in countries:
        cells = [
            str(int(g.loc[(iso, 2023), "rank"])) if (iso, 2023) in g.index else "-"
            for g in graphs.values()
        ]
        out.append(f"| {names.get(iso, iso)} | " + " | ".join(cells) + " |")
    summary = {
        "countries ranked": [],
        "Spearman with income group": [],
        "median abs rank change vs published": [],
        "largest effective/nominal ratio": [],
    }
    for key, g in graphs.items():
        y = g.xs(2023, level="year")
        j = y.join(income, how="inner").dropna()
        summary["countries ranked"].append(str(len(y)))
        summary["Spearman with income group"].append(
            f"{-j['rank'].rank().corr(j['income_group'].rank()):.3f}"
        )
        both = y[["rank"]].join(pub.rename("p"), how="inner")
        summary["median abs rank change vs published"].append(
            f"{(both['rank'] - both['p']).abs().median():.0f}"
        )
        if key in results:
            w = variants[key][1]
            eff = effective(results[key][1], g, w, 2023)
            worst = max(eff, key=lambda k: eff[k][1] / eff[k][2])
            summary["largest effective/nominal ratio"].append(
                f"{eff[worst][1] / eff[worst][2]:.2f} ({worst.split('_')[0]})"
            )
        else:  # the previous method's own audit
            ratio, dim = (
                duckdb.connect(previous, read_only=True)
                .execute(
                    "select statistic, subject_id from marts.fct_coherence where year = 2023 "
                    "and check_id = 'effective_weight_ratio' order by statistic desc limit 1"
                )
                .fetchone()
            )
            summary["largest effective/nominal ratio"].append(f"{ratio:.2f} ({dim.split('_')[0]})")
    for label, cells in summary.items():
        out.append(f"| *{label}* | " + " | ".join(cells) + " |")
    print("\n".join(out))


def weights_table(path, previous):
    """Table I: method 2026.12-2 against 2026.12-1 (--previous), one change at a time, and
    the structural alternatives weighed for it, recomputed from published indicator scores
    (terrorism impact of the GTD's recorded states only from the previous warehouse)."""
    con, weights, published, floor, mind, names = _published_method(path)
    query = (
        "select iso3, year, indicator_id, normalised_score from marts.fct_indicator_scores "
        "where normalised_score is not null and year in (2022, 2023)"
    )
    pool = con.execute(query).df()
    recorded = duckdb.connect(previous, read_only=True).execute(query).df()
    recorded = recorded[recorded.indicator_id == "gtd_impact_per_100k"].assign(
        indicator_id="gtd_recorded_only"
    )
    pool = pd.concat([pool, recorded], ignore_index=True)
    no_cyber = {k: v for k, v in published.items() if k != "cybersecurity"}
    no_food = {k: v for k, v in published.items() if k != "food_security"}
    gtd_recorded = dict(published, terrorism={"gti_score": 1, "gtd_recorded_only": 1})
    variants = {
        "published": (published, weights),
        "public order weight 1": (published, dict(weights, public_order=1.0)),
        "cyber weight 0.5": (published, dict(weights, cybersecurity=0.5)),
        "food weight 1": (published, dict(weights, food_security=1.0)),
        "GTD recorded states only": (gtd_recorded, weights),
        "2026.12-1 weights": (
            published,
            dict(weights, public_order=1.0, cybersecurity=0.5, food_security=1.0),
        ),
        "cyber in a capacity pillar": (no_cyber, weights),
        "cyber in a pillar, 4 dimensions": (no_cyber, weights),
        "food out too, 4 dimensions": (
            {k: v for k, v in no_food.items() if k != "cybersecurity"},
            weights,
        ),
    }
    minimum = {"cyber in a pillar, 4 dimensions": 4, "food out too, 4 dimensions": 4}
    results = {
        k: _variant(pool, s, w, floor, minimum.get(k, mind)) for k, (s, w) in variants.items()
    }
    _compare(con, previous, variants, results, names)


if __name__ == "__main__":
    if len(sys.argv) > 4 and sys.argv[4] == "--table-h":  # 2026.12-1 against 2026.11-3
        round_table(sys.argv[1], sys.argv[3])
    elif len(sys.argv) > 2 and sys.argv[2] == "--previous":  # 2026.12-2 against 2026.12-1
        weights_table(sys.argv[1], sys.argv[3])
    else:
        main(sys.argv[1] if len(sys.argv) > 1 else "warehouse/gpsi.duckdb")
