"""The uncertainty and sensitivity marts against an independent recomputation
(scripts/gpsi_dev/mc_baseline.py: the draws regenerated from the seeds with hashlib,
every draw's GPSI and rank recomputed in numpy, and in pandas for the benchmark's
baseline), and against known answers."""

from __future__ import annotations

import shutil

import duckdb
import numpy as np
import pandas as pd
from conftest import gpsi
from gpsi_dev.mc_baseline import draw_scores, hash_uniform, monte_carlo


def test_the_draws_are_the_documented_seeded_md5_uniforms(con):
    seed = con.execute("select mc_seed from seeds.method").fetchone()[0]
    rows = con.execute(
        "select d.sample_matrix, d.swapped_assumption_id, d.base_row, d.assumption_id, "
        "d.parameter_id, d.u from intermediate.int_uncertainty_design d"
    ).fetchall()
    assert len(rows) > 20_000
    for matrix, swapped, row, assumption, parameter, u in rows:
        source = matrix if matrix != "AB" else ("B" if assumption == swapped else "A")
        assert u == hash_uniform(f"{seed}:{source}:{row}:{parameter}")
    # Independent parameters: no two weight parameters of a draw move together.
    design = con.execute(
        "select draw_id, parameter_id, u from intermediate.int_uncertainty_design "
        "where sample_matrix in ('A', 'B')"
    ).df()
    wide = design.pivot(index="draw_id", columns="parameter_id", values="u")
    corr = np.corrcoef(wide.to_numpy().T)
    off_diagonal = np.abs(corr[~np.eye(len(corr), dtype=bool)])
    assert off_diagonal.max() < 0.15  # 1,000 draws: |r| of independent uniforms ~ 0.03


def test_uncertainty_and_sensitivity_equal_an_independent_recomputation(con):
    uncertainty, sensitivity = monte_carlo(con)
    mart = con.execute("select * from marts.fct_gpsi_uncertainty").df()
    merged = uncertainty.merge(mart, on=["iso3", "year"], suffixes=("_ref", "_mart"))
    assert len(merged) == len(mart) == len(uncertainty) > 4000
    assert (merged["n_draws_mart"] >= 1000).all()
    for column in ("rank_median", "rank_q05", "rank_q95", "score_median", "score_q05"):
        diff = (merged[f"{column}_ref"] - merged[f"{column}_mart"]).abs()
        assert diff.max() < 1e-9, column
    shares = con.execute("select * from marts.fct_sensitivity").df()
    both = sensitivity.merge(shares, on=["year", "assumption_id"], suffixes=("_ref", "_mart"))
    assert len(both) == len(shares) == len(sensitivity)
    for column in ("first_order_share", "total_share"):
        assert (both[f"{column}_ref"] - both[f"{column}_mart"]).abs().max() < 1e-9


def test_the_pandas_baseline_scores_every_draw_as_numpy_does(con):
    """The benchmark's two baselines compute the same thing (here on the first 60 draws;
    the numpy one is checked against the marts above)."""
    _published, draws, pandas_scores, pandas_ranks = draw_scores(con, "pandas", max_draws=60)
    _published, _draws, numpy_scores, numpy_ranks = draw_scores(con, "numpy", max_draws=60)
    assert len(draws) == 60
    assert {d.levels["aggregation"] for d in draws} == {"geometric", "arithmetic"}
    assert np.isfinite(pandas_scores).all()
    assert np.abs(pandas_scores - numpy_scores).max() < 1e-9
    assert (pandas_ranks == numpy_ranks).all()


def test_the_nominal_variant_is_the_published_score_and_the_others_recompute(con):
    variants = con.execute(
        "select * from intermediate.int_uncertainty_indicator_variants "
        "where vintage = 'nominal' and gap_filling = 'on'"
    ).df()
    published = con.execute(
        "select iso3, year as reference_year, indicator_id, score as published "
        "from marts.fct_indicator_scores where score is not null and is_used"
    ).df()
    goalposts = variants[variants["normalisation"] == "goalposts"].merge(
        published, on=["iso3", "reference_year", "indicator_id"]
    )
    assert len(goalposts) > 40_000
    assert (goalposts["score"] - goalposts["published"]).abs().max() < 1e-9
    base = con.execute(
        "select iso3, reference_year, indicator_id, direction, "
        "treated_transformed_value as t from intermediate.int_indicator_scores_normalised "
        "where normalised_score is not null"
    ).df()
    grouped = base.groupby(["indicator_id", "reference_year"])["t"]
    span = grouped.transform("max") - grouped.transform("min")
    position = np.where(span > 0, 100 * (base["t"] - grouped.transform("min")) / span, 50.0)
    z = (base["t"] - grouped.transform("mean")) / grouped.transform("std")
    z_position = np.clip(50 + 10 * z.fillna(0.0), 0, 100)
    flip = base["direction"] == -1
    base["min_max"] = np.where(flip, 100 - np.clip(position, 0, 100), np.clip(position, 0, 100))
    base["z_score"] = np.where(flip, 100 - z_position, z_position)
    for level in ("min_max", "z_score"):
        got = variants[variants["normalisation"] == level].merge(
            base, on=["iso3", "reference_year", "indicator_id"]
        )
        assert len(got) == len(base)
        assert (got["score"] - got[level]).abs().max() < 1e-9, level


def test_intervals_are_wide_where_data_are_thin_and_cover_the_nominal_rank(con):
    rows = con.execute(
        "select u.rank_nominal, u.rank_q05, u.rank_q95, g.imputed_share "
        "from marts.fct_gpsi_uncertainty u join marts.fct_gpsi g using (iso3, year)"
    ).df()
    inside = ((rows.rank_q05 <= rows.rank_nominal) & (rows.rank_nominal <= rows.rank_q95)).mean()
    assert inside > 0.9
    width = rows.rank_q95 - rows.rank_q05
    thin, rich = width[rows.imputed_share > 0.5], width[rows.imputed_share < 0.2]
    assert thin.median() > rich.median()


def test_a_zero_variance_design_gives_degenerate_intervals_at_the_published_values(
    tmp_path, built_warehouse
):
    """Every assumption at its nominal level with probability 1 and no weight spread:
    every draw reproduces the published index, so each interval collapses onto the
    published rank and score (the machinery adds nothing of its own)."""
    warehouse = tmp_path / "warehouse"
    shutil.copytree(
        built_warehouse / "build", warehouse / "build", ignore=shutil.ignore_patterns("logs")
    )
    db = warehouse / "build" / "gpsi.duckdb"
    con = duckdb.connect(str(db))
    con.execute("update seeds.method set mc_weight_spread = 0")
    con.execute(
        "update seeds.uncertainty_levels set probability = case when level in "
        "('geometric', 'goalposts', 'on', 'nominal', 'uniform', 'none') then 1 else 0 end"
    )
    con.close()
    gpsi("--warehouse-dir", str(warehouse), "build", "--select", "int_uncertainty_design+")
    con = duckdb.connect(str(db), read_only=True)
    try:
        frame = con.execute("select * from marts.fct_gpsi_uncertainty").df()
        shares = con.execute("select max(abs(total_share)) from marts.fct_sensitivity")
        max_share = shares.fetchone()[0]
    finally:
        con.close()
    assert len(frame) > 4000
    assert (frame.rank_q05 == frame.rank_q95).all() and (frame.rank_q05 == frame.rank_nominal).all()
    assert (frame.score_q95 - frame.score_q05).abs().max() < 1e-9
    assert (frame.score_median - frame.score_nominal).abs().max() < 1e-9
    assert max_share is None or pd.isna(max_share)  # no variance to share out
