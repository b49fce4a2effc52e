"""What a comparison of a few campaigns can detect: the power of a two-sample t-test, and
solves for the smallest detectable difference that check their own answer.

statsmodels' ``TTestIndPower`` takes the power from scipy's noncentral t distribution, which
returns NaN for one degree of freedom at some effect sizes (two campaigns against one); its
``solve_power`` then stops at the NaN and reports a number that is not a root. Here the power
is an integral over the chi-squared distribution of the pooled variance, finite for every
degree of freedom, and every solve is checked: the power at the answer must be the target, or
the build stops (:class:`SolveNotVerified`).
"""

import math
from itertools import combinations

from scipy import integrate, optimize, stats

TOLERANCE = 1e-6  # how far the power at a solve's answer may be from its target


class SolveNotVerified(ArithmeticError):
    """A solver's answer does not give the value it was solved for."""


def t_test_power(effect_size: float, nobs1: int, nobs2: int, alpha: float) -> float:
    """The chance that a two-sided two-sample t-test (pooled variance) at level ``alpha``
    rejects when the groups differ by ``effect_size`` standard deviations (Cohen's d).

    With V the chi-squared pooled variance sum on ``df`` degrees of freedom, the statistic is
    (Z + nc) / sqrt(V / df), so the power is the mean over V of the normal chances of falling
    beyond the critical value on either side."""
    df = nobs1 + nobs2 - 2
    shift = effect_size * math.sqrt(nobs1 * nobs2 / (nobs1 + nobs2))
    critical = stats.t.ppf(1 - alpha / 2, df)

    def rejecting(v: float) -> float:
        scale = critical * math.sqrt(v / df)
        beyond = stats.norm.sf(scale - shift) + stats.norm.cdf(-scale - shift)
        return beyond * stats.chi2.pdf(v, df)

    value, _ = integrate.quad(rejecting, 0, math.inf, limit=200)
    return value


def verified(answer: float, achieved: float, target: float, what: str) -> float:
    """``answer``, once the value it gives (``achieved``) is the ``target`` it was solved for."""
    if not math.isfinite(achieved) or abs(achieved - target) > TOLERANCE:
        raise SolveNotVerified(f"{what}: the solver's answer {answer!r} gives {achieved!r}, "
                               f"not the target {target!r}")
    return answer


def detectable_difference(nobs1: int, nobs2: int, alpha: float, power: float) -> float:
    """The smallest Cohen's d a two-sided t-test of groups of ``nobs1`` and ``nobs2`` detects
    with chance ``power``, checked: the power at the answer is ``power``."""
    def shortfall(d: float) -> float:
        return t_test_power(d, nobs1, nobs2, alpha) - power

    high = 1.0
    while shortfall(high) < 0:  # the power rises with d towards 1: bracket the root
        high *= 2
    answer = optimize.brentq(shortfall, 0.0, high, xtol=1e-10)
    return verified(answer, t_test_power(answer, nobs1, nobs2, alpha), power,
                    f"the detectable difference for groups of {nobs1} and {nobs2}")


def smallest_permutation_p(nobs1: int, nobs2: int) -> float:
    """The smallest two-sided p-value a permutation test of a difference in means between two
    groups can give, whatever the data: the observed split is one of the equally likely ways
    to split the units, so at least it reaches its own statistic; with equal groups its mirror
    image (the groups swapped) reaches the same absolute difference too."""
    units = range(nobs1 + nobs2)
    splits = sum(1 for _ in combinations(units, nobs1))
    return 1 / splits if nobs1 != nobs2 else 2 / splits


def campaigns_needed(effect_size: float, alpha: float, power: float) -> int:
    """The fewest units in each of two equal groups for a two-sided t-test to detect
    ``effect_size`` with chance ``power``: counted up, not solved, so one fewer falls short."""
    n = 2
    while t_test_power(effect_size, n, n, alpha) < power:
        n += 1
    return n
