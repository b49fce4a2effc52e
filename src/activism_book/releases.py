"""Releases of one series side by side: how far they disagree, year by year.

The Introduction and the data appendix both say how much ITU's estimates for Pakistan move
between releases; they say it from this one comparison, so they cannot drift apart.
"""

import pandas as pd


def release_comparison(indicators: pd.DataFrame, indicator_code: str,
                       country_code: str) -> pd.DataFrame:
    """One row per year, one column per release, and ``gap``: the largest minus the smallest
    value of that year across releases (empty where only one release has the year)."""
    series = indicators[(indicators["indicator_code"] == indicator_code)
                        & (indicators["country_code"] == country_code)]
    releases = series.pivot(index="year", columns="release", values="value")
    gap = releases.max(axis=1) - releases.min(axis=1)
    return releases.assign(gap=gap.where(releases.notna().sum(axis=1) > 1))
