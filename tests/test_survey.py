"""The survey statistics: a gap between two groups that share sampling units."""

import numpy as np
import pandas as pd
import pytest

from activism_book.survey import Z, clustered_gap, shares_by


def shared_units(seed: int = 7) -> pd.DataFrame:
    """Fifty units, each with both groups and a strong effect of its own on the outcome."""
    rng = np.random.default_rng(seed)
    unit = np.repeat(np.arange(50), 20)
    effect = rng.normal(0, 1.5, 50)[unit]
    group = np.tile(np.repeat(["high", "low"], 10), 50)
    used = effect + np.where(group == "high", 0.5, 0) + rng.normal(0, 1, unit.size) > 0.5
    return pd.DataFrame({"psu": unit, "group": group, "used": used})


def test_the_gap_is_the_difference_of_the_two_shares():
    frame = shared_units()
    gap = clustered_gap(frame, "used", "group", "high", "low")
    shares = frame.groupby("group")["used"].mean() * 100
    assert gap["points"] == pytest.approx(shares["high"] - shares["low"])
    assert gap["low"] < gap["points"] < gap["high"]


def test_groups_sharing_units_give_a_narrower_interval_than_independent_shares_would():
    frame = shared_units()
    gap = clustered_gap(frame, "used", "group", "high", "low")
    shares = shares_by(frame, ["group"], "used").set_index("group")
    independent = 2 * Z * np.hypot(shares.loc["high", "se"], shares.loc["low", "se"])
    assert gap["high"] - gap["low"] < 0.8 * independent  # the units' effect cancels in the gap
