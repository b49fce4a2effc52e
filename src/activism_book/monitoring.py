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
engagements    reactions to the posts that day (likes, shares, replies); at most ``reach``
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

from activism_book.data import read_typed_csv
from activism_book.validation import DataValidationError, check_table

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
    more, one row per campaign, platform and day), dates in order within each series, and
    engagements at most reach. ``label`` names the file in messages (default: its path)."""
    label = label or str(path)
    check_table(Path(path), DAILY_SCHEMA, label)
    frame = read_typed_csv(Path(path), DAILY_SCHEMA)
    require_date_order(frame, label)
    require_engagements_within_reach(frame, label)
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


def require_engagements_within_reach(frame: pd.DataFrame, label: str) -> None:
    """Stop at the first row with more engagements than accounts reached."""
    above = (frame["engagements"] > frame["reach"]).to_numpy().nonzero()[0]
    if len(above):
        row = frame.iloc[above[0]]
        raise DataValidationError(
            f"{label}, line {above[0] + 2}, column 'engagements': {row['engagements']} is above "
            f"the row's reach of {row['reach']}"
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
    """Engagements per account reached, over the whole campaign (0 to 1)."""
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
