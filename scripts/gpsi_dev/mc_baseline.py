"""The Monte Carlo a user would otherwise write: a straightforward per-draw
recomputation in pandas, over the same marts and the same draws (Weyl sequence) as
rpt_gpsi_uncertainty. The benchmark compares the warehouse's set-based SQL with it,
and the tests use it as an independent check of the mart."""

from __future__ import annotations

import math

import duckdb
import numpy as np
import pandas as pd

PHI = 0.6180339887498949


def weyl_uniform(k: int) -> float:
    x = float(k) * PHI
    return x - math.floor(x)


def load_inputs(con: duckdb.DuckDBPyConnection):
    method = con.execute("select * from seeds.method").df().iloc[0]
    dims = con.execute(
        "select dimension_id, weight from seeds.dimensions where is_active order by dimension_id"
    ).df()
    year = con.execute("select distinct year from marts.rpt_gpsi_latest").fetchone()[0]
    scores = con.execute(
        "select d.iso3, d.dimension_id, d.score from marts.fct_dimension_scores d "
        "join marts.fct_gpsi g using (iso3, year) "
        "where d.year = ? and d.is_covered and g.gpsi_score is not null",
        [year],
    ).df()
    return method, dims, year, scores


def monte_carlo(con: duckdb.DuckDBPyConnection, draws: int) -> pd.DataFrame:
    method, dims, year, scores = load_inputs(con)
    spread, share = method["mc_weight_spread"], method["mc_geometric_share"]
    floor = method["dimension_score_floor"]
    ranks, values = [], []
    for draw in range(1, draws + 1):
        weights = {
            row.dimension_id: row.weight * (1 - spread + 2 * spread * weyl_uniform(16 * draw + j))
            for j, row in enumerate(dims.itertuples(index=False), start=1)
        }
        geometric = weyl_uniform(16 * draw) < share
        frame = scores.assign(w=scores["dimension_id"].map(weights))
        if geometric:
            frame["term"] = frame["w"] * np.log(np.maximum(frame["score"], floor))
            grouped = frame.groupby("iso3")
            result = np.exp(grouped["term"].sum() / grouped["w"].sum())
        else:
            frame["term"] = frame["w"] * frame["score"]
            grouped = frame.groupby("iso3")
            result = grouped["term"].sum() / grouped["w"].sum()
        ranks.append(result.rank(method="min", ascending=False))
        values.append(result)
    rank_frame = pd.concat(ranks, axis=1)
    score_frame = pd.concat(values, axis=1)
    out = pd.DataFrame(
        {
            "median_rank": rank_frame.quantile(0.5, axis=1),
            "rank_p05": rank_frame.quantile(0.05, axis=1),
            "rank_p95": rank_frame.quantile(0.95, axis=1),
            "score_median": score_frame.quantile(0.5, axis=1),
            "score_p05": score_frame.quantile(0.05, axis=1),
            "score_p95": score_frame.quantile(0.95, axis=1),
        }
    )
    out["year"] = year
    out["draws"] = draws
    return out.reset_index()
