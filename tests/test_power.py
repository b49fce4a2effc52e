"""The power analysis of Chapter 4: a power that is finite for one degree of freedom, solves
checked against their target, and the permutation bound, each on cases with known answers."""

import itertools
import math

import pytest
from statsmodels.stats.power import TTestIndPower

from activism_book.power import (
    SolveNotVerified,
    campaigns_needed,
    detectable_difference,
    smallest_permutation_p,
    t_test_power,
    verified,
)

STATSMODELS = TTestIndPower()


@pytest.mark.parametrize(("d", "n1", "n2"), [(0.8, 26, 26), (1.2, 12, 12), (0.5, 3, 3),
                                             (15.0, 2, 1), (20.0, 2, 1), (2.0, 5, 3)])
def test_the_power_is_statsmodels_where_statsmodels_gives_one(d, n1, n2):
    assert t_test_power(d, n1, n2, 0.05) == pytest.approx(
        STATSMODELS.power(effect_size=d, nobs1=n1, ratio=n2 / n1, alpha=0.05), abs=1e-9)


def test_the_power_is_defined_where_statsmodels_gives_none():
    assert math.isnan(STATSMODELS.power(effect_size=9.4, nobs1=2, ratio=0.5, alpha=0.05))
    assert 0.25 < t_test_power(9.4, 2, 1, 0.05) < t_test_power(15.0, 2, 1, 0.05)


def test_the_detectable_difference_gives_the_target_power():
    d = detectable_difference(2, 1, alpha=0.05, power=0.8)
    assert d == pytest.approx(20.0, abs=0.01)
    assert t_test_power(d, 2, 1, 0.05) == pytest.approx(0.8, abs=1e-6)
    assert detectable_difference(26, 26, alpha=0.05, power=0.8074866151465275) == \
        pytest.approx(0.8, abs=1e-6)


def test_a_solve_whose_answer_misses_its_target_stops():
    wrong = STATSMODELS.solve_power(nobs1=2, ratio=0.5, alpha=0.05, power=0.8)  # 9.37
    with pytest.raises(SolveNotVerified, match="not the target 0.8"):
        verified(wrong, t_test_power(wrong, 2, 1, 0.05), 0.8, "a two-against-one split")


@pytest.mark.parametrize(("d", "expected"), [(0.5, 64), (0.8, 26), (1.2, 12)])
def test_campaigns_needed_is_the_fewest_that_reach_the_power(d, expected):
    assert campaigns_needed(d, alpha=0.05, power=0.8) == expected
    assert math.ceil(STATSMODELS.solve_power(effect_size=d, alpha=0.05, power=0.8)) == expected


@pytest.mark.parametrize(("first", "second"), [([5.0, 6.0], [-100.0]), ([1.0, 2.0], [3.0, 40.0]),
                                               ([0.0, 1.0, 2.0], [9.0])])
def test_the_smallest_permutation_p_is_what_enumerating_the_splits_gives(first, second):
    """The most extreme data a split could have: the p-value over every split is the bound."""
    values = first + second

    def gap(group: tuple[int, ...]) -> float:
        inside = [values[i] for i in group]
        outside = [values[i] for i in range(len(values)) if i not in group]
        return abs(sum(inside) / len(inside) - sum(outside) / len(outside))

    splits = list(itertools.combinations(range(len(values)), len(first)))
    observed = gap(tuple(range(len(first))))
    p = sum(gap(split) >= observed - 1e-12 for split in splits) / len(splits)
    assert p == pytest.approx(smallest_permutation_p(len(first), len(second)))
