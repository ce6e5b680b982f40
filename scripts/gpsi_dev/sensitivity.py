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
    seeds = con.execute("select dimension_id, weight, is_founding from seeds.dimensions").df()
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
    j = a.xs(year, level="year")[["rank"]].join(
        b.xs(year, level="year")[["rank"]], how="inner", rsuffix="_b"
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
            "at least 3 of 4) vs eight dimensions with equal weights vs the published method "
            "(social stability weight 2).**\n"
        )
        out.append(
            rank_table(
                {"four dimensions": old, "eight, equal": eq8, "published": base}, year, names
            )
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
    # D. ND-GAIN goalposts
    alt = dims.copy()
    m = alt.dimension_id == "ecological_security"
    v = 1 - alt.loc[m, "score"] / 100
    alt.loc[m, "score"] = np.clip(100 * (0.7 - v) / 0.5, 0, 100)
    galt = gpsi(alt, w, floor, mind)
    e_alt = effective(alt, galt, w, 2023)["ecological_security"]
    e_pub = eff["ecological_security"]
    out.append("\n**Table D. ND-GAIN vulnerability goalposts (2023).**\n")
    out.append(
        "| goalposts | ecology variance share / nominal | rank shift vs published |\n"
        "|---|---|---|\n"
        f"| 0.2-0.7 (observed extremes) | {e_alt[1] / e_alt[2]:.2f} | {shift(galt, base, 2023)} |\n"
        f"| 0-1 (ND-GAIN's own scale, published) | {e_pub[1] / e_pub[2]:.2f} | - |"
    )
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
        f"\n**Table F. Coverage rule (2023).** At least 6 of 8 dimensions ranks "
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


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "warehouse/gpsi.duckdb")
