"""The early-warning model: probabilities of sharp deteriorations, backtested on rolling origins.

The dbt Python models int_early_warning_probabilities_fitted and
int_early_warning_skill_measured call `fit_probabilities` and `measure_skill`; the method
(targets, signals, penalties, the design row) comes from seeds, so every choice is data.

At every origin year T a model sees only what was known at the end of T: it is fitted on
the origins whose outcome had happened by then (origin + horizon <= T), with the signals'
medians and scales of those rows; its penalty is the one whose rolling predictions for the
validation origins (design.first_validation_origin to T - horizon, each predicted by a model
fitted on the origins known before it) had the lowest Brier score, and its alert threshold
is the lowest probability at which those validation predictions reached
design.min_precision. Nothing is chosen on the year it predicts.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, roc_auc_score
from threadpoolctl import threadpool_limits

MODELS = ("logistic", "trend_persistence", "climatology")
# The one-signal baseline is a logistic regression too, all but unpenalised.
TREND_INVERSE_REGULARISATION = 1.0
MIN_TRAINING_EVENTS = 3
# Newton steps stop when the largest gradient entry is below this: tight enough that the
# probabilities and top signals are the penalised optimum's (within 1e-7), not the point
# where scikit-learn's default (1e-4) happened to stop, which moved them by up to 4e-4.
SOLVER_TOLERANCE = 1e-8
# Cells (draws x cases) of one block of the country bootstrap's weights.
BOOTSTRAP_BLOCK_CELLS = 4_000_000


@dataclass(frozen=True)
class Design:
    max_horizon: int
    first_validation_origin: int
    first_backtest_origin: int
    min_precision: float
    bootstrap_draws: int
    interval_coverage: float
    bootstrap_seed: int
    top_signals: int

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> Design:
        if len(frame) != 1:
            raise ValueError(f"seed early_warning_design: expected one row, found {len(frame)}")
        row = frame.iloc[0]
        return cls(
            max_horizon=int(row["max_horizon"]),
            first_validation_origin=int(row["first_validation_origin"]),
            first_backtest_origin=int(row["first_backtest_origin"]),
            min_precision=float(row["min_precision"]),
            bootstrap_draws=int(row["bootstrap_draws"]),
            interval_coverage=float(row["interval_coverage"]),
            bootstrap_seed=int(row["bootstrap_seed"]),
            top_signals=int(row["top_signals"]),
        )


@dataclass(frozen=True)
class _Scaling:
    """A training set's signal medians (stand-ins for missing values), means and scales."""

    medians: np.ndarray
    means: np.ndarray
    scales: np.ndarray

    @classmethod
    def of(cls, training: np.ndarray) -> tuple[_Scaling, np.ndarray]:
        """The scaling of the training rows, and those rows standardised (in place: pass
        rows of its own, such as a selection)."""
        with warnings.catch_warnings():  # a signal with no value in training: median 0
            warnings.simplefilter("ignore", RuntimeWarning)
            medians = np.nan_to_num(np.nanmedian(training, axis=0))
        np.copyto(training, medians, where=np.isnan(training))
        means = training.mean(axis=0)
        scales = training.std(axis=0)
        scales[scales == 0] = 1.0
        training -= means
        training /= scales
        return cls(medians, means, scales), training

    def standardised(self, x: np.ndarray) -> np.ndarray:
        return (np.where(np.isnan(x), self.medians, x) - self.means) / self.scales


def _model(inverse_regularisation: float) -> LogisticRegression:
    """An L2-penalised logistic regression on standardised signals (Newton-Cholesky: exact
    with many more rows than signals). Each refit starts from the model's last optimum (one
    model per penalty is refitted year after year), which the solver tolerance makes
    immaterial to the result and which needs fewer Newton steps."""
    return LogisticRegression(
        C=inverse_regularisation,
        solver="newton-cholesky",
        tol=SOLVER_TOLERANCE,
        max_iter=200,
        warm_start=True,
    )


def _brier(probability: np.ndarray, outcome: np.ndarray) -> float:
    return float(np.mean((probability - outcome) ** 2))


def alert_threshold(
    probability: np.ndarray, outcome: np.ndarray, min_precision: float
) -> float | None:
    """The lowest probability p whose alerts (probability >= p) reach min_precision, or None."""
    order = np.argsort(-probability, kind="stable")
    p, o = probability[order], outcome[order]
    hits = np.cumsum(o)
    alerts = np.arange(1, len(p) + 1)
    # only the last of tied probabilities is a threshold (all ties alert together)
    last_of_tie = np.r_[p[1:] != p[:-1], True]
    ok = last_of_tie & (hits / alerts >= min_precision) & (hits > 0)
    if not ok.any():
        return None
    return float(p[np.flatnonzero(ok)[-1]])


def _penalised(logistic: dict, penalty: float) -> Callable[[int], np.ndarray]:
    """The logistic model's validation predictions at one penalty, by origin year."""
    return lambda year: logistic[year, penalty]


@dataclass
class _Fits:
    """Every validation/origin year's fitted models of one target and horizon: the
    logistic predictions and coefficients by (year, penalty), the year's standardised
    signals, the trend baseline's predictions and the climatology (base rate)."""

    logistic: dict[tuple[int, float], np.ndarray]
    coefficients: dict[tuple[int, float], np.ndarray]
    standardised: dict[int, np.ndarray]
    trend: dict[int, np.ndarray]
    climatology: dict[int, float]


def _fit_years(
    panel: pd.DataFrame,
    signals: list[str],
    trend_signal: str,
    penalties: list[float],
    horizon: int,
    years: range,
) -> _Fits:
    """The model for year V is fitted on the origins whose outcome was known by V,
    whatever origin later reads it."""
    x = panel[signals].to_numpy(float)
    x_trend = panel[[trend_signal]].to_numpy(float)
    year_of = panel["year"].to_numpy(int)
    is_known = panel["is_event"].notna().to_numpy()
    outcome = panel["is_event"].fillna(False).to_numpy(bool).astype(int)
    fits = _Fits({}, {}, {}, {}, {})
    logistic = {c: _model(c) for c in penalties}
    trend = _model(TREND_INVERSE_REGULARISATION)
    for year in years:
        training = is_known & (year_of + horizon <= year)
        if outcome[training].sum() < MIN_TRAINING_EVENTS:
            continue
        rows = year_of == year
        fits.climatology[year] = float(outcome[training].mean())
        scaling, z_training = _Scaling.of(x[training])
        fits.standardised[year] = scaling.standardised(x[rows])
        for c, model in logistic.items():
            model.fit(z_training, outcome[training])
            fits.logistic[year, c] = model.predict_proba(fits.standardised[year])[:, 1]
            fits.coefficients[year, c] = model.coef_[0].copy()
        trend_scaling, z_trend = _Scaling.of(x_trend[training])
        trend.fit(z_trend, outcome[training])
        fits.trend[year] = trend.predict_proba(trend_scaling.standardised(x_trend[rows]))[:, 1]
    return fits


def _top_signals(
    frame: pd.DataFrame, contributions: np.ndarray, signals: list[str], top: int
) -> None:
    """The `top` signals raising each probability most (positive contributions only)."""
    order = np.argsort(-contributions, axis=1, kind="stable")
    for k in range(min(top, len(signals))):
        pick = order[:, k]
        value = contributions[np.arange(len(frame)), pick]
        names = np.array(signals, dtype=object)[pick]
        no_signal = np.full(len(frame), None, dtype=object)
        frame[f"signal_{k + 1}"] = np.where(value > 0, names, no_signal)
        frame[f"contribution_{k + 1}"] = np.where(value > 0, value, np.nan)


def _validation(
    fits: _Fits,
    outcomes: dict[int, np.ndarray],  # by year: 1.0, 0.0 or NaN (not yet known)
    first_year: int,
    last_year: int,
    predictions: Callable[[int], np.ndarray],
) -> tuple[np.ndarray, np.ndarray]:
    """Pooled predictions and known outcomes of the validation years first..last."""
    predicted, observed = [], []
    for v in range(first_year, last_year + 1):
        if v in fits.climatology:
            known_v = ~np.isnan(outcomes[v])
            predicted.append(predictions(v)[known_v])
            observed.append(outcomes[v][known_v])
    if not predicted:
        return np.array([]), np.array([])
    return np.concatenate(predicted), np.concatenate(observed)


def _model_frame(
    rows: pd.DataFrame, model: str, probability: np.ndarray, **columns
) -> pd.DataFrame:
    """One origin's forecasts by one model, with empty signal columns."""
    frame = pd.DataFrame(
        {
            "iso3": rows["iso3"].to_numpy(),
            "origin_year": columns["origin_year"],
            "horizon": columns["horizon"],
            "model": model,
            "probability": probability,
            "climatology": columns["climatology"],
            "is_event": rows["is_event"].to_numpy(),
            "inverse_regularisation": columns["penalty"] if model == "logistic" else None,
            "alert_threshold": columns["threshold"],
            "is_alert": (
                probability >= columns["threshold"] if columns["threshold"] is not None else False
            ),
            "imputed_share": rows["imputed_share"].to_numpy(),
        }
    )
    for k in range(columns["top_signals"]):
        frame[f"signal_{k + 1}"] = None
        frame[f"contribution_{k + 1}"] = np.nan
    return frame


def _choose_penalty(penalties: list[float], validation: Callable) -> float:
    """The penalty whose validation predictions have the lowest Brier score (the smaller
    on a tie; the first without validation years)."""
    briers = {}
    for c in penalties:
        p, o = validation(c)
        if len(o):
            briers[c] = _brier(p, o)
    return min(briers, key=lambda c: (briers[c], c)) if briers else penalties[0]


def _fit_target(
    panel: pd.DataFrame,
    signals: list[str],
    trend_signal: str,
    penalties: list[float],
    horizon: int,
    design: Design,
) -> list[pd.DataFrame]:
    latest = int(panel["year"].max())
    years = range(design.first_validation_origin, latest + 1)
    fits = _fit_years(panel, signals, trend_signal, penalties, horizon, years)
    # 1.0 an event, 0.0 none, NaN not yet known
    outcome = panel["is_event"].to_numpy(float, na_value=np.nan)
    year_of = panel["year"].to_numpy(int)
    outcomes = {year: outcome[year_of == year] for year in years}
    base_rate = fits.climatology
    frames = []
    for year in range(design.first_backtest_origin, latest + 1):
        if year not in base_rate:
            continue

        def validation(predictions, year=year):  # the validation years known at `year`
            return _validation(
                fits, outcomes, design.first_validation_origin, year - horizon, predictions
            )

        chosen = _choose_penalty(penalties, lambda c: validation(_penalised(fits.logistic, c)))
        rows = panel[panel["year"] == year]
        by_model = {
            "logistic": (
                fits.logistic[year, chosen],
                validation(_penalised(fits.logistic, chosen)),
            ),
            "trend_persistence": (fits.trend[year], validation(lambda v: fits.trend[v])),
            "climatology": (
                np.full(len(rows), base_rate[year]),
                validation(lambda v: np.full(len(outcomes[v]), base_rate[v])),
            ),
        }
        # Unranked country-years teach the models; only ranked ones are forecast.
        ranked = rows["is_ranked"].to_numpy(bool)
        rows = rows[ranked]
        for model, (probability, (vp, vo)) in by_model.items():
            frame = _model_frame(
                rows,
                model,
                probability[ranked],
                origin_year=year,
                horizon=horizon,
                climatology=base_rate[year],
                penalty=chosen,
                threshold=alert_threshold(vp, vo, design.min_precision) if len(vo) else None,
                top_signals=design.top_signals,
            )
            if model == "logistic":
                contributions = fits.coefficients[year, chosen] * fits.standardised[year][ranked]
                _top_signals(frame, contributions, signals, design.top_signals)
            frames.append(frame)
    return frames


def fit_probabilities(
    signals_frame: pd.DataFrame,
    outcomes: pd.DataFrame,
    targets: pd.DataFrame,
    signal_ids: list[str],
    penalties: list[float],
    design: Design,
) -> pd.DataFrame:
    """One row per target, horizon, model, country and origin from design.first_backtest_origin."""
    missing = sorted(set(signal_ids) - set(signals_frame.columns))
    if missing:
        raise ValueError(
            f"seed early_warning_signals: {missing} are not columns of "
            "int_early_warning_signals_derived"
        )
    ordered = list(targets.sort_values("target_id").itertuples())
    for target in ordered:
        if target.trend_signal not in signals_frame.columns:
            raise ValueError(
                f"seed early_warning_targets, target {target.target_id}: trend_signal "
                f"{target.trend_signal!r} is not a column of int_early_warning_signals_derived"
            )

    def fit(target, horizon: int) -> list[pd.DataFrame]:
        target_outcomes = outcomes[
            (outcomes["target_id"] == target.target_id) & (outcomes["horizon"] == horizon)
        ][["iso3", "origin_year", "is_event"]].rename(columns={"origin_year": "year"})
        panel = (
            signals_frame.merge(target_outcomes, on=["iso3", "year"], how="left")
            .sort_values(["year", "iso3"], kind="stable")
            .reset_index(drop=True)
        )
        frames = _fit_target(
            panel, signal_ids, target.trend_signal, sorted(penalties), horizon, design
        )
        for frame in frames:
            frame.insert(0, "target_id", target.target_id)
        return frames

    tasks = [
        (target, horizon) for target in ordered for horizon in range(1, design.max_horizon + 1)
    ]
    fitted = _side_by_side(fit, tasks)
    result = pd.concat([frame for frames in fitted for frame in frames], ignore_index=True)
    result["is_event"] = result["is_event"].astype("boolean")
    return result


def _side_by_side(function: Callable, tasks: list[tuple]) -> list:
    """function(*task) for every task, in that order, a task per core at a time. The work
    is numpy's and BLAS's, which release the GIL, on one BLAS thread each (their matrices
    are a few dozen columns wide: more BLAS threads do not make them faster). Each task's
    result depends on its own inputs only, so the order of work cannot change them."""
    with (
        threadpool_limits(limits=1, user_api="blas"),
        ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool,
    ):
        return list(pool.map(lambda task: function(*task), tasks))


def _running_sums(by_case: np.ndarray, rows: np.ndarray, kept: np.ndarray) -> np.ndarray:
    """Running sums down the rows `rows` of `by_case` (summed in place in the one copy the
    selection makes), at the positions `kept`."""
    picked = by_case[rows]
    np.cumsum(picked, axis=0, out=picked)
    return picked[kept]


def weighted_average_precision(
    probability: np.ndarray, outcome: np.ndarray, counts: np.ndarray, group: np.ndarray
) -> np.ndarray:
    """Average precision (sklearn's step-wise precision-recall AUC) of one set of forecasts
    under each row of `counts` (draws x groups) at once, case i weighted counts[:, group[i]]:
    a country drawn k times in a bootstrap sample is its rows weighted k.

    Recall rises only at the tie groups holding an event, so the sum's terms are computed
    there alone (elsewhere they are zeros, which leave a sum in rank order unchanged)."""
    order = np.argsort(-probability, kind="stable")
    p, o, g = probability[order], outcome[order], group[order]
    new_tie = p[1:] != p[:-1]
    tie = np.r_[0, np.cumsum(new_tie)]  # tie group of each sorted case
    event_tie = tie[o]
    last_event_of_tie = np.r_[event_tie[1:] != event_tie[:-1], True]
    rising = event_tie[last_event_of_tie]  # the tie groups where recall rises
    last_of_rising = np.flatnonzero(np.r_[new_tie, True])[rising]
    # cases x draws (a row per case: running sums add whole rows); whole numbers counted
    # exactly in integers, divided as floats
    by_case = np.ascontiguousarray(counts.T, dtype=np.int32)
    alerts = _running_sums(by_case, g, last_of_rising)
    hits = _running_sums(by_case, g[o], last_event_of_tie)
    total = hits[-1] if len(rising) else np.zeros(len(counts))
    with np.errstate(invalid="ignore", divide="ignore"):
        precision = np.where(alerts > 0, hits / alerts, 0.0)
        recall = hits / total
    # one row per tie group where recall rises, added in rank order (a sum down the rows)
    terms = np.diff(np.r_[np.zeros((1, len(counts))), recall], axis=0) * precision
    return np.where(total > 0, np.sum(terms, axis=0), np.nan)


def _country_bootstrap(
    frame: pd.DataFrame, draws: int, seed: int, coverage: float
) -> tuple[float | None, float | None]:
    """Percentile interval of the precision-recall AUC over the base rate, countries resampled
    with replacement (the cases of a country are not independent of each other)."""
    countries, country_index = np.unique(frame["iso3"].to_numpy(str), return_inverse=True)
    cases = np.bincount(country_index, minlength=len(countries))
    # a sample's weighted case count is at most countries x the most cases of one country:
    # counted in 32-bit integers (weighted_average_precision), it must fit them
    if len(countries) * int(cases.max()) >= 2**31:
        raise ValueError(f"country bootstrap: {len(frame)} cases exceed 32-bit counts")
    rng = np.random.default_rng(seed)
    counts = np.stack(
        [
            np.bincount(rng.integers(0, len(countries), len(countries)), minlength=len(countries))
            for _ in range(draws)
        ]
    )
    outcome = frame["is_event"].to_numpy(bool)
    probability = frame["probability"].to_numpy(float)
    events = np.bincount(country_index, weights=outcome, minlength=len(countries)).astype(int)
    base_rate = (counts @ events) / (counts @ cases)
    ratios = []
    # draws x cases weights, a block of draws at a time (bounded memory at any scale)
    block = max(1, BOOTSTRAP_BLOCK_CELLS // len(frame))
    for start in range(0, draws, block):
        rows = slice(start, start + block)
        average_precision = weighted_average_precision(
            probability, outcome, counts[rows], country_index
        )
        ratios.append((average_precision / base_rate[rows])[base_rate[rows] > 0])
    pooled = np.concatenate(ratios)
    if not len(pooled):
        return None, None
    low, high = np.percentile(pooled, [50 * (1 - coverage), 50 * (1 + coverage)])
    return float(low), float(high)


# The backtest columns measure_skill reads.
SKILL_COLUMNS = (
    "target_id", "horizon", "model", "origin_year", "iso3", "is_event", "imputed_share",
    "probability", "climatology", "is_alert",
)  # fmt: skip


def _skill(frame: pd.DataFrame, group: pd.DataFrame, model: str, design: Design) -> dict:
    """The skill of one model's forecasts `frame` (a scope of its backtest rows `group`)."""
    outcome = frame["is_event"].to_numpy(bool)
    probability = frame["probability"].to_numpy(float)
    events = int(outcome.sum())
    row: dict[str, Any] = {
        "first_origin_year": int(group["origin_year"].min()),
        "last_origin_year": int(group["origin_year"].max()),
        "cases": len(frame),
        "events": events,
        "base_rate": float(outcome.mean()) if len(frame) else None,
        "brier": _brier(probability, outcome) if len(frame) else None,
        "brier_climatology": (
            _brier(frame["climatology"].to_numpy(float), outcome) if len(frame) else None
        ),
        "pr_auc": None,
        "pr_auc_ratio": None,
        "pr_auc_ratio_low": None,
        "pr_auc_ratio_high": None,
        "roc_auc": None,
        "alerts": int(frame["is_alert"].sum()),
        "alert_hits": int((frame["is_alert"] & outcome).sum()),
    }
    row["brier_skill"] = (
        1 - row["brier"] / row["brier_climatology"] if row["brier_climatology"] else None
    )
    row["recall_at_alert"] = row["alert_hits"] / events if events else None
    row["precision_at_alert"] = row["alert_hits"] / row["alerts"] if row["alerts"] else None
    if 0 < events < len(frame):
        row["pr_auc"] = float(average_precision_score(outcome, probability))
        row["pr_auc_ratio"] = row["pr_auc"] / row["base_rate"]
        row["roc_auc"] = float(roc_auc_score(outcome, probability))
        if model != "climatology":
            row["pr_auc_ratio_low"], row["pr_auc_ratio_high"] = _country_bootstrap(
                frame, design.bootstrap_draws, design.bootstrap_seed, design.interval_coverage
            )
    return row


def measure_skill(backtest: pd.DataFrame, design: Design, max_imputed_share: float) -> pd.DataFrame:
    """Skill of every model per target, horizon and scope (all origins; those with an imputed
    share of at most / above max_imputed_share), on the backtest rows whose outcome is known."""
    # one order of the rows (float means add up the same bits whatever order dbt read them in)
    keys = ["target_id", "horizon", "model", "origin_year", "iso3"]
    known = backtest[backtest["is_event"].notna()].sort_values(keys, kind="stable")
    tasks = []
    for (target_id, horizon, model), group in known.groupby(
        ["target_id", "horizon", "model"], sort=True
    ):
        scopes = {
            "all": group,
            "low_imputed": group[group["imputed_share"] <= max_imputed_share],
            "high_imputed": group[group["imputed_share"] > max_imputed_share],
        }
        for scope, frame in scopes.items():
            key = {"target_id": target_id, "horizon": int(horizon), "model": model, "scope": scope}
            tasks.append((key, frame, group))

    def skill(key: dict, frame: pd.DataFrame, group: pd.DataFrame) -> dict:
        return key | _skill(frame, group, key["model"], design)

    return pd.DataFrame(_side_by_side(skill, tasks))
