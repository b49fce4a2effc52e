"""The campaign monitoring toolkit: its numbers on cases worked by hand, and its refusals.

Every input here is a test case: the smallest table whose answer can be worked on paper. A
Poisson fit to three days reduces to a quadratic in the daily ratio, solved here by formula.
"""

from math import inf, isnan, log, sqrt

import pandas as pd
import pytest
from scipy.stats import norm

from activism_book.monitoring import (
    DAILY_SCHEMA,
    attention_half_life,
    engagement_rate,
    fade_difference,
    growth,
    half_life_sensitivity,
    observed_days_to_halve,
    read_daily,
    residual_autocorrelation,
    total_reach,
)
from book_engine.data.descriptors import resources_by_name
from book_engine.data.validation import DataValidationError
from tests.conftest import ROOT

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
    assert fit.start == pytest.approx(16) and fit.days_fitted == 4


def poisson_ratio(a: float, b: float, c: float) -> float:
    """The daily ratio r of a Poisson fit to counts y0, y1, y2 on days 0, 1, 2: its score
    equations, sum(y) = A(1 + r + r^2) and sum(t y) = A(r + 2 r^2), leave the quadratic
    a r^2 + b r + c = 0, whose positive root is r."""
    return (-b + sqrt(b * b - 4 * a * c)) / (2 * a)


def test_half_life_and_its_interval_worked_by_hand(tmp_path):
    """Posts 2, 4, 4, 1: the fit starts at the (first) peak, 4 on 2 March, so the counts are
    4, 4, 1. The score equations give 9 / 6 = (1 + r + r^2) / (r + 2 r^2), that is
    4 r^2 + r - 2 = 0. Var(b) is the Pearson dispersion times the slope's element of the
    inverse of X'WX = [[9, 6], [6, mu1 + 4 mu2]]."""
    fit = attention_half_life(campaign(tmp_path, [2, 4, 4, 1]))
    assert fit.peak == pd.Timestamp("2024-03-02") and fit.days_fitted == 3
    r = poisson_ratio(4, 1, -2)  # 0.5931
    mu = [9 / (1 + r + r * r) * r**t for t in range(3)]
    assert fit.start == pytest.approx(mu[0])
    assert fit.days == pytest.approx(log(2) / -log(r))  # 1.327 days
    dispersion = sum((y - m) ** 2 / m for y, m in zip([4, 4, 1], mu, strict=True)) / (3 - 2)
    se = sqrt(dispersion * 9 / (9 * (mu[1] + 4 * mu[2]) - 6 * 6))
    steepest, flattest = log(r) - norm.ppf(0.975) * se, log(r) + norm.ppf(0.975) * se
    assert fit.low == pytest.approx(log(2) / -steepest)
    assert fit.high == (log(2) / -flattest if flattest < 0 else inf)


def test_a_day_with_no_posts_counts_as_none(tmp_path):
    """Posts 4, 2, 0: 6 / 2 = (1 + r + r^2) / (r + 2 r^2), that is 5 r^2 + 2 r - 1 = 0."""
    fit = attention_half_life(campaign(tmp_path, [4, 2, 0]))
    assert fit.days == pytest.approx(log(2) / -log(poisson_ratio(5, 2, -1)))  # 0.558 days


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
    with pytest.raises(ValueError, match="needs 3 days from the peak on"):
        attention_half_life(campaign(tmp_path, [1, 2, 9, 4]))


GOOD_ROWS = ["#c,Twitter,2024-03-01,4,100,10", "#c,Twitter,2024-03-02,2,50,5"]
BAD_INPUT = {
    "negative count": (HEADER, ["#c,Twitter,2024-03-01,-4,100,10", GOOD_ROWS[1]],
                       "line 2, column 'posts': constraint error"),
    "repeated date": (HEADER, [GOOD_ROWS[0], GOOD_ROWS[0]],
                      "line 3, columns 'campaign', 'platform', 'date': duplicate primary key"),
    "dates out of order": (HEADER, GOOD_ROWS[::-1],
                           "line 3, column 'date': 2024-03-01 comes after a later date"),
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


def test_the_example_table_is_kept_in_the_toolkit_format():
    """The shipped example's schema is the toolkit's, field for field (its descriptions
    aside), so the book's loader and the toolkit's reader check the same rules."""
    example = resources_by_name(ROOT)["dubois_challenge_daily"]
    without_descriptions = [{k: v for k, v in field.items() if k != "description"}
                            for field in example["schema"]["fields"]]
    assert without_descriptions == DAILY_SCHEMA["fields"]
    assert example["schema"]["primaryKey"] == DAILY_SCHEMA["primaryKey"]
    assert len(read_daily(ROOT / "data" / example["path"])) > 0


def test_a_viral_day_with_more_engagements_than_reach_is_read(tmp_path):
    """A small account's post shared far beyond the accounts it reached: real data, read."""
    frame = read_daily(daily_file(tmp_path, ["#c,Twitter,2024-03-01,1,50,400"]))
    assert engagement_rate(frame) == 8


def series(tmp_path, posts: list[int], engagements: list[int]) -> pd.DataFrame:
    rows = [f"#c,Twitter,2024-03-{day:02d},{n},{10 * n},{e}"
            for day, (n, e) in enumerate(zip(posts, engagements, strict=True), start=1)]
    return read_daily(daily_file(tmp_path, rows))


def test_the_observed_days_to_halve_are_read_off_the_data(tmp_path):
    assert observed_days_to_halve(campaign(tmp_path, [2, 8, 6, 4, 3])) == 2  # 8 to 4
    assert observed_days_to_halve(campaign(tmp_path, [8, 7, 6, 5])) == inf


def test_an_exact_halving_has_a_half_life_of_one_day_under_every_specification(tmp_path):
    table = half_life_sensitivity(campaign(tmp_path, [64, 32, 16, 8, 4, 2, 1]))
    poisson = table[table["model"] == "poisson"]
    assert len(table) == 6 and poisson["days"].to_numpy() == pytest.approx([1, 1, 1])
    assert (table["low"] <= table["days"]).all() and (table["days"] <= table["high"]).all()


def test_the_fade_difference_is_zero_for_proportional_series_and_log2_for_a_double_rate(
        tmp_path):
    posts = [64, 32, 16, 8, 4, 2, 1]
    same = fade_difference(series(tmp_path, posts, [10 * n for n in posts]))
    assert same["difference"] == pytest.approx(0, abs=1e-9)
    faster = fade_difference(series(tmp_path, posts, [4096 // 4**day for day in range(7)]))
    assert faster["difference"] == pytest.approx(-log(2))  # quarters a day against halves


def test_residual_autocorrelation_is_high_for_a_series_that_runs_in_streaks(tmp_path):
    streaks = [90, 80, 85, 78, 40, 35, 38, 36, 60, 55, 58, 52, 20, 18, 21, 19, 30, 28, 31, 27]
    assert 0.3 < residual_autocorrelation(campaign(tmp_path, streaks)) <= 1
