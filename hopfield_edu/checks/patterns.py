"""Self-checks of Chapter 0: patterns, noise and the overlap."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from .._validate import check_function
from ..patterns import letters, overlap, random_patterns
from ._core import CheckFailed, as_array, as_number, call, passed, real_number, refuse, spin_values

__all__ = ["check_to_spins", "check_overlap", "check_flip", "check_chance_overlap",
           "check_letter_overlap_prediction", "check_overlap_experiment"]

def check_to_spins(to_spins: Callable) -> None:
    """Check ``to_spins(image)``: a 0/1 image (any dtype, boolean too) to -1/+1 coding."""
    check_function(to_spins, "to_spins(image)")
    name = "to_spins"
    rng = np.random.default_rng(2)
    images = [np.array([0, 1, 1, 0]), np.array([[1, 0], [0, 0]]),
              rng.random(64) < 0.5, (rng.random((8, 8)) < 0.3).astype(np.uint8),
              (rng.random(25) < 0.5).astype(float)]
    for image in images:
        result = as_array(call(to_spins, name, image), name, image.shape)
        expected = np.where(image.astype(bool), 1, -1)
        if image.dtype == np.uint8 and np.any(result == 255):
            raise CheckFailed(f"{name} turned a 0 of a uint8 image into 255: unsigned integers "
                              f"wrap around below 0. Convert to a signed type first, for "
                              f"example image.astype(int).")
        if np.array_equal(result, -expected):
            raise CheckFailed(f"{name} swapped black and white: a 1 (ink) must become +1 and a "
                              f"0 must become -1.")
        spin_values(result, name)
        if not np.array_equal(result, expected):
            raise CheckFailed(f"{name}({image.astype(int).ravel()[:6].tolist()}...) gave "
                              f"{result.astype(int).ravel()[:6].tolist()}...; each 1 must become "
                              f"+1 and each 0 must become -1.")
    passed(name, len(images))


def check_overlap(my_overlap: Callable) -> None:
    """Check ``my_overlap(a, b)``: the overlap ``a·b / n`` of two ±1 patterns."""
    check_function(my_overlap, "my_overlap(a, b)")
    name = "overlap"
    rng = np.random.default_rng(3)
    cases = 0
    for n in (16, 64, 100, 256):
        xi = random_patterns(1, n, rng=rng)[0]
        for k in (0, n, 1, n // 4, n // 2):  # the telling cases, ξ·ξ and ξ·(-ξ), first
            other = xi.copy()
            other[rng.permutation(n)[:k]] *= -1
            expected = overlap(xi, other)
            got = as_number(call(my_overlap, name, xi, other), name)
            cases += 1
            if np.isclose(got, expected):
                continue
            if k == 0 and np.isclose(got, n):
                raise CheckFailed(f"{name}(ξ, ξ) gave {got:g} for n = {n}; it should be 1. "
                                  f"Divide the dot product by the number of units n.")
            if k == n and np.isclose(got, 0.0):
                raise CheckFailed(f"{name}(ξ, -ξ) gave {got:g}; it should be -1. A unit that "
                                  f"disagrees counts -1, not 0: use the product ξ_i s_i.")
            if np.isclose((got - expected) * n % 256, 0):
                raise CheckFailed(f"{name} gave {got:.4g} for n = {n}, expected {expected:.4g}: "
                                  f"the dot product of two int8 arrays is an int8 too, and wraps "
                                  f"around above 127. Convert first (a.astype(int)) or use "
                                  f"np.mean(a * b).")
            raise CheckFailed(f"{name} of two patterns of n = {n} units that differ in {k} "
                              f"gave {got:.4g}; expected 1 - 2·{k}/{n} = {expected:.4g}.")
    passed(name, cases)


def check_flip(my_flip: Callable) -> None:
    """Check ``my_flip(pattern, k, rng)``: a copy with exactly ``k`` distinct units flipped."""
    check_function(my_flip, "my_flip(pattern, k, rng)")
    name = "flip"
    n = 64
    pattern = random_patterns(1, n, rng=4)[0]
    flipped_sets = set()
    cases = 0
    for seed in range(5):
        for k in (0, 1, 10, 32, 64):
            result = as_array(call(my_flip, name, pattern, k, np.random.default_rng(seed)),
                               name, pattern.shape)
            spin_values(result, name)
            changed = np.flatnonzero(result != pattern)
            cases += 1
            if changed.size != k:
                hint = (" Drawing units with replacement picks some twice: use "
                        "rng.choice(n, size=k, replace=False).") if changed.size < k else ""
                raise CheckFailed(f"{name}(pattern, k={k}) changed {changed.size} units; it "
                                  f"must flip exactly {k} distinct units.{hint}")
            if k == 10:
                flipped_sets.add(tuple(changed))
    if len(flipped_sets) == 1:
        raise CheckFailed(f"{name} flipped the same units for 5 different random generators; "
                          f"choose the units at random with the rng it is given.")
    passed(name, cases)


# --- chapter 1: the Ising model -----------------------------------------------------------------


# --- derivation, prediction and an experiment (issue 22) -----------------------------------------

_CHANCE_N = 256


def check_chance_overlap(mean_abs_overlap) -> None:
    """Check ``mean_abs_overlap``: the mean |m| of two independent random patterns of N = 256
    units. m is a sum of N independent ±1/N terms: mean 0, variance 1/N, nearly Gaussian, so
    ⟨|m|⟩ ≈ √(2/(πN)) = 0.0499 (the exact binomial value differs by 0.1 %; both pass)."""
    value = real_number(mean_abs_overlap, "mean_abs_overlap")
    n = _CHANCE_N
    exact = math.comb(n, n // 2) / 2.0**n  # E|Σ ±1| / N = C(N, N/2) / 2^N for even N
    gauss = math.sqrt(2 / (math.pi * n))
    if abs(value - exact) <= 2e-3 * exact or abs(value - gauss) <= 2e-3 * gauss:
        print(f"✔ chance_overlap: ⟨|m|⟩ = √(2/(πN)) = {gauss:.4f} (exactly {exact:.4f}): two "
              f"random patterns are nearly orthogonal, to within about 1/√N.")
        return
    wrong = [(1 / math.sqrt(n), "1/√N is the standard deviation of m; the mean of |m| for a "
                                "Gaussian is √(2/π) times it."),
             (0.0, "the mean of m is 0, but the mean of |m| is not: m fluctuates by about 1/√N."),
             (1 / n, "1/N is the variance of m, not a typical size: take the square root."),
             (math.sqrt(2 / math.pi), "that is ⟨|z|⟩ of a unit Gaussian; m has standard "
                                      "deviation 1/√N, so divide by √N."),
             (0.5, "that is the fraction of agreeing units; the overlap counts agreements minus "
                   "disagreements, over N.")]
    refuse(f"mean_abs_overlap = {value:g}", value, wrong,
           "m = (1/N) Σ_i ξ_i η_i is a sum of N independent ±1/N: find its variance, then ⟨|m|⟩ "
           "of a Gaussian with it.", rel_tol=1e-3, abs_tol=1e-9)


def check_letter_overlap_prediction(prediction) -> None:
    """Check ``prediction``: the mean overlap between two different letters of A-Z (16 × 16,
    black ink +1 on white -1), over all 325 pairs. Recorded, then measured; any number in
    [-1, 1] passes, and the check says what the gap means."""
    value = real_number(prediction, "prediction")
    if not -1 <= value <= 1:
        raise CheckFailed(f"prediction = {value:g}: an overlap lies in [-1, 1].")
    xi = letters("ABCDEFGHIJKLMNOPQRSTUVWXYZ").astype(np.float64)
    n = xi.shape[1]
    pairs = (xi @ xi.T / n)[np.triu_indices(len(xi), k=1)]
    measured, background = float(pairs.mean()), float(xi.mean())
    if abs(value - measured) <= 0.05:
        meaning = "right"
    elif value < measured:
        meaning = (f"you expected them nearly orthogonal, like random patterns (⟨|m|⟩ ≈ "
                   f"{math.sqrt(2 / (math.pi * n)):.2f} at N = {n}); but ink covers little of a "
                   f"letter, the mean pixel is {background:+.2f}, and two letters agree on their "
                   f"shared white background: chapters 3 and 6 show what that does to memory")
    else:
        meaning = ("you expected the letters more alike than they are: their ink differs more "
                   "than their background agrees")
    print(f"✔ letter_overlap_prediction recorded: you said {value:+.2f}, the mean over "
          f"{pairs.size} pairs is {measured:+.3f}; {meaning}.")


_EXPERIMENT_SIZES = (16, 100, 400)


def check_overlap_experiment(random_overlaps: Callable) -> None:
    """Check ``random_overlaps(n_neurons, rng)``, an experiment of the learner's design: the
    overlaps of independent pairs of random patterns (at least 100 pairs, as many as they
    choose). At each of N = 16, 100, 400 the mean of m must be 0 and the mean of m² equal 1/N
    (exactly), each within 4 standard errors of the number of pairs measured (Var m² =
    2(N² - N)/N⁴ for ±1 patterns)."""
    check_function(random_overlaps, "random_overlaps(n_neurons, rng)")
    name = "random_overlaps"
    shown = []
    for index, n in enumerate(_EXPERIMENT_SIZES):
        result = call(random_overlaps, name, n, np.random.default_rng(60 + index))
        if result is None:
            raise CheckFailed(f"{name} returned None: return the array of measured overlaps.")
        m = np.asarray(result, dtype=np.float64).ravel()
        if m.size < 100:
            raise CheckFailed(f"{name}({n}) returned {m.size} overlap(s); measure at least 100 "
                              f"independent pairs, so the spread can be judged.")
        if not np.all(np.isfinite(m)):
            raise CheckFailed(f"{name}({n}) returned values that are not finite numbers.")
        mean_error = 1 / math.sqrt(n * m.size)
        square, square_error = float(np.mean(m**2)), math.sqrt(2 * (n * n - n) / n**4 / m.size)
        where = f"at N = {n}, ⟨m²⟩ = {square:.4g} over {m.size} pairs, theory 1/N = {1 / n:.4g}"
        if np.any(np.abs(m) > 1) and math.isclose(square * n ** -2, 1 / n, rel_tol=0.3):
            raise CheckFailed(f"{where}: N² times too large. Divide the dot product by N.")
        if np.allclose(m, m[0]):
            raise CheckFailed(f"{name}({n}) returned the same overlap {m[0]:g} every time: "
                              f"draw both patterns of each pair independently (flipping "
                              f"exactly half the units of a pattern always gives m = 0).")
        if abs(m.mean()) > 4 * mean_error:
            hint = (" That is near ½: the fraction of agreeing units, not the overlap."
                    if math.isclose(m.mean(), 0.5, abs_tol=0.1) else "")
            raise CheckFailed(f"at N = {n} the mean overlap is {m.mean():.4f}, more than 4 "
                              f"standard errors ({mean_error:.4f}) from 0 for independent "
                              f"random patterns.{hint}")
        if abs(square - 1 / n) > 4 * square_error:
            raise CheckFailed(f"{where}, off by more than 4 standard errors ({square_error:.2g}): "
                              f"are the pairs independent, unbiased ±1 patterns, and is m "
                              f"divided by N?")
        shown.append(f"N·⟨m²⟩ = {n * square:.3f} ± {n * square_error:.3f} at N = {n}")
    print(f"✔ overlap_experiment: {'; '.join(shown)}: the typical overlap of random patterns "
          f"falls as 1/√N.")
