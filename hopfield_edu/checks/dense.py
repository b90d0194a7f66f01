"""Self-checks of Chapter 9: the dense energy, its update, its capacity."""

from __future__ import annotations

import math
from collections.abc import Callable
from statistics import NormalDist

import numpy as np

from .._validate import check_function
from ..dense import DenseAssociativeMemory
from ..patterns import flip, random_patterns
from ..theory import dense_capacity
from ._core import CheckFailed, as_array, as_number, as_prediction, call, passed

__all__ = ["check_dense_energy", "check_dense_update", "check_dense_capacity_point",
           "check_dense_snr", "check_dense_prediction", "check_dense_capacity_experiment"]

def check_dense_energy(dense_energy: Callable) -> None:
    """Check ``dense_energy(patterns, state, n)``: E = -Σ_μ (ξ^μ·σ)ⁿ."""
    check_function(dense_energy, "dense_energy(patterns, state, n)")
    name = "dense_energy"
    rng = np.random.default_rng(26)
    cases = [(random_patterns(5, 20, rng=rng), 2), (random_patterns(30, 50, rng=rng), 3),
             (random_patterns(40, 200, rng=rng), 4)]  # overlaps up to 200: beyond an int8
    for patterns, degree in cases:
        state = flip(patterns[0], 0.1, rng=rng)
        got = as_number(call(dense_energy, name, patterns, state, degree), name)
        expected = DenseAssociativeMemory(patterns, degree=degree).energy(state)
        if np.isclose(got, expected):
            continue
        where = f"for {len(patterns)} patterns of {patterns.shape[1]} units and n = {degree}"
        if np.isclose(got, -expected):
            raise CheckFailed(f"{name} has the wrong sign {where}: E = -Σ F, so large overlaps "
                              f"give a low energy.")
        if patterns.shape[1] > 127:
            raise CheckFailed(f"{name} is wrong {where}: an overlap of 200 units does not fit in "
                              f"an int8 (at most 127). Convert first: patterns.astype(float).")
        raise CheckFailed(f"{name} gave {got:.6g} {where}, expected {expected:.6g}.")
    passed(name, len(cases))


def check_dense_update(dense_update: Callable) -> None:
    """Check ``dense_update(patterns, state, i, n)``: unit i takes the state of lower energy
    E = -Σ_μ (ξ^μ·σ)ⁿ, and keeps its state on a tie. Returns the new state."""
    check_function(dense_update, "dense_update(patterns, state, i, n)")
    name = "dense_update"
    rng = np.random.default_rng(27)
    tie = np.array([[1, 1, 1, 1], [1, -1, 1, 1]])  # unit 1 sees equal energies either way
    cases = [(tie, np.array([1, -1, 1, 1], np.int8), 1, 2),
             (tie, np.array([1, 1, 1, 1], np.int8), 1, 2)]
    for _ in range(12):
        n = int(rng.integers(5, 30))
        patterns = random_patterns(int(rng.integers(2, 40)), n, rng=rng)
        cases.append((patterns, random_patterns(1, n, rng=rng)[0], int(rng.integers(n)),
                      int(rng.integers(2, 6))))
    for patterns, state, i, degree in cases:
        got = as_array(call(dense_update, name, patterns, state, i, degree), name, state.shape)
        memory = DenseAssociativeMemory(patterns, degree=degree)
        up, down = state.copy(), state.copy()
        up[i], down[i] = 1, -1
        e_up, e_down = memory.energy(up), memory.energy(down)
        expected = state.copy()
        expected[i] = 1 if e_up < e_down else (-1 if e_down < e_up else state[i])
        if np.array_equal(got, expected):
            continue
        if e_up == e_down:
            raise CheckFailed(f"unit {i} has the same energy in both states; it should keep its "
                              f"state {state[i]:+d}, yours became {int(got[i]):+d}.")
        if got[i] == -expected[i]:
            raise CheckFailed(f"unit {i} should take the state of *lower* energy: E(+1) = "
                              f"{e_up:.4g}, E(-1) = {e_down:.4g}; yours chose {int(got[i]):+d}.")
        raise CheckFailed(f"{name}(patterns, state, {i}, {degree}) changed other units than "
                          f"unit {i}.")
    passed(name, len(cases))


def check_dense_capacity_point(stable_fraction: Callable) -> None:
    """Check ``stable_fraction(n_neurons, n_patterns, degree, rng)``: the fraction of stored
    random patterns that are exact fixed points of a dense memory of that degree."""
    check_function(stable_fraction, "stable_fraction(n_neurons, n_patterns, degree, rng)")
    name = "stable_fraction"
    n, degree = 30, 3
    capacity = dense_capacity(n, degree)
    for scale, low, high in ((0.3, 0.9, 1.0), (6.0, 0.0, 0.2)):
        p = round(scale * capacity)
        got = as_number(call(stable_fraction, name, n, p, degree, np.random.default_rng(p)),
                         name)
        if not low <= got <= high:
            raise CheckFailed(f"{name}({n}, {p}, {degree}) = {got:.2f}, but at {scale} times "
                              f"the capacity N²/(6 ln N) = {capacity:.0f} it should lie between "
                              f"{low} and {high}. A pattern is stable when no unit of it would "
                              f"change.")
    print(f"✔ {name}: right well below and well above the capacity of degree {degree}.")


def _double_factorial(k: int) -> int:
    return math.prod(range(k, 0, -2))


def _snr(n_patterns, n_neurons, degree) -> float:
    """Leading-order signal-to-noise ratio of a unit of a stored pattern in a dense memory."""
    return math.sqrt(n_neurons ** (degree - 1)
                     / ((n_patterns - 1) * _double_factorial(2 * degree - 3)))


def check_dense_snr(snr: Callable) -> None:
    """Check ``snr(n_patterns, n_neurons, degree)``: the signal-to-noise ratio of one unit of a
    stored pattern, to leading order in N, √(N^(n-1) / ((K - 1)(2n - 3)!!))."""
    check_function(snr, "snr(n_patterns, n_neurons, degree)")
    name = "snr"
    cases = [(2, 2000, 2), (50, 1000, 3), (3, 4000, 4), (1000, 500, 2), (10, 1000, 5)]
    for K, N, n in cases:
        got = as_number(call(snr, name, K, N, n), name)
        expected = _snr(K, N, n)
        tolerance = 3 * n / N  # N, N - 1 or N - 2 differ at order n/N: all are leading order
        if math.isclose(got, expected, rel_tol=tolerance):
            continue
        ratio = got / expected if expected else math.inf
        mistakes = [
            (math.sqrt((K - 1) / K), "only the other K - 1 patterns cross-talk; the pattern "
                                    "itself is the signal."),
            (math.sqrt(_double_factorial(2 * n - 3) / _double_factorial(2 * n - 1)),
             "the crosstalk of one pattern goes as x^(n-1), so its variance needs the moment "
             "E[x^(2n-2)] = (2n-3)!! N^(n-1), not E[x^(2n)]."),
            (math.sqrt(_double_factorial(2 * n - 3)),
             "the overlaps x are not all √N in size: E[x^(2m)] = (2m-1)!! N^m for a sum x of N "
             "random ±1, and that (2n-3)!! divides the ratio."),
            (expected, "you returned the squared ratio, signal² / variance; take the root."),
        ]
        hint = ("the signal is F(N) - F(N - 2) ≈ 2n N^(n-1); each other pattern adds "
                "(x + 1)^n - (x - 1)^n ≈ 2n x^(n-1) of random sign: add their variances.")
        for factor, words in mistakes:
            if math.isclose(ratio, factor, rel_tol=tolerance):
                hint = words
                break
        raise CheckFailed(f"for K = {K} patterns of N = {N} units at degree n = {n} the ratio "
                          f"is {expected:.5g} to leading order; yours is {got:.5g}: {hint}")
    passed(name, len(cases))


#: The setting of the prediction: 20 patterns of 25 units, degree 3, 12 % of a cue flipped.
PREDICTION = {"n_patterns": 20, "n_neurons": 25, "degree": 3, "flipped": 0.12}


def check_dense_prediction(predicted) -> None:
    """Record a prediction of how many of 20 patterns stored in a dense memory of 25 units
    (degree 3) come back exactly from a cue with 12 % of its bits flipped; then measure it
    over ten pattern sets and say what the gap means."""
    K, N, n, rho = PREDICTION.values()
    guess = as_prediction(predicted, "predicted", "a number of patterns", 0, K)
    rng = np.random.default_rng(90)
    restored = []
    for _ in range(10):
        patterns = random_patterns(K, N, rng=rng)
        memory = DenseAssociativeMemory(patterns, degree=n)
        restored += [np.array_equal(memory.recall(flip(x, rho, rng=rng), rng=rng).state, x)
                     for x in patterns]
    measured = K * float(np.mean(restored))
    error = K * float(np.std(restored, ddof=1) / math.sqrt(len(restored)))
    unit_error = 0.5 * math.erfc(_snr(K, N, n) / math.sqrt(2))
    if guess < measured - max(2, 3 * error):
        meaning = (f"you expected fewer: 20 patterns are six times the classical capacity "
                   f"0.138 N, but at degree 3 the crosstalk grows only as √(K N²) against a "
                   f"signal N²: the signal-to-noise ratio is √(N²/(3(K - 1))) = "
                   f"{_snr(K, N, n):.2f}, about {unit_error:.1e} wrong units per unit")
    elif guess > measured + max(2, 3 * error):
        meaning = ("you expected more: a cue with 3 wrong bits has overlap 19 instead of 25, "
                   "and the signal falls as the overlap squared, to (19/25)² = 58 % of a "
                   "clean pattern's; some cues then fall into another pattern's basin")
    else:
        meaning = f"within {max(2, 3 * error):.1f} of the measurement"
    print(f"✔ prediction recorded: you said {guess:g} of {K}; measured {measured:.1f} ± "
          f"{error:.1f} (200 cues over ten pattern sets): {meaning}.")


def _half_stable_load(n_neurons: int, degree: int) -> float:
    """The load at which half the stored patterns are fixed points, from the Gaussian signal-
    to-noise ratio: every unit stable with probability 1 - ε and (1 - ε)^N = ½."""
    x = NormalDist().inv_cdf(1 - math.log(2) / n_neurons)
    return n_neurons ** (degree - 1) / (_double_factorial(2 * degree - 3) * x * x)


def check_dense_capacity_experiment(crossing, n_neurons, degree, samples) -> None:
    """Check a measured capacity of a dense memory: ``crossing``, the number of stored random
    patterns at which half of them are fixed points, for ``n_neurons`` units at ``degree``,
    with ``samples`` patterns tested at each load. The yardstick is the Gaussian estimate
    K½ = N^(n-1) / ((2n - 3)!! x²), with ε = ½ erfc(x/√2) = ln 2 / N; the tolerance is three
    binomial standard errors of the fraction, turned into patterns by the slope of the
    curve, plus 15 % for the Gaussian approximation (it matches the library's measurements
    within 10 % for N from 20 to 80 at degree 3)."""
    for value, label, low, high in ((n_neurons, "n_neurons", 16, 400), (degree, "degree", 2, 5),
                                    (samples, "samples", 10, 10**7)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not (
                low <= value <= high):
            raise CheckFailed(f"{label} must be a whole number from {low} to {high}; got "
                              f"{value!r}.")
    N, n = int(n_neurons), int(degree)
    estimate = as_number(crossing, "crossing")
    if not (math.isfinite(estimate) and estimate >= 1):
        raise CheckFailed(f"crossing must be a number of patterns, at least 1; got {crossing!r}.")
    expected = _half_stable_load(N, n)

    def fraction(K):  # the Gaussian estimate of the stable fraction at K patterns
        return (1 - 0.5 * math.erfc(_snr(K + 1, N, n) / math.sqrt(2))) ** N

    slope = (fraction(expected * 0.95) - fraction(expected * 1.05)) / (2 * 0.05)  # -df/dlnK
    spread = 3 * 0.5 / math.sqrt(samples) / slope + 0.15
    gap = math.log(estimate / expected)
    if abs(gap) <= spread:
        print(f"✔ capacity_experiment: half the patterns stable at K = {estimate:.4g}; the "
              f"Gaussian estimate says {expected:.4g} (within ×{math.exp(spread):.2f}); "
              f"Krotov and Hopfield's error-free N^(n-1)/(2(2n-3)!! ln N) = "
              f"{dense_capacity(N, n):.3g} is lower, as it asks every pattern to be stable.")
        return
    if abs(math.log(estimate / _half_stable_load(N, 2))) <= spread and n > 2:
        hint = (f"that is the classical network's (n = 2): did your memory get degree={n}?")
    elif abs(math.log(estimate / dense_capacity(N, n))) <= 0.1:
        hint = ("that is Krotov and Hopfield's formula, not a measurement: store patterns and "
                "count how many are fixed points.")
    elif gap < 0:
        hint = ("too low: did you count a pattern stable only when a noisy cue came back to "
                "it? That asks for a basin. A stored pattern is a fixed point when one sweep "
                "from it changes no unit.")
    else:
        hint = ("too high: a pattern is stable only if every one of its N units is; did you "
                "count units instead of patterns, or read off the crossing below ½?")
    raise CheckFailed(f"for N = {N} at degree {n} half the patterns are fixed points near "
                      f"K = {expected:.4g} (your tolerance, for {samples} patterns per load: "
                      f"×{math.exp(spread):.2f}); you found {estimate:.4g}: {hint}")


# --- chapters 11 and 12: modern Hopfield networks and attention ------------------------------------
