"""The uncertainty analysis a user would otherwise write: a per-draw recomputation in
Python, independent of the warehouse's SQL, in two flavours: `pandas` (the baseline of
the performance issue: per draw, the long indicator table through merge/groupby, as an
analyst would write it) and `numpy` (the fastest in-memory version we know: the 12
variant matrices held wide, two matrix products per draw). It regenerates the draws from the
seeds (md5 of seed:sample:row:parameter, as the macro hash_uniform documents), picks the
levels and weights, recomputes every published country-year's GPSI and rank per draw
from the indicator-score variants, then the quantiles (fct_gpsi_uncertainty) and the
Saltelli-Jansen shares (fct_sensitivity). The benchmark times it against the set-based
SQL; the tests compare both."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

WEIGHT_ASSUMPTIONS = ("dimension_weights", "indicator_weights")


def hash_uniform(key: str) -> float:
    return int(hashlib.md5(key.encode()).hexdigest()[:13], 16) / 2**52


@dataclass
class Draw:
    draw_id: int
    sample_matrix: str
    swapped: str | None
    base_row: int
    levels: dict[str, str]
    indicator_weights: dict[str, float]
    dimension_weights: dict[str, float]


def design(con: duckdb.DuckDBPyConnection) -> list[Draw]:
    method = con.execute("select * from seeds.method").df().iloc[0]
    dims = con.execute(
        "select dimension_id, weight from seeds.dimensions where is_active"
    ).fetchall()
    inds = con.execute(
        "select indicator_id, weight from intermediate.int_index_indicators_active"
    ).fetchall()
    levels = con.execute(
        "select assumption_id, level, probability from seeds.uncertainty_levels order by all"
    ).fetchall()
    assumptions = sorted({a for a, _l, _p in levels})
    discrete = [a for a in assumptions if a not in WEIGHT_ASSUMPTIONS]
    spread, seed = float(method["mc_weight_spread"]), method["mc_seed"]
    half, rows_s = int(method["mc_draws"]) // 2, int(method["mc_sensitivity_rows"])

    params = [("dimension_weights", f"dimension_weight:{d}", d, w) for d, w in dims]
    params += [("indicator_weights", f"indicator_weight:{i}", i, w) for i, w in inds]
    params += [(a, a, a, None) for a in discrete]

    def u(matrix: str, row: int, param: str) -> float:
        return hash_uniform(f"{seed}:{matrix}:{row}:{param}")

    def pick(assumption: str, value: float) -> str:
        options = [(lvl, p) for a, lvl, p in levels if a == assumption]
        cumulative = 0.0
        for lvl, p in options:
            cumulative += p
            if value < cumulative:
                return lvl
        return options[-1][0]

    def make(draw_id, matrix, swapped, row, numbers) -> Draw:
        return Draw(
            draw_id,
            matrix,
            swapped,
            row,
            {a: pick(a, numbers[a]) for a in discrete},
            {
                s: w * (1 - spread + 2 * spread * numbers[p])
                for a, p, s, w in params
                if a == "indicator_weights"
            },
            {
                s: w * (1 - spread + 2 * spread * numbers[p])
                for a, p, s, w in params
                if a == "dimension_weights"
            },
        )

    draws = []
    for row in range(1, half + 1):
        a = {p: u("A", row, p) for _a, p, _s, _w in params}
        b = {p: u("B", row, p) for _a, p, _s, _w in params}
        draws.append(make(row, "A", None, row, a))
        draws.append(make(half + row, "B", None, row, b))
        if row <= rows_s:
            for k, g in enumerate(assumptions, start=1):
                mixed = {p: (b[p] if ga == g else a[p]) for ga, p, _s, _w in params}
                draws.append(make((1 + k) * half + row, "AB", g, row, mixed))
    return draws


def _pandas_scorer(variants, membership, published, floor):
    """Per draw: weighted mean of each dimension's indicators, then the draw's aggregation
    over dimensions, by groupby on the long table (rows with no score dropped first)."""
    long = variants.dropna(subset=["score"]).merge(membership, on="indicator_id")
    frames = dict(iter(long.groupby(["vintage", "gap_filling", "normalisation"])))
    index = pd.MultiIndex.from_frame(published)

    def score(draw: Draw) -> np.ndarray:
        key = (draw.levels["vintage"], draw.levels["gap_filling"], draw.levels["normalisation"])
        df = frames[key].assign(w=lambda f: f["indicator_id"].map(draw.indicator_weights))
        df["ws"] = df["w"] * df["score"]
        dim = df.groupby(["iso3", "year", "dimension_id"])[["ws", "w"]].sum().reset_index()
        dim["d"] = dim["ws"] / dim["w"]
        dim["dw"] = dim["dimension_id"].map(draw.dimension_weights)
        # The left-out dimension weighs 0 where the country-year has another dimension.
        left = dim["dimension_id"] == draw.levels.get("dimension_left_out")
        others = dim.groupby(["iso3", "year"])["dw"].transform("size") > 1
        dim.loc[left & others, "dw"] = 0.0
        if draw.levels["aggregation"] == "geometric":
            dim["t"] = dim["dw"] * np.log(np.maximum(dim["d"], floor))
            g = dim.groupby(["iso3", "year"])[["t", "dw"]].sum()
            out = np.exp(g["t"] / g["dw"])
        else:
            dim["t"] = dim["dw"] * dim["d"]
            g = dim.groupby(["iso3", "year"])[["t", "dw"]].sum()
            out = g["t"] / g["dw"]
        return out.reindex(index).to_numpy()

    return score


def _numpy_scorer(variants, membership, published, floor):
    """Per draw: the draw's variant as a country-year x indicator matrix, dimension scores
    by one matrix product with the membership matrix, then the aggregation."""
    indicators = list(membership["indicator_id"])
    dimensions = sorted(set(membership["dimension_id"]))
    m = np.array(
        [[1.0 if dim == d else 0.0 for d in dimensions] for dim in membership["dimension_id"]]
    )
    index = pd.MultiIndex.from_frame(published)
    wide = {
        key: frame.pivot_table(index=["iso3", "year"], columns="indicator_id", values="score")
        .reindex(index=index, columns=indicators)
        .to_numpy()
        for key, frame in variants.groupby(["vintage", "gap_filling", "normalisation"])
    }

    def score(draw: Draw) -> np.ndarray:
        s = wide[(draw.levels["vintage"], draw.levels["gap_filling"], draw.levels["normalisation"])]
        w = np.array([draw.indicator_weights[i] for i in indicators])
        dw = np.array([draw.dimension_weights[d] for d in dimensions])
        present = ~np.isnan(s)
        with np.errstate(invalid="ignore", divide="ignore"):
            d = (np.nan_to_num(s) * w) @ m / ((present * w) @ m)
        covered = ~np.isnan(d)
        dw = np.broadcast_to(dw, covered.shape).copy()
        left = draw.levels.get("dimension_left_out")
        if left in dimensions:  # weighs 0 where the country-year has another dimension
            j = dimensions.index(left)
            others = np.delete(covered, j, axis=1).any(axis=1)
            dw[others, j] = 0.0
        if draw.levels["aggregation"] == "geometric":
            terms = np.where(covered, dw * np.log(np.maximum(np.nan_to_num(d), floor)), 0.0)
            return np.exp(terms.sum(axis=1) / (covered * dw).sum(axis=1))
        weighted = np.where(covered, dw * np.nan_to_num(d), 0.0).sum(axis=1)
        return weighted / (covered * dw).sum(axis=1)

    return score


SCORERS = {"pandas": _pandas_scorer, "numpy": _numpy_scorer}


def draw_scores(
    con: duckdb.DuckDBPyConnection, engine: str, max_draws: int | None = None
) -> tuple[pd.DataFrame, list[Draw], np.ndarray, np.ndarray]:
    """(published country-years, draws, score matrix, rank matrix): every draw (or the
    first `max_draws`) scored by `engine` (pandas or numpy) and ranked within each year."""
    method = con.execute("select * from seeds.method").df().iloc[0]
    floor = float(method["dimension_score_floor"])
    published = con.execute(
        "select iso3, year from marts.fct_gpsi where gpsi_score is not null order by all"
    ).df()
    variants = con.execute(
        "select vintage, gap_filling, normalisation, iso3, reference_year as year, "
        "indicator_id, score from intermediate.int_uncertainty_indicator_variants"
    ).df()
    membership = con.execute(
        "select indicator_id, dimension_id from intermediate.int_index_indicators_active "
        "order by dimension_id, indicator_id"
    ).df()
    score = SCORERS[engine](variants, membership, published, floor)
    years = published["year"].to_numpy()
    draws = design(con)[:max_draws]
    scores = np.empty((len(draws), len(published)))
    ranks = np.empty_like(scores)
    for n, draw in enumerate(draws):
        scores[n] = score(draw)
        ranks[n] = (
            pd.Series(scores[n]).groupby(years).rank(method="min", ascending=False).to_numpy()
        )
    return published, draws, scores, ranks


def monte_carlo(
    con: duckdb.DuckDBPyConnection, engine: str = "numpy"
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(uncertainty per iso3 and year, sensitivity per year and assumption)."""
    method = con.execute("select * from seeds.method").df().iloc[0]
    published, draws, scores, ranks = draw_scores(con, engine)
    years = published["year"].to_numpy()
    matrix = np.array([d.sample_matrix for d in draws])
    uncertainty_rows = matrix != "AB"
    r, sc = ranks[uncertainty_rows], scores[uncertainty_rows]
    uncertainty = published.assign(
        n_draws=int(uncertainty_rows.sum()),
        rank_median=np.quantile(r, 0.5, axis=0),
        rank_q05=np.quantile(r, 0.05, axis=0),
        rank_q95=np.quantile(r, 0.95, axis=0),
        score_median=np.quantile(sc, 0.5, axis=0),
        score_q05=np.quantile(sc, 0.05, axis=0),
        score_q95=np.quantile(sc, 0.95, axis=0),
    )
    variance = r.var(axis=0)  # population variance over A and B
    by_row = {(d.sample_matrix, d.swapped, d.base_row): k for k, d in enumerate(draws)}
    rows_s = int(method["mc_sensitivity_rows"])
    records = []
    for g in sorted({d.swapped for d in draws if d.swapped}):
        a = ranks[[by_row[("A", None, i)] for i in range(1, rows_s + 1)]]
        b = ranks[[by_row[("B", None, i)] for i in range(1, rows_s + 1)]]
        ab = ranks[[by_row[("AB", g, i)] for i in range(1, rows_s + 1)]]
        first = (b * (ab - a)).mean(axis=0)
        total = ((a - ab) ** 2).mean(axis=0) / 2
        for year in np.unique(years):
            cols = years == year
            v = variance[cols].sum()
            records.append((int(year), g, first[cols].sum() / v, total[cols].sum() / v))
    sensitivity = pd.DataFrame(
        records, columns=["year", "assumption_id", "first_order_share", "total_share"]
    )
    return uncertainty, sensitivity
