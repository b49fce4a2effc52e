"""Monitoring and evaluating a social-media campaign: the paper's sixth recommendation as code.

The input is a CSV with one row per campaign, platform and day (:data:`DAILY_SCHEMA`):

=============  ==========================================================================
column         what it holds
=============  ==========================================================================
campaign       the campaign's name, e.g. a hashtag
platform       where the posts appeared, e.g. Twitter
date           the day, YYYY-MM-DD; a campaign's rows on one platform in date order
posts          posts on that day (0 or more)
reach          accounts or views the posts reached that day, as the platform counts them
engagements    reactions that day (likes, shares, replies); may exceed ``reach`` on a viral day
=============  ==========================================================================

:func:`read_daily` checks a file cell by cell and stops at bad input with its file, line and
column. The measures take the rows of one campaign: :func:`total_reach`,
:func:`engagement_rate`, :func:`growth` and :func:`attention_half_life`.
"""

from dataclasses import dataclass
from math import inf, log, sqrt
from pathlib import Path

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy.stats import norm

from book_engine.data import read_typed_csv
from book_engine.data.validation import DataValidationError, check_table

COUNT = {"type": "integer", "constraints": {"required": True, "minimum": 0}}
DAILY_SCHEMA = {
    "fields": [
        {"name": "campaign", "type": "string", "constraints": {"required": True}},
        {"name": "platform", "type": "string", "constraints": {"required": True}},
        {"name": "date", "type": "date", "constraints": {"required": True}},
        {"name": "posts", **COUNT},
        {"name": "reach", **COUNT},
        {"name": "engagements", **COUNT},
    ],
    "primaryKey": ["campaign", "platform", "date"],
}
SERIES = ["campaign", "platform"]  # the columns that name one daily series
CONFIDENCE = 0.95


def read_daily(path: Path, label: str | None = None) -> pd.DataFrame:
    """The rows of a daily campaign file, checked: the schema (columns, types, counts of 0 or
    more, one row per campaign, platform and day) and dates in order within each series.
    ``label`` names the file in messages (default: its path)."""
    label = label or str(path)
    check_table(Path(path), DAILY_SCHEMA, label)
    frame = read_typed_csv(Path(path), DAILY_SCHEMA)
    require_date_order(frame, label)
    return frame


def require_date_order(frame: pd.DataFrame, label: str) -> None:
    """Stop at the first row dated before the row above it in the same series."""
    earlier = frame.groupby(SERIES, sort=False)["date"].diff() < pd.Timedelta(0)
    if earlier.any():
        position = int(earlier.to_numpy().nonzero()[0][0])
        row = frame.iloc[position]
        raise DataValidationError(
            f"{label}, line {position + 2}, column 'date': {row['date']:%Y-%m-%d} comes after "
            f"a later date of {row['campaign']!r} on {row['platform']!r}; "
            "each series must be in date order"
        )


def one_campaign(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows, refused unless they are those of a single campaign."""
    names = frame["campaign"].unique()
    if len(names) != 1:
        raise ValueError(f"the measures take one campaign's rows; these hold {len(names)}")
    return frame


def daily(frame: pd.DataFrame, column: str) -> pd.Series:
    """A campaign's daily ``column``, summed over its platforms, indexed by date."""
    return one_campaign(frame).groupby("date")[column].sum().astype(float)


def total_reach(frame: pd.DataFrame) -> int:
    """The campaign's reach summed over days and platforms. An account reached on two days
    counts twice: this is exposure, not the number of distinct people reached."""
    return int(one_campaign(frame)["reach"].sum())


def engagement_rate(frame: pd.DataFrame) -> float:
    """Engagements per account reached, over the whole campaign: above 1 when a small
    account's posts are shared far beyond those it reached."""
    campaign = one_campaign(frame)
    reach = campaign["reach"].sum()
    return float(campaign["engagements"].sum() / reach) if reach else np.nan


def growth(frame: pd.DataFrame, column: str = "posts") -> pd.Series:
    """Each day's ``column`` relative to the day before it in the data (0.5 is 50% more);
    empty for the first day and after a day with none."""
    values = daily(frame, column)
    return (values / values.shift(1).replace(0, np.nan) - 1).rename(f"growth of {column}")


@dataclass(frozen=True)
class HalfLife:
    """How fast attention fades after its peak: the days it takes to halve, with an interval.

    ``days`` is inf when the fit shows no decline; ``high`` is inf when the interval cannot
    rule out no decline. ``start`` is the fitted value on the peak day, so the fitted curve is
    ``start * 0.5 ** (days since peak / days)``.
    """

    days: float
    low: float
    high: float
    peak: pd.Timestamp
    start: float
    days_fitted: int
    confidence: float = CONFIDENCE


NO_DECLINE = -1e-9  # a slope above this is rounding error, not decline (a flat series)


def days_to_halve(slope: float) -> float:
    """The half-life, in days, of a series whose logarithm falls by ``-slope`` a day."""
    return log(2) / -slope if slope < NO_DECLINE else inf


def attention_half_life(frame: pd.DataFrame, column: str = "posts",
                        confidence: float = CONFIDENCE) -> HalfLife:
    """Fit exponential decay to the campaign's daily ``column`` from its peak day on.

    The fit is a Poisson regression of the daily counts on days since the peak (statsmodels
    GLM, log link), so days with none count as they are; its standard errors are scaled by
    the square root of the Pearson dispersion (quasi-Poisson), because attention comes in
    bursts that vary more than a Poisson count would. The slope b gives the half-life
    log 2 / -b; the half-life falls as b does, so the ends of b's normal interval give the
    ends of the half-life's.
    Needs 3 days from the peak on, 2 of them with a value above 0.
    """
    values = daily(frame, column)
    peak = values.idxmax()
    after = values[values.index >= peak]
    if len(after) < 3 or (after > 0).sum() < 2:
        raise ValueError(f"a half-life needs 3 days from the peak on, 2 of them with {column}; "
                         f"there are {len(after)} days, {(after > 0).sum()} with {column}")
    days = ((after.index - peak) / pd.Timedelta(days=1)).to_numpy()
    model = sm.GLM(after.to_numpy(), sm.add_constant(days), family=sm.families.Poisson()).fit()
    intercept, slope = model.params
    dispersion = model.pearson_chi2 / model.df_resid
    margin = norm.ppf(0.5 + confidence / 2) * sqrt(dispersion) * model.bse[1]
    low_slope, high_slope = slope - margin, slope + margin
    return HalfLife(days=days_to_halve(slope), low=days_to_halve(low_slope),
                    high=days_to_halve(high_slope), peak=peak, start=float(np.exp(intercept)),
                    days_fitted=len(after), confidence=confidence)


def since_peak(frame: pd.DataFrame, column: str, offset: int = 0) -> pd.Series:
    """Daily ``column`` from ``offset`` days after its peak on, indexed by days since the
    peak."""
    values = daily(frame, column)
    peak = values.idxmax()
    after = values[values.index >= peak + pd.Timedelta(days=offset)]
    return after.set_axis(((after.index - peak) / pd.Timedelta(days=1)).to_numpy())


def observed_days_to_halve(frame: pd.DataFrame, column: str = "posts") -> float:
    """Days from the peak to the first day with at most half the peak's ``column`` (inf if
    none): what the data show, to set beside a fitted half-life."""
    after = since_peak(frame, column)
    halved = after.index[after <= after.iloc[0] / 2]
    return float(halved[0]) if len(halved) else inf


def newey_west_lags(days: int) -> int:
    """The usual automatic lag length for Newey-West errors: floor(4 (n / 100)^(2/9))."""
    return int(4 * (days / 100) ** (2 / 9))


def fitted_slope(counts: pd.Series, model: str) -> tuple[float, float]:
    """The daily log-slope of ``counts`` (indexed by days since the peak) and its standard
    error: a Poisson regression with Newey-West errors, which allow for overdispersion and
    for days that resemble their neighbours ('poisson'), or least squares on log(1 + count)
    with the same errors ('log-linear')."""
    design = sm.add_constant(counts.index.to_numpy(dtype=float))
    errors = {"cov_type": "HAC", "cov_kwds": {"maxlags": newey_west_lags(len(counts))}}
    if model == "poisson":
        fit = sm.GLM(counts.to_numpy(), design, family=sm.families.Poisson()).fit(**errors)
    else:
        fit = sm.OLS(np.log1p(counts.to_numpy(dtype=float)), design).fit(**errors)
    return float(fit.params[1]), float(fit.bse[1])


def half_life_interval(slope: float, error: float, confidence: float = CONFIDENCE) -> dict:
    margin = norm.ppf(0.5 + confidence / 2) * error
    return {"days": days_to_halve(slope), "low": days_to_halve(slope - margin),
            "high": days_to_halve(slope + margin)}


def half_life_sensitivity(frame: pd.DataFrame, column: str = "posts",
                          offsets: tuple[int, ...] = (0, 1, 2)) -> pd.DataFrame:
    """The half-life under each reasonable specification: the fit starting on the peak day
    or a day or two after it, by a Poisson or a log-linear model, each with an interval that
    allows for autocorrelation (:func:`fitted_slope`)."""
    rows = []
    for offset in offsets:
        counts = since_peak(frame, column, offset)
        for model in ("poisson", "log-linear"):
            rows.append({"start": offset, "model": model, "days fitted": len(counts),
                         **half_life_interval(*fitted_slope(counts, model))})
    return pd.DataFrame(rows)


def residual_autocorrelation(frame: pd.DataFrame, column: str = "posts") -> float:
    """The lag-1 autocorrelation of the Pearson residuals of the Poisson fit from the peak:
    well above 0, and neighbouring days are not independent."""
    counts = since_peak(frame, column)
    fit = sm.GLM(counts.to_numpy(), sm.add_constant(counts.index.to_numpy(dtype=float)),
                 family=sm.families.Poisson()).fit()
    residuals = pd.Series(fit.resid_pearson)
    return float(residuals.autocorr(lag=1))


def fade_difference(frame: pd.DataFrame, first: str = "posts", second: str = "engagements",
                    confidence: float = CONFIDENCE, offset: int = 0) -> dict:
    """Whether ``second`` fades faster than ``first`` after the peak of ``first``: the
    difference of their daily log-slopes (second minus first) from one Poisson model of both
    series, an intercept and a slope each, with Newey-West errors summed over the two counts
    of a day, since both are counted on the same days; the fit starts ``offset`` days after
    the peak. Returns the difference, its interval and its two-sided p-value."""
    peak = daily(frame, first).idxmax() + pd.Timedelta(days=offset)
    both = pd.DataFrame({name: daily(frame, name) for name in (first, second)})
    both = both[both.index >= peak]
    days = ((both.index - peak) / pd.Timedelta(days=1)).to_numpy(dtype=float)
    counts = both.to_numpy().ravel()  # day by day: first, second, first, second, ...
    is_second = np.tile([0.0, 1.0], len(days))
    day = np.repeat(days, 2)
    design = np.column_stack([1 - is_second, is_second, day * (1 - is_second), day * is_second])
    fit = sm.GLM(counts, design, family=sm.families.Poisson()).fit(
        cov_type="hac-groupsum", cov_kwds={"time": np.repeat(np.arange(len(days)), 2),
                                           "maxlags": newey_west_lags(len(days))})
    test = fit.t_test([0, 0, -1, 1])
    low, high = test.conf_int(alpha=1 - confidence)[0]
    return {"difference": float(np.ravel(test.effect)[0]), "low": float(low),
            "high": float(high), "p": float(np.ravel(test.pvalue)[0])}
