"""Out-of-sample skill of every early-warning model (int_early_warning_probabilities_fitted)
per target, horizon and scope (every origin; origins whose index imputed share is at most /
above method.latest_year_max_imputed_share): Brier score and its skill against climatology,
precision-recall AUC and its ratio to the base rate with a country-resampled interval,
ROC AUC, and the alerts at the thresholds chosen on training years (gpsi.early_warning).
"""

from gpsi.early_warning import SKILL_COLUMNS, Design, measure_skill


def model(dbt, session):
    dbt.config(materialized="table")
    method = dbt.ref("method").df()
    design = dbt.ref("early_warning_design").df()
    # Only the columns the skill reads, of the rows whose outcome is known: the signal
    # names and contributions would hold more memory than the rest of the backtest.
    backtest = (
        dbt.ref("int_early_warning_probabilities_fitted")
        .filter("is_event is not null")
        .project(", ".join(SKILL_COLUMNS))
    )
    return measure_skill(
        backtest=backtest.df(),
        design=Design.from_frame(design),
        max_imputed_share=float(method["latest_year_max_imputed_share"].iloc[0]),
    )
