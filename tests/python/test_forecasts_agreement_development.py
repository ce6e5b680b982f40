"""Forecasts, source agreement and the development-aware comparison, recomputed
independently in pandas from their inputs, and the properties the marts promise."""

from __future__ import annotations

import numpy as np
import pandas as pd


def _series(con) -> pd.DataFrame:
    return con.execute("select * from intermediate.int_forecast_series").df()


def test_forecast_points_recompute_from_the_series(con):
    """Persistence, the damped trend and the pooled panel for three subjects, sampled
    origins and every origin that is both a backtest and the production one, recomputed
    with numpy from int_forecast_series and the method seed."""
    method = con.execute("select * from seeds.method").df().iloc[0]
    phi, k = float(method["forecast_damping"]), int(method["forecast_trend_years"])
    series = _series(con)
    points = con.execute(
        "select * from intermediate.int_forecast_predictions "
        "where subject_id in ('gpsi', 'dimension:road_safety', 'dimension:public_order')"
    ).df()
    checked = short_double_origins = 0
    for subject in ("gpsi", "dimension:road_safety", "dimension:public_order"):
        s = series[series.subject_id == subject]
        by_country = {iso: g.set_index("year")["y"] for iso, g in s.groupby("iso3")}
        p = points[points.subject_id == subject]
        origins = p.drop_duplicates(["iso3", "origin_year", "is_backtest"])
        # Every origin that is both a backtest and the production origin (a series that
        # ends before its subject's last year), beside a random sample: a trend window of
        # two years there must still count two points, not one per origin (too few).
        double = origins.groupby(["iso3", "origin_year"]).is_backtest.transform("nunique") == 2
        sample = pd.concat([origins.sample(60, random_state=1), origins[double]])
        for row in sample.drop_duplicates(["iso3", "origin_year", "is_backtest"]).itertuples():
            y = by_country[row.iso3]
            window = y[(y.index <= row.origin_year) & (y.index > row.origin_year - k)]
            short_double_origins += len(window) < 3 and bool(double[row.Index])
            slope = np.polyfit(window.index, window.values, 1)[0] if len(window) >= 3 else 0.0
            for h in (1, 2, 3):
                got = p[
                    (p.iso3 == row.iso3)
                    & (p.origin_year == row.origin_year)
                    & (p.is_backtest == row.is_backtest)
                    & (p.horizon == h)
                ].iloc[0]
                last = y[row.origin_year]
                assert abs(got["persistence"] - last) < 1e-9
                expected = min(max(last + slope * sum(phi**j for j in range(1, h + 1)), 0), 100)
                assert abs(got["damped_trend"] - expected) < 1e-6
                pairs = [
                    (g[t], g[t + h])
                    for g in by_country.values()
                    for t in g.index
                    if t + h in g.index and t + h <= row.origin_year
                ]
                x, z = np.array(pairs).T
                b, a = np.polyfit(x, z, 1)
                assert abs(got["pooled_panel"] - min(max(a + b * last, 0), 100)) < 1e-6
                checked += 1
    assert checked >= 3 * 3 * 60
    assert short_double_origins > 0


def test_backtest_metrics_recompute_and_the_index_is_forecast_everywhere(con):
    points = con.execute(
        "select * from intermediate.int_forecast_points where is_backtest and actual is not null"
    ).df()
    points["error"] = (points["actual"] - points["point"]).abs()
    grouped = points.groupby(["subject_id", "model", "horizon"])["error"]
    recomputed = pd.DataFrame({"mae": grouped.mean(), "n": grouped.size()}).reset_index()
    persistence = recomputed[recomputed.model == "persistence"][["subject_id", "horizon", "mae"]]
    recomputed = recomputed.merge(persistence, on=["subject_id", "horizon"], suffixes=("", "_p"))
    recomputed["mase"] = recomputed["mae"] / recomputed["mae_p"]
    mart = con.execute("select * from marts.fct_forecast_backtest").df()
    both = mart.merge(recomputed, on=["subject_id", "model", "horizon"], suffixes=("", "_ref"))
    assert len(both) == len(mart)
    assert (both["n"] == both["n_ref"]).all()
    assert (both["mase"] - both["mase_ref"]).abs().max() < 1e-9
    # The intervals are the empirical quantiles of each model's backtest errors.
    coverage = con.execute("select forecast_interval_coverage from seeds.method").fetchone()[0]
    points["signed"] = points["actual"] - points["point"]
    low = (
        points.groupby(["subject_id", "model", "horizon"])["signed"]
        .quantile((1 - coverage) / 2)
        .rename("q")
        .reset_index()
    )
    forecasts = con.execute(
        "select subject_id, model, horizon, point, lower from marts.fct_forecasts"
    ).df()
    banded = forecasts.merge(low, on=["subject_id", "model", "horizon"])
    assert len(banded) > 10_000 and forecasts["lower"].isna().sum() == len(forecasts) - len(banded)
    expected = (banded["point"] + banded["q"]).clip(0, 100)
    assert (banded["lower"] - expected).abs().max() < 1e-9
    # Every model type is backtested over at least five origins at horizon 1.
    origins = points[points.horizon == 1].groupby("subject_id")["origin_year"].nunique()
    assert origins.min() >= 5
    index = con.execute(
        "select count(distinct iso3), min(horizon), max(horizon) from marts.fct_forecasts "
        "where subject_id = 'gpsi' and is_selected"
    ).fetchone()
    assert index[0] >= 180 and index[1:] == (1, 3)


def test_source_agreement_recomputes_from_the_observations(con):
    pairs = con.execute("select * from seeds.source_agreement_pairs").df()
    observations = con.execute(
        "select iso3, reference_year, indicator_id, source_id, value "
        "from intermediate.int_indicator_observations where value is not null"
    ).df()
    mart = con.execute("select * from marts.fct_source_agreement").df().set_index("pair_id")
    for pair in pairs.itertuples():
        a = observations[
            (observations.indicator_id == pair.indicator_a)
            & (observations.source_id == pair.source_a)
        ]
        b = observations[
            (observations.indicator_id == pair.indicator_b)
            & (observations.source_id == pair.source_b)
        ]
        merged = a.merge(b, on="iso3", suffixes=("_a", "_b"))
        merged["gap"] = (merged.reference_year_b - merged.reference_year_a).abs()
        merged = merged[merged.gap <= pair.max_year_gap].sort_values(
            ["gap", "reference_year_b"], ascending=[True, False]
        )
        merged = merged.drop_duplicates(["iso3", "reference_year_a"])
        row = mart.loc[pair.pair_id]
        assert row.n_overlap == len(merged), pair.pair_id
        spearman = merged["value_a"].rank().corr(merged["value_b"].rank())
        assert abs(row.spearman - spearman) < 1e-9, pair.pair_id
        if pair.is_same_unit:
            assert abs(row.mean_difference - (merged.value_b - merged.value_a).mean()) < 1e-9


def test_every_published_country_year_has_its_development_adjusted_score(con):
    missing = con.execute(
        "select count(*) from marts.fct_gpsi g left join marts.fct_gpsi_development d "
        "using (iso3, year) where g.gpsi_score is not null "
        "and d.development_adjusted_score is null"
    ).fetchone()[0]
    assert missing == 0
    frame = con.execute("select * from marts.fct_gpsi_development").df()
    medians = frame.groupby(["year", "income_group"])["gpsi_score"].transform("median")
    assert (
        frame["development_adjusted_score"] - (frame["gpsi_score"] - medians)
    ).abs().max() < 1e-9
