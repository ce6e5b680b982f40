"""Probabilities of sharp deteriorations (seeds/method/early_warning_targets.csv), 1 to
early_warning_design.max_horizon years ahead, for every ranked country from every origin year
from early_warning_design.first_backtest_origin: the backtest (origins whose outcome is known)
and the current forecasts (the latest origins), by a penalised logistic regression on the
signals of seeds/method/early_warning_signals.csv and two baselines (climatology, trend
persistence). The model is gpsi.early_warning (a dbt Python model: scikit-learn, DuckDB only;
Spark runs no Python models outside Databricks, so there the early-warning models are disabled).
"""

from gpsi.early_warning import Design, fit_probabilities


def model(dbt, session):
    dbt.config(materialized="table")
    # dbt finds a Python model's refs by parsing it: each ref is its own statement.
    signals_seed = dbt.ref("early_warning_signals").df()
    penalties_seed = dbt.ref("early_warning_penalties").df()
    return fit_probabilities(
        signals_frame=dbt.ref("int_early_warning_signals_derived").df(),
        outcomes=dbt.ref("int_early_warning_outcomes_observed").df(),
        targets=dbt.ref("early_warning_targets").df(),
        signal_ids=signals_seed["signal_id"].tolist(),
        penalties=penalties_seed["inverse_regularisation"].tolist(),
        design=Design.from_frame(dbt.ref("early_warning_design").df()),
    )
