"""The campaign monitoring toolkit: its numbers on cases worked by hand, and its refusals.

Every input here is a test case: the smallest table whose answer can be worked on paper.
Logarithms are in base 2 where that makes the arithmetic exact, so the slopes are multiples
of log 2 and half-lives come out as fractions.
"""

from math import inf, isnan, sqrt

import pandas as pd
import pytest
from scipy.stats import t as student_t

from activism_book.monitoring import (
    attention_half_life,
    engagement_rate,
    growth,
    read_daily,
    total_reach,
)
from activism_book.validation import DataValidationError

HEADER = "campaign,platform,date,posts,reach,engagements"


def daily_file(tmp_path, rows: list[str], header: str = HEADER):
    path = tmp_path / "daily.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def campaign(tmp_path, posts: list[int], platform: str = "Twitter") -> pd.DataFrame:
    """A campaign with ``posts`` on consecutive days from 1 March 2024 (reach and engagements
    are set so that the rows pass: ten accounts a post, one engagement a post)."""
    rows = [f"#c,{platform},2024-03-{day:02d},{n},{10 * n},{n}"
            for day, n in enumerate(posts, start=1)]
    return read_daily(daily_file(tmp_path, rows))


def test_reach_and_engagement_rate_sum_over_days_and_platforms(tmp_path):
    frame = read_daily(daily_file(tmp_path, ["#c,Twitter,2024-03-01,4,100,10",
                                             "#c,Facebook,2024-03-01,2,200,20",
                                             "#c,Twitter,2024-03-02,1,50,5"]))
    assert total_reach(frame) == 100 + 200 + 50
    assert engagement_rate(frame) == pytest.approx((10 + 20 + 5) / 350)  # 0.1


def test_growth_is_each_day_against_the_day_before(tmp_path):
    changes = growth(campaign(tmp_path, [10, 15, 0, 4])).tolist()
    assert isnan(changes[0])  # no day before the first
    assert changes[1:3] == [pytest.approx(0.5), pytest.approx(-1.0)]  # 15/10 - 1, 0/15 - 1
    assert isnan(changes[3])  # no growth from a day with none


def test_an_exact_halving_each_day_has_a_half_life_of_one_day(tmp_path):
    fit = attention_half_life(campaign(tmp_path, [16, 8, 4, 2]))
    assert (fit.days, fit.low, fit.high) == (pytest.approx(1), pytest.approx(1), pytest.approx(1))
    assert fit.days_fitted == 4 and fit.zero_days == 0


def test_half_life_and_its_interval_worked_by_hand(tmp_path):
    """Posts 2, 8, 4, 4, 1: the fit starts at the peak (8, on 2 March). In units of log 2 the
    logs are 3, 2, 2, 0 on days 0 to 3: slope -4.5 / 5 = -0.9, so the half-life is 1 / 0.9
    days. Residuals -0.1, -0.2, 0.7, -0.4 give s^2 = 0.70 / 2 and se = sqrt(0.35 / 5); with
    t(0.975, 2 df) the slope's interval is -0.9 -/+ t se, whose upper end is above 0, so the
    interval cannot rule out no decline."""
    fit = attention_half_life(campaign(tmp_path, [2, 8, 4, 4, 1]))
    assert fit.peak == pd.Timestamp("2024-03-02")
    assert fit.days == pytest.approx(1 / 0.9)
    steepest = 0.9 + student_t.ppf(0.975, 2) * sqrt(0.35 / 5)  # 2.0384 (log 2 a day)
    assert fit.low == pytest.approx(1 / steepest)  # 0.4906 days
    assert fit.high == inf
    assert fit.days_fitted == 4


def test_days_with_no_posts_after_the_peak_are_left_out_and_counted(tmp_path):
    """Posts 8, 4, 0, 2, 1: days 0, 1, 3, 4 with logs 3, 2, 1, 0 (base 2); slope -7 / 10."""
    fit = attention_half_life(campaign(tmp_path, [8, 4, 0, 2, 1]))
    assert fit.days == pytest.approx(1 / 0.7)
    assert (fit.days_fitted, fit.zero_days) == (4, 1)


def test_a_series_that_does_not_decline_has_no_half_life(tmp_path):
    assert attention_half_life(campaign(tmp_path, [5, 5, 5, 5])).days == inf


def test_platforms_are_summed_before_the_fit(tmp_path):
    rows = [f"#c,{platform},2024-03-0{day},{n},{10 * n},{n}"
            for platform, counts in (("Twitter", [12, 6, 3]), ("Facebook", [4, 2, 1]))
            for day, n in enumerate(counts, start=1)]
    fit = attention_half_life(read_daily(daily_file(tmp_path, rows)))
    assert fit.days == pytest.approx(1)  # 16, 8, 4 a day in all


def test_the_measures_refuse_two_campaigns_at_once(tmp_path):
    frame = read_daily(daily_file(tmp_path, ["#a,Twitter,2024-03-01,1,10,1",
                                             "#b,Twitter,2024-03-01,1,10,1"]))
    with pytest.raises(ValueError, match="one campaign's rows; these hold 2"):
        total_reach(frame)


def test_a_half_life_needs_three_days_from_the_peak(tmp_path):
    with pytest.raises(ValueError, match="needs 3 days"):
        attention_half_life(campaign(tmp_path, [1, 2, 9, 4]))


GOOD_ROWS = ["#c,Twitter,2024-03-01,4,100,10", "#c,Twitter,2024-03-02,2,50,5"]
BAD_INPUT = {
    "negative count": (HEADER, ["#c,Twitter,2024-03-01,-4,100,10", GOOD_ROWS[1]],
                       "line 2, column 'posts': constraint error"),
    "repeated date": (HEADER, [GOOD_ROWS[0], GOOD_ROWS[0]],
                      "line 3, columns 'campaign', 'platform', 'date': duplicate primary key"),
    "dates out of order": (HEADER, GOOD_ROWS[::-1],
                           "line 3, column 'date': 2024-03-01 comes after a later date"),
    "engagements above reach": (HEADER, ["#c,Twitter,2024-03-01,4,100,101", GOOD_ROWS[1]],
                                "line 2, column 'engagements': 101 is above the row's reach"),
    "missing column": ("campaign,platform,date,posts,reach", ["#c,Twitter,2024-03-01,4,100"],
                       "line 1, column 'engagements': missing label"),
    "not a date": (HEADER, ["#c,Twitter,1 March,4,100,10"], "line 2, column 'date': type error"),
}


@pytest.mark.parametrize("case", BAD_INPUT)
def test_bad_input_fails_naming_file_line_and_column(tmp_path, case):
    header, rows, expected = BAD_INPUT[case]
    with pytest.raises(DataValidationError) as failure:
        read_daily(daily_file(tmp_path, rows, header), label="daily.csv")
    assert f"daily.csv, {expected}" in str(failure.value)


def test_dates_may_interleave_across_platforms(tmp_path):
    """Order is checked within each campaign and platform: a file sorted by platform passes."""
    frame = read_daily(daily_file(tmp_path, ["#c,Twitter,2024-03-01,1,10,1",
                                             "#c,Twitter,2024-03-02,1,10,1",
                                             "#c,Facebook,2024-03-01,1,10,1"]))
    assert len(frame) == 3
