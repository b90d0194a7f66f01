"""Self-checks of Chapter 7: the perceptron update, α_c from a scan, bits per synapse, Cover."""

from __future__ import annotations

import math
from collections.abc import Callable
from statistics import NormalDist

import numpy as np

from .. import perceptron, theory
from ..patterns import random_patterns
from .._validate import check_function, check_int, check_real
from ._core import CheckFailed, as_array, as_number, as_prediction, call, passed

__all__ = ["check_bits_per_synapse", "check_capacity_scan", "check_cover_count",
           "check_perceptron_update", "check_gardner_capacity", "check_perceptron_prediction"]


def _perceptron_update(row: np.ndarray, pattern: np.ndarray, i: int, kappa: float, *,
                       normalised: bool = True, label: bool = True, zero_self: bool = True,
                       per_n: bool = True, inverted: bool = False) -> np.ndarray:
    """The margin perceptron's step for unit i, and (with a flag changed) what learners write
    instead."""
    field = row @ pattern
    norm = np.linalg.norm(row)
    stability = pattern[i] * field / norm if normalised and norm > 0 else pattern[i] * field
    if (stability > kappa) != (inverted and norm > 0):
        return row.copy()
    new = row + (pattern[i] if label else 1) * pattern / (len(pattern) if per_n else 1)
    if zero_self:
        new[i] = 0.0
    return new


#: What a learner's update may do instead, and the hint that names it.
_MISTAKES = [
    (dict(inverted=True), "you updated a pattern that was already stable, and left an unstable "
                          "one alone: change the couplings only when ξ_i (J_i·ξ) / |J_i| ≤ κ."),
    (dict(normalised=False), "compare the stability ξ_i h_i / |J_i| with κ, not the aligned "
                             "field alone: the field grows with the couplings, the stability "
                             "does not."),
    (dict(zero_self=False), "keep the self-coupling at zero: set J_ii = 0 after the step."),
    (dict(label=False), "the step is ξ_i ξ / N: multiply the pattern by the unit's own bit ξ_i, "
                        "so that the field moves towards it."),
    (dict(per_n=False), "the step is ξ_i ξ / N: divide by the number of units N."),
]


def check_perceptron_update(perceptron_update: Callable) -> None:
    """Check ``perceptron_update(J_i, xi, i, kappa)``: unit i's couplings after seeing pattern
    ``xi``: J_i + ξ_i ξ / N with J_ii kept 0 when the stability ξ_i (J_i·ξ) / |J_i| is at most
    κ, else J_i unchanged."""
    name = "perceptron_update"
    check_function(perceptron_update, "perceptron_update(J_i, xi, i, kappa)")
    rng = np.random.default_rng(71)
    cases = [(np.zeros(12), random_patterns(1, 12, rng=rng)[0], 3, 0.0)]
    for n, kappa in ((10, 0.0), (20, 0.0), (20, 0.5), (40, 1.0), (40, 0.2), (60, 0.0)):
        for scale in (0.1, 1.0, 5.0):  # |J_i| far from 1 too: the stability is normalised
            i = int(rng.integers(n))
            row = scale * rng.standard_normal(n) / np.sqrt(n)
            row[i] = 0.0
            cases.append((row, random_patterns(1, n, rng=rng)[0], i, kappa))
    answers = [as_array(call(perceptron_update, name, *case), name,
                        (len(case[0]),)).astype(np.float64) for case in cases]
    if all(np.allclose(got, _perceptron_update(*case), atol=1e-12)
           for got, case in zip(answers, cases)):
        passed(name, len(cases))
        return
    if np.allclose(answers[0], cases[0][0]):
        raise CheckFailed("with all couplings zero the field is 0, not above κ = 0, so the "
                          "first pattern must be learned: update when the stability is at most "
                          "κ (Δ ≤ κ), and count a zero norm as stability 0.")
    for flags, hint in _MISTAKES:
        if all(np.allclose(got, _perceptron_update(*case, **flags), atol=1e-12)
               for got, case in zip(answers, cases)):
            raise CheckFailed(hint)
    for got, (row, pattern, i, kappa) in zip(answers, cases):
        expected = _perceptron_update(row, pattern, i, kappa)
        if not np.allclose(got, expected, atol=1e-12):
            raise CheckFailed(f"for unit {i} of {len(row)} with κ = {kappa:g} your couplings "
                              f"differ from J_i + ξ_i ξ / N (J_ii = 0), or from J_i when the "
                              f"pattern is stable, by up to {np.abs(got - expected).max():.3g}.")


def check_capacity_scan(scan) -> None:
    """Check a scan designed to measure α_c(0): ``scan``, what
    :func:`hopfield_edu.perceptron.perceptron_scan` returned, and its ``crossing()``.

    The design must be able to answer: κ = 0, N ≥ 100, at least 20 problems per load and loads
    on both sides of the crossing. The answer is judged against Cover's count at the same N,
    whose solved fraction falls through ½ at α = 2(N - 1)/N over a width σ = √(2/N) (its
    normal approximation): from above, no scan can exceed it by more than its own statistical
    error, 4 × 1.25 σ / √m for m problems per load (the error of a crossing located from
    fractions that each carry 0.5 / √m); from below, a capped perceptron counts slow problems
    as unsolvable and underestimates, so the check accepts down to 3σ below 2 and reports how
    much the last doubling of the cap still moved the estimate.
    """
    if not isinstance(scan, perceptron.PerceptronScan):
        raise TypeError(f"scan must be what perceptron.perceptron_scan(...) returns, got "
                        f"{scan!r}")
    n, m = scan.n_neurons, scan.epochs.shape[1]
    if scan.kappa != 0:
        raise CheckFailed(f"your scan learns with margin κ = {scan.kappa:g}, so it measures "
                          f"α_c(κ), which is below α_c(0) (exercise 5): scan with kappa=0.")
    if n < 100:
        raise CheckFailed(f"at N = {n} the transition is too broad to locate (its width is "
                          f"about √(2/N) = {math.sqrt(2 / n):.2f}): scan at N ≥ 100.")
    if m < 20:
        raise CheckFailed(f"{m} problems per load (units × trials) give each solved fraction "
                          f"an error of about {0.5 / math.sqrt(m):.2f} near ½: use at least 20.")
    fraction, _ = scan.solved_fraction()
    if fraction[0] < 0.5:
        raise CheckFailed(f"at your lowest load, α = {scan.loads[0]:g}, only {fraction[0]:.0%} "
                          f"of the problems are solved: the crossing lies below your loads, "
                          f"so start the scan lower (and if you expected it near 2, raise "
                          f"max_epochs: a capped perceptron gives up on slow problems).")
    estimate = scan.crossing()
    if not math.isfinite(estimate):
        raise CheckFailed("your solved fraction never falls through ½: scan loads on both "
                          "sides of it (up to α = 2.2, say).")
    width = math.sqrt(2.0 / n)
    cover = 2 * (n - 1) / n
    above = 4 * 1.25 * width / math.sqrt(m)  # four errors of the crossing
    if estimate > cover + above:
        raise CheckFailed(f"α_c ≈ {estimate:.3f} is above Cover's crossing {cover:.3f} by more "
                          f"than your scan's error allows ({above:.3f}), but no couplings "
                          f"solve more problems than Cover counted: is every fraction a "
                          f"fraction of problems solved with every pattern stable?")
    half = scan.crossing(max(1, scan.max_epochs // 2))
    drift = (f"halving your cap of {scan.max_epochs} epochs would move it by "
             f"{half - estimate:+.3f}" if math.isfinite(half) else
             f"with half your cap of {scan.max_epochs} epochs the solved fraction would not "
             f"even be ½ at your lowest load")
    if estimate < 2.0 - 3 * width:
        raise CheckFailed(f"α_c ≈ {estimate:.2f} is below 2 by more than 3√(2/N) = "
                          f"{3 * width:.2f}, and {drift}: near α = 2 the epochs the perceptron "
                          f"needs grow without bound, and a capped perceptron counts slow "
                          f"problems as unsolvable. Raise max_epochs.")
    error = 1.25 * width / math.sqrt(m)
    gap = f"{abs(cover - estimate):.3f} {'below' if estimate <= cover else 'above'}"
    print(f"✔ capacity scan: α_c ≈ {estimate:.3f} ± {error:.3f} at N = {n}, {gap} Cover's "
          f"crossing at this size, {cover:.3f}; {drift}. A capped perceptron can only "
          f"underestimate: what the error does not explain of a gap below is the cap's.")


def check_bits_per_synapse(bits_per_synapse: Callable) -> None:
    """Check ``bits_per_synapse(n_stored, n_neurons, active)``: the information in n_stored
    random patterns per coupling, n_stored × (bits per pattern) / (N (N - 1)); a ±1 pattern
    (``active=None``) carries N bits, a 0/1 pattern with exactly k active units
    log₂ binom(N, k)."""
    name = "bits_per_synapse"
    check_function(bits_per_synapse, "bits_per_synapse(n_stored, n_neurons, active)")
    cases = [(10, 100, None), (200, 100, None), (276, 138, None), (50, 400, 20), (1200, 400, 8),
             (30, 64, 32)]
    for stored, n, active in cases:
        got = as_number(call(bits_per_synapse, name, stored, n, active), name)
        expected = theory.bits_per_synapse(stored, n, active=active)
        if math.isclose(got, expected, rel_tol=1e-9):
            continue
        if math.isclose(got, expected * (n - 1) / n, rel_tol=1e-9):
            raise CheckFailed("a network of N units has N (N - 1) couplings, not N²: no unit "
                              "couples to itself.")
        if math.isclose(got, expected / stored, rel_tol=1e-9):
            raise CheckFailed("multiply by the number of patterns stored: each carries its "
                              "own bits.")
        if math.isclose(got, expected * math.log(2), rel_tol=1e-9):
            raise CheckFailed("you counted in nats: take logarithms to base 2 for bits.")
        if active is not None:
            a = active / n
            entropy = -(a * math.log2(a) + (1 - a) * math.log2(1 - a))
            if math.isclose(got, stored * n / (n * (n - 1)), rel_tol=1e-9):
                raise CheckFailed(f"a 0/1 pattern with only {active} of {n} units active "
                                  f"carries far fewer than N bits: log₂ binom(N, k) of them.")
            if math.isclose(got, stored * n * entropy / (n * (n - 1)), rel_tol=1e-9):
                raise CheckFailed("N H₂(k/N) approximates the bits of a pattern with exactly k "
                                  "active units; count them exactly: log₂ binom(N, k), "
                                  "smaller at any finite N.")
        raise CheckFailed(f"for {stored} patterns of {n} units"
                          f"{'' if active is None else f' with {active} active'} you return "
                          f"{got:.4g} bits per synapse, expected {expected:.4g}.")
    passed(name, len(cases))


def check_cover_count(cover_count: Callable) -> None:
    """Check ``cover_count(p, d)``: how many of the 2^p labellings of p points in general
    position in d dimensions a perceptron through the origin can produce (Cover 1965),
    C(p, d) = 2 Σ_{k=0}^{d-1} binom(p - 1, k), as an exact integer."""
    name = "cover_count"
    check_function(cover_count, "cover_count(p, d)")
    cases = [(1, 1), (3, 1), (2, 2), (3, 2), (4, 2), (5, 3), (10, 5), (7, 9), (40, 20), (41, 20),
             (60, 25)]
    for p, d in cases:
        got = call(cover_count, name, p, d)
        if got is None:
            raise CheckFailed(f"{name} returned None: did you forget to return the count?")
        expected = 2 * sum(math.comb(p - 1, k) for k in range(min(d, p)))
        if got == expected:
            continue
        if isinstance(got, float) and 0 <= got <= 1:
            raise CheckFailed(f"{name}({p}, {d}) returned {got:g}, a fraction: return the number "
                              f"of labellings, C(p, d), an integer up to 2^p.")
        if got == expected // 2:
            raise CheckFailed("the count is twice the sum: C(p, d) = 2 Σ_{k<d} binom(p - 1, k) "
                              "(a labelling and its reverse come in pairs).")
        if got == 2 * sum(math.comb(p - 1, k) for k in range(min(d + 1, p))):
            raise CheckFailed("sum k from 0 to d - 1, not to d: C(1, d) = 2 for every d.")
        if got == 2 * sum(math.comb(p, k) for k in range(min(d, p + 1))):
            raise CheckFailed("the recursion C(p + 1, d) = C(p, d) + C(p, d - 1) unrolls into "
                              "binom(p - 1, k), not binom(p, k): check that C(2, 2) = 4, all "
                              "labellings of two points in the plane.")
        raise CheckFailed(f"{name}({p}, {d}) = {got!r}, expected {expected}. Start from "
                          f"C(1, d) = 2 and C(p, 1) = 2, and use C(p + 1, d) = C(p, d) + "
                          f"C(p, d - 1).")
    passed(name, len(cases))


def check_gardner_capacity(alpha_c: Callable) -> None:
    """Check ``alpha_c(kappa)``: Gardner's α_c(κ) = 1 / ∫_{-κ}^∞ Dt (t + κ)², Dt the standard
    Gaussian measure; 2 at κ = 0."""
    check_function(alpha_c, "alpha_c(kappa)")
    name = "alpha_c"
    normal = NormalDist()
    cases = (0.0, 0.3, 1.0, 2.0)
    for kappa in cases:
        got = as_number(call(alpha_c, name, kappa), name)
        expected = float(theory.gardner_capacity(kappa))
        if math.isclose(got, expected, rel_tol=1e-5):
            continue
        integral = 1 / expected
        unshifted = normal.cdf(kappa) - kappa * normal.pdf(kappa)  # ∫_{-κ}^∞ t² Dt
        mistakes = [
            (integral, "you returned the integral itself; α_c is its inverse."),
            (1 / (1 + kappa**2), "the integral must run only over t > -κ: a stability above "
                                 "κ costs nothing; only those below it count."),
            (1 / unshifted, "the square must be (t + κ)², how far a stability falls short of "
                            "κ, not t²."),
        ]
        hint = ("write α_c(κ)⁻¹ = ∫_{-κ}^∞ (t + κ)² e^(-t²/2) dt / √(2π): at κ = 0 half of "
                "E[t²] = 1, so α_c(0) = 2.")
        for value, words in mistakes:
            if math.isclose(got, value, rel_tol=1e-4):
                hint = words
                break
        raise CheckFailed(f"α_c({kappa}) = {expected:.6g}; yours is {got:.6g}: {hint}")
    passed(name, len(cases))


#: The setting of the prediction: N = 100 inputs, α = 1.8, at most 200 epochs.
PREDICTION = {"n_neurons": 100, "load": 1.8, "max_epochs": 200}


def check_perceptron_prediction(predicted) -> None:
    """Record a prediction of the fraction of random problems at α = 1.8 with N = 100 that the
    perceptron solves within 200 epochs; then measure it over 50 problems and say what the
    gap to Cover's fraction of solvable problems means."""
    guess = as_prediction(predicted, "predicted", "a fraction of problems", 0, 1)
    n, load, cap = PREDICTION.values()
    scan = perceptron.perceptron_scan(n, [load], max_epochs=cap, units=25, trials=2, rng=77)
    solved = float(np.mean(scan.epochs[0] >= 0))
    error = math.sqrt(max(solved * (1 - solved), 0.01) / scan.epochs.shape[1])
    solvable = float(theory.cover_fraction(round(load * n), n))
    margin = float(theory.gardner_margin(load))
    if guess > solved + 3 * error:
        meaning = (f"you expected more: {solvable:.0%} of these problems have a solution "
                   f"(Cover), but near α_c the best margin is small, κ_max(1.8) = "
                   f"{margin:.3f} as N → ∞, and the perceptron's bound on its updates grows "
                   f"as 1/κ_max²: most solvable problems need more than {cap} epochs")
    elif guess < solved - 3 * error:
        meaning = ("you expected fewer: below α_c = 2 most problems are solvable, and the "
                   "perceptron finds a solution for many of them well within the cap")
    else:
        meaning = "within three standard errors"
    print(f"✔ prediction recorded: you said {guess:.2f}; the perceptron solved {solved:.2f} ± "
          f"{error:.2f} of 50 problems within {cap} epochs, where {solvable:.2f} are solvable: "
          f"{meaning}.")
