"""Shares from the PSLM survey with intervals that respect its clustering, and shares
post-stratified to the census.

Respondents of one primary sampling unit (PSU) resemble each other, so a share computed from
them is less certain than the same number of independent answers would make it. The interval
here is Wilson's, on the effective sample size n / deff, where the design effect deff is the
ratio of the share's cluster-robust variance (PSUs as clusters) to its variance under simple
random sampling. The files carry no sampling weights, so a sample share is unweighted; a
post-stratified share weights the shares of cells (provinces, say) by the cells' census
populations, which corrects the sample's mix of cells and nothing else. The survey's strata
are not used, which makes the intervals, if anything, too wide for these estimators. An
interval covers sampling error under clustering, not bias from what the weights cannot fix.
"""

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy.stats import norm
from statsmodels.stats.proportion import proportion_confint

CONFIDENCE = 0.95
Z = norm.ppf(0.5 + CONFIDENCE / 2)  # the normal quantile of a two-sided interval


def cluster_variance(outcome: pd.Series, cluster: pd.Series) -> float:
    """The cluster-robust variance of the mean of a 0/1 outcome (a sandwich over clusters,
    with the usual C / (C - 1) small-sample factor)."""
    y = outcome.astype(float)
    residual_sums = (y - y.mean()).groupby(cluster.to_numpy()).sum()
    clusters = len(residual_sums)
    return clusters / (clusters - 1) * float((residual_sums**2).sum()) / len(y) ** 2


def clustered_share(outcome: pd.Series, cluster: pd.Series) -> dict:
    """A share with its design effect and a 95% Wilson interval on the effective size."""
    n, share = len(outcome), float(outcome.mean())
    simple, clustered = share * (1 - share) / n, cluster_variance(outcome, cluster)
    deff = clustered / simple if simple > 0 else 1.0
    effective = n / max(deff, 1e-9)
    low, high = proportion_confint(share * effective, effective, alpha=1 - CONFIDENCE,
                                   method="wilson")
    return {"n": n, "share": share * 100, "low": low * 100, "high": high * 100, "deff": deff,
            "se": np.sqrt(clustered) * 100}


def shares_by(frame: pd.DataFrame, groups: list[str], outcome: str,
              cluster: str = "psu") -> pd.DataFrame:
    """:func:`clustered_share` of ``outcome`` within every combination of ``groups``."""
    rows = [{**dict(zip(groups, key if isinstance(key, tuple) else (key,), strict=True)),
             **clustered_share(part[outcome], part[cluster])}
            for key, part in frame.groupby(groups, observed=True)]
    return pd.DataFrame(rows)


def post_stratified(cells: pd.DataFrame, weights: pd.Series) -> dict:
    """A share over all cells (rows of :func:`shares_by`), each weighted by its population
    share (``weights``, aligned with ``cells``, summing to 1), with a 95% normal interval from
    the cells' cluster-robust standard errors (the cells are sampled independently)."""
    share = float((weights * cells["share"]).sum())
    half = Z * float(np.sqrt((weights**2 * cells["se"] ** 2).sum()))
    return {"share": share, "low": share - half, "high": share + half}


def post_stratified_share(frame: pd.DataFrame, outcome: str, cells: list[str],
                          population: pd.Series, cluster: str = "psu") -> dict:
    """``outcome``'s share in ``frame`` post-stratified over ``cells``: each cell's share
    (:func:`shares_by`) weighted by its part of ``population`` (indexed by the cells), with
    the unweighted share beside it. Stops if a cell of the sample has no population."""
    shares = shares_by(frame, cells, outcome, cluster).set_index(cells)
    weights = population.reindex(shares.index)
    if weights.isna().any():
        missing = list(weights.index[weights.isna()])
        raise ValueError(f"no census population for the sample's cells {missing}")
    return {**post_stratified(shares, weights / weights.sum()),
            "unweighted": clustered_share(frame[outcome], frame[cluster]), "n": len(frame)}


def clustered_gap(frame: pd.DataFrame, outcome: str, group: str, high: str, low: str,
                  cluster: str = "psu") -> dict:
    """The difference in percentage points between ``outcome``'s share among the ``high`` and
    the ``low`` rows of ``group``, with a 95% interval from one linear model of the outcome on
    the group, its standard error clustered by sampling unit: the two groups share units, so
    their shares are not independent."""
    rows = frame[frame[group].isin([high, low])]
    is_high = (rows[group] == high).astype(float).rename("high")
    model = sm.OLS(rows[outcome].astype(float), sm.add_constant(is_high)).fit(
        cov_type="cluster", cov_kwds={"groups": rows[cluster].to_numpy()})
    points, spread = model.params["high"] * 100, model.bse["high"] * 100
    return {"points": points, "low": points - Z * spread, "high": points + Z * spread}
