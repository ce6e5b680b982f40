"""The whole index recomputed independently (tests/python/gpsi_reference.py, pandas,
from the raw tables and the seed files) must match the marts to 1e-9."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from gpsi_reference import compute

# One pytest-xdist worker runs this module: its tests share one fixture, session-scoped
# so that it is built once whatever order the worker runs its tests in.
pytestmark = pytest.mark.xdist_group("index_recompute")

TOL = 1e-9


@pytest.fixture(scope="session")
def reference(con):
    return compute(con)


def _merge(expected: pd.DataFrame, actual: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    merged = expected.merge(
        actual, on=keys, how="outer", suffixes=("_ref", "_mart"), indicator=True
    )
    unmatched = merged[merged["_merge"] != "both"]
    assert unmatched.empty, f"rows only on one side:\n{unmatched.head(20)}"
    return merged


def _close(merged: pd.DataFrame, column: str) -> None:
    a, b = merged[f"{column}_ref"].astype(float), merged[f"{column}_mart"].astype(float)
    same_null = a.isna() == b.isna()
    assert same_null.all(), merged.loc[~same_null].head(20)
    diff = (a - b).abs()[a.notna()]
    assert (diff <= TOL).all(), merged.loc[diff[diff > TOL].index].head(20)


def test_indicator_scores_match(con, reference):
    mart = con.execute(
        "select iso3, year, indicator_id, value_status, raw_value as value, normalised_score "
        "from marts.fct_indicator_scores"
    ).df()
    ref = reference["indicators"][
        ["iso3", "year", "indicator_id", "value_status", "value", "normalised_score"]
    ]
    merged = _merge(ref, mart, ["iso3", "year", "indicator_id"])
    assert (merged["value_status_ref"] == merged["value_status_mart"]).all()
    _close(merged, "value")
    _close(merged, "normalised_score")
    assert len(merged) > 30_000


def test_dimension_scores_match(con, reference):
    mart = con.execute(
        "select iso3, year, dimension_id, score, is_covered, imputed_share "
        "from marts.fct_dimension_scores"
    ).df()
    merged = _merge(reference["dimensions"], mart, ["iso3", "year", "dimension_id"])
    _close(merged, "score")
    _close(merged, "imputed_share")
    assert (merged["is_covered_ref"] == merged["is_covered_mart"]).all()


def test_gpsi_and_ranks_match(con, reference):
    columns = ["gpsi_score", "gpsi_score_arithmetic", "gpsi_rank"]
    columns += [f"founding_{c}" for c in columns]
    mart = con.execute(f"select iso3, year, {', '.join(columns)} from marts.fct_gpsi").df()
    merged = _merge(reference["gpsi"], mart, ["iso3", "year"])
    for column in columns:
        _close(merged, column)


def test_a_recent_year_ranks_150_countries(con):
    best = con.execute(
        "select year, count(gpsi_rank) from marts.fct_gpsi where year >= 2022 "
        "group by year order by 2 desc limit 1"
    ).fetchone()
    assert best[1] >= 150, best


def test_scores_recompute_from_marts_alone(con):
    """Dimension and overall scores follow from fct_indicator_scores and the dims."""
    ind = con.execute(
        "select s.iso3, s.year, s.dimension_id, s.score, i.weight "
        "from marts.fct_indicator_scores s join marts.dim_indicator i using (indicator_id) "
        "where s.is_used"
    ).df()
    ind["ws"] = ind["score"] * ind["weight"]
    grouped = ind.groupby(["iso3", "year", "dimension_id"])
    dim = (grouped["ws"].sum() / grouped["weight"].sum()).rename("score").reset_index()
    mart_dim = con.execute(
        "select iso3, year, dimension_id, score from marts.fct_dimension_scores where is_covered"
    ).df()
    merged = _merge(dim, mart_dim, ["iso3", "year", "dimension_id"])
    _close(merged, "score")
    weights = dict(con.execute("select dimension_id, weight from marts.dim_dimension").fetchall())
    floor, minimum = con.execute(
        "select dimension_score_floor, min_dimensions from seeds.method"
    ).fetchone()
    mart_dim["w"] = mart_dim["dimension_id"].map(weights)
    mart_dim["wl"] = mart_dim["w"] * np.log(np.maximum(mart_dim["score"], floor))
    g = mart_dim.groupby(["iso3", "year"])
    geo = np.exp(g["wl"].sum() / g["w"].sum()).rename("gpsi_score").reset_index()
    geo = geo[g.size().values >= minimum]
    gpsi = con.execute(
        "select iso3, year, gpsi_score from marts.fct_gpsi where gpsi_score is not null"
    ).df()
    _close(_merge(geo, gpsi, ["iso3", "year"]), "gpsi_score")


def _spearman_ties_exact(raw: pd.Series, score: pd.Series) -> bool:
    """Ordering preserved: higher raw (worse) never scores higher than lower raw."""
    order = raw.sort_values().index
    return bool((score.loc[order].diff().dropna() <= 1e-12).all())


@pytest.mark.parametrize(
    ("dimension", "indicator"),
    [
        ("food_security", "undernourishment_pct"),
        ("cybersecurity", "gci_score"),
        ("road_safety", "road_death_rate"),
    ],
)
def test_single_source_dimensions_order_countries_as_raw_data(con, dimension, indicator):
    rows = con.execute(
        "select s.iso3, s.year, s.raw_value, s.treated_value, d.score, i.direction "
        "from marts.fct_indicator_scores s "
        "join marts.fct_dimension_scores d using (iso3, year, dimension_id) "
        "join marts.dim_indicator i using (indicator_id) "
        "where s.indicator_id = ? and d.is_covered and s.value_status = 'observed'",
        [indicator],
    ).df()
    assert len(rows) > 500
    for _year, g in rows.groupby("year"):
        g = g.set_index("iso3")
        direction = g["direction"].iloc[0]
        # Strictly: a country with a worse raw value never has a better dimension score.
        raw = g["raw_value"] * (-direction)
        assert _spearman_ties_exact(raw, g["score"])


def _published_scores(con) -> pd.DataFrame:
    return con.execute(
        "select s.iso3, s.year, s.indicator_id, s.dimension_id, s.normalised_score "
        "from marts.fct_indicator_scores s join marts.fct_gpsi g using (iso3, year) "
        "where g.gpsi_score is not null and s.normalised_score is not null"
    ).df()


def _coherence(con, check_id: str) -> pd.DataFrame:
    return con.execute(
        "select year, subject_id, related_id, countries, statistic as r from marts.fct_coherence "
        "where check_id = ?",
        [check_id],
    ).df()


def test_coherence_correlations_recompute(con):
    """Every pairwise indicator correlation and every dimension-to-index correlation of
    fct_coherence (exact sums in SQL: macro exact_corr) is pandas' Pearson r over the
    published country-years, with the same country counts."""
    scores = _published_scores(con)
    wide = scores.pivot_table(
        index=["year", "iso3"], columns="indicator_id", values="normalised_score"
    )
    expected = []
    for year, table in wide.groupby(level="year"):
        present = table.notna().astype(int)
        counts = present.T @ present
        r = table.corr(method="pearson", min_periods=1)
        for a in table.columns:
            for b in table.columns:
                if a < b and counts.loc[a, b] > 0:
                    expected.append((year, a, b, counts.loc[a, b], r.loc[a, b]))
    ref = pd.DataFrame(expected, columns=["year", "subject_id", "related_id", "countries", "r"])
    merged = _merge(
        ref, _coherence(con, "redundant_indicator_pair"), ["year", "subject_id", "related_id"]
    )
    assert (merged["countries_ref"] == merged["countries_mart"]).all()
    assert len(merged) > 500
    # pandas gives NaN for a constant side, as DuckDB's corr does.
    _close(merged, "r")

    dims = con.execute(
        "select d.year, d.dimension_id as subject_id, d.score, g.gpsi_score "
        "from marts.fct_dimension_scores d join marts.fct_gpsi g using (iso3, year) "
        "where d.is_covered and g.gpsi_score is not null"
    ).df()
    grouped = dims.groupby(["year", "subject_id"])
    ref = grouped.apply(lambda g: g["score"].corr(g["gpsi_score"]), include_groups=False)
    ref = ref.rename("r").reset_index()
    ref["countries"] = grouped.size().values
    merged = _merge(ref, _coherence(con, "dimension_to_index_correlation"), ["year", "subject_id"])
    assert (merged["countries_ref"] == merged["countries_mart"]).all()
    _close(merged, "r")
