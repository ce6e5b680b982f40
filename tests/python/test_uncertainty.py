"""The Monte Carlo mart equals a straightforward per-draw pandas recomputation over
the same draws (scripts/gpsi_dev/mc_baseline.py)."""

from __future__ import annotations

from gpsi_dev.mc_baseline import monte_carlo


def test_monte_carlo_matches_per_draw_recomputation(con):
    mart = con.execute("select * from marts.rpt_gpsi_uncertainty").df()
    draws = int(mart["draws"].iloc[0])
    assert draws >= 1000
    reference = monte_carlo(con, draws)
    merged = reference.merge(mart, on="iso3", suffixes=("_ref", "_mart"), how="outer")
    assert len(merged) == len(mart) == len(reference) >= 150
    for column in ("median_rank", "rank_p05", "rank_p95"):
        assert (merged[f"{column}_ref"] == merged[f"{column}_mart"]).all(), column
    for column in ("score_median", "score_p05", "score_p95"):
        assert (merged[f"{column}_ref"] - merged[f"{column}_mart"]).abs().max() < 1e-9


def test_intervals_are_honest(con):
    rows = con.execute(
        "select gpsi_rank, rank_p05, rank_p95 from marts.rpt_gpsi_uncertainty"
    ).fetchall()
    # The nominal weights are inside the sampled range, so most nominal ranks fall
    # inside their interval; and the intervals are not all degenerate.
    inside = sum(1 for rank, lo, hi in rows if lo <= rank <= hi)
    assert inside / len(rows) > 0.9
    assert sum(1 for _rank, lo, hi in rows if hi > lo) > len(rows) / 2
