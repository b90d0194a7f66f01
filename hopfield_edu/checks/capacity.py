"""Self-checks of Chapter 4: retrieval rates, mixture states, fixed points."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from .._validate import check_function
from .. import experiments
from ..hopfield import HopfieldNetwork, hebbian
from ..patterns import random_patterns
from ..patterns import overlap
from ..theory.capacity import bit_error_probability, critical_load
from ._core import (CheckFailed, as_array, as_number, call, fair_binomial, passed, per_network,
                    real_number, refuse, spin_values)

__all__ = ["check_retrieval_rate", "check_mixture", "check_fixed_point", "check_mixture_energy",
           "check_one_step_experiment", "check_overload_prediction"]

def check_retrieval_rate(retrieval_rate: Callable) -> None:
    """Check ``retrieval_rate(n_neurons, n_patterns, rng)``: store that many random patterns,
    recall from each, return the fraction that end with overlap above 0.9."""
    check_function(retrieval_rate, "retrieval_rate(n_neurons, n_patterns, rng)")
    name = "retrieval_rate"
    n = 200
    for p, low, high in ((10, 0.9, 1.0), (60, 0.0, 0.5)):  # load 0.05 and 0.3, far from α_c
        got = as_number(call(retrieval_rate, name, n, p, np.random.default_rng(p)), name)
        if not 0.0 <= got <= 1.0:
            raise CheckFailed(f"{name} returned {got:g}; a fraction lies between 0 and 1.")
        if not low <= got <= high:
            if p == 60 and got > 0.9:
                raise CheckFailed(f"{name}({n}, {p}) = {got:.2f}, but at load 0.3 recall fails: "
                                  f"it ends with an overlap near 0.3. Did you measure the cue "
                                  f"instead of the state where recall ends, or count a recall "
                                  f"as retrieved below an overlap of 0.9?")
            raise CheckFailed(f"{name}({n}, {p}) = {got:.2f}; at load {p / n:g} it should lie "
                              f"between {low} and {high}.")
    # near α_c, against the library's own measurement, averaged over networks
    p = 28
    theirs = np.mean([as_number(call(retrieval_rate, name, n, p, np.random.default_rng(s)),
                                 name) for s in range(8)])
    ours = experiments.capacity_curve([n], [p / n], trials=20, recalls=None, rng=5,
                                      progress=False).retrieval_rate[0, 0]
    if abs(theirs - ours) > 0.2:
        raise CheckFailed(f"near α_c your retrieval rate for N = {n}, p = {p} averages "
                          f"{theirs:.2f} over 8 networks; the library measures {ours:.2f}. "
                          f"Count a recall as retrieved when its final overlap exceeds 0.9.")
    print(f"✔ {name}: right at loads 0.05 and 0.3, and within 0.2 of the library near α_c "
          f"({theirs:.2f} against {ours:.2f}).")


def check_mixture(mixture: Callable) -> None:
    """Check ``mixture(patterns)``: the state sgn(ξ¹ + ξ² + ξ³) of three patterns (rows)."""
    check_function(mixture, "mixture(patterns)")
    name = "mixture"
    cases = 0
    for n in (9, 40, 101):
        xi = random_patterns(3, n, rng=n)
        got = as_array(call(mixture, name, xi), name, (n,))
        spin_values(got, name)
        expected = experiments.mixture_state(xi)
        cases += 1
        if np.array_equal(got, expected):
            continue
        if np.array_equal(got, xi[0] * xi[1] * xi[2]):
            raise CheckFailed(f"{name} multiplied the patterns; the mixture is the sign of their "
                              f"sum, a majority vote of the three at each unit.")
        raise CheckFailed(f"{name} differs from sgn(ξ¹ + ξ² + ξ³) at "
                          f"{int(np.sum(got != expected))} of {n} units.")
    passed(name, cases)


def check_fixed_point(is_fixed_point: Callable) -> None:
    """Check ``is_fixed_point(W, s)``: True when no unit would change under the update rule."""
    check_function(is_fixed_point, "is_fixed_point(W, s)")
    name = "is_fixed_point"
    cases = []
    rng = np.random.default_rng(23)
    for _ in range(10):
        xi = random_patterns(int(rng.integers(1, 5)), 30, rng=rng)
        w = hebbian(xi)
        s = xi[0] if rng.random() < 0.5 else random_patterns(1, 30, rng=rng)[0]
        field = w @ s
        cases.append((w, s, bool(np.all((field == 0) | (np.sign(field) == s)))))
    w_tie = hebbian(np.array([[1, 1, 1], [-1, 1, 1]]))  # unit 0 always has a zero field
    cases += [(w_tie, np.array([-1, 1, 1]), True), (w_tie, np.array([1, 1, 1]), True)]
    for w, s, expected in cases:
        got = call(is_fixed_point, name, w, s)
        if got is None:
            raise CheckFailed(f"{name} returned None: did you forget to return the result?")
        if bool(got) != expected:
            field = w @ s
            if expected and np.any(field == 0):
                raise CheckFailed(f"this state is a fixed point, but {name} says no: unit "
                                  f"{int(np.flatnonzero(field == 0)[0])} has a field of exactly "
                                  f"0 and keeps its state, so it does not break the fixed point.")
            raise CheckFailed(f"{name} returned {bool(got)} for a state that "
                              f"{'is' if expected else 'is not'} a fixed point. A unit is stable "
                              f"when s_i h_i > 0, or when h_i = 0.")
    passed(name, len(cases))



# --- derivation, experiment and prediction (issue 22) -------------------------------------------

def check_mixture_energy(energy_per_unit) -> None:
    """Check ``energy_per_unit``: E/N of the symmetric mixture sgn(ξ¹ + ξ² + ξ³) in a network
    storing those three patterns, for N → ∞: -½ Σ_μ m_μ² with m_μ = ½, so -3/8."""
    value = real_number(energy_per_unit, "energy_per_unit")
    if math.isclose(value, -0.375, rel_tol=1e-6):
        print("✔ mixture_energy: E/N = -½ · 3 · (½)² = -3/8, above the -1/2 of a stored "
              "pattern: the mixture is a higher valley, a spurious memory.")
        return
    wrong = {-0.5: "that is the energy of a stored pattern (m = 1 with one pattern); the mixture "
                   "has overlap ½ with each of the three.",
             -0.75: "E = -½ sᵀWs carries a factor ½: E/N = -½ Σ_μ m_μ².",
             -0.125: "the mixture overlaps all three patterns, not one: sum m_μ² over μ = 1, 2, 3.",
             -1.125: "the overlap of the mixture with each pattern is ½, not 3/2: sgn(ξ¹+ξ²+ξ³) "
                     "agrees with ξ¹ where the other two agree with each other or with ξ¹, "
                     "3/4 of the units, so m = 3/4 - 1/4.",
             0.375: "check the sign: E = -½ Σ_μ m_μ² N is negative."}
    refuse(f"energy_per_unit = {value:g}", value, wrong,
           "With Hebbian weights, E = -(N/2) Σ_μ m_μ² "
           "(up to p/2 from the zero diagonal, negligible per unit); find the overlap "
           "of the mixture with each pattern by counting the 8 sign patterns.", rel_tol=1e-6)


def _exact_one_step_error(n: int, p: int) -> float:
    """P(bit i of a stored pattern is unstable) for N units and p Hebbian patterns, zero diagonal.

    ξ_i h_i = [(N - 1) + S]/N, S a sum of M = (p - 1)(N - 1) independent ±1 terms; the bit
    flips when S < -(N - 1) (at S = -(N - 1) the field is 0 and the unit keeps its state)."""
    m = (p - 1) * (n - 1)
    below = (m - (n - 1)) / 2  # K ones among M: S = 2K - M < -(N - 1)  ⇔  K < below
    return sum(fair_binomial(m, k) for k in range(math.ceil(below)) if k < below)


_ONE_STEP_POINTS = ((200, 20), (200, 30), (400, 40))


def check_one_step_experiment(one_step_errors: Callable) -> None:
    """Check ``one_step_errors(n_neurons, n_patterns, rng)``, an experiment designed by the
    learner: the fraction of bits of the stored patterns that one update would flip, one value
    per independent Hebbian network (as many networks as the learner chooses, at least 5).

    The mean is judged against the exact finite-N error, a binomial tail, with a tolerance of 3.5
    standard errors: the spread between the learner's networks, and never less than the binomial
    error of all the bits measured (bits of one network are correlated, so the spread is the
    honest error bar)."""
    check_function(one_step_errors, "one_step_errors(n_neurons, n_patterns, rng)")
    name = "one_step_errors"
    shown = []
    for index, (n, p) in enumerate(_ONE_STEP_POINTS):
        values = per_network(call(one_step_errors, name, n, p, np.random.default_rng(40 + index)),
                             name, f"{name}({n}, {p})", "error fraction", "fraction")
        if not np.all(np.isfinite(values)) or np.any(values < 0) or np.any(values > 1):
            raise CheckFailed(f"{name}({n}, {p}) returned values outside [0, 1]; each is a "
                              f"fraction of bits.")
        exact = _exact_one_step_error(n, p)
        bits = values.size * n * p
        error = max(values.std(ddof=1) / math.sqrt(values.size),
                    math.sqrt(exact * (1 - exact) / bits))
        mean = float(values.mean())
        where = (f"at N = {n}, p = {p} you measured {mean:.5f} ± {error:.5f}, the exact "
                 f"finite-N error is {exact:.5f}")
        if abs(mean - exact) > 3.5 * error:
            if mean > 0 and math.isclose(mean / exact, p, rel_tol=0.3):
                hint = "p times too large: divide the count by all N·p bits, not by N."
            elif mean > 0 and math.isclose(mean / exact, n, rel_tol=0.3):
                hint = "N times too large: divide the count by all N·p bits, not by p."
            elif mean < exact:
                hint = ("too few errors. Is the diagonal zero? W_ii = p/N adds p/N to every "
                        "stabilising field ξ_i h_i.")
            else:
                hint = ("too many errors. Count the bits one update would flip from the stored "
                        "pattern itself (ξ_i h_i < 0), not the bits wrong after a whole recall, "
                        "and keep units with h_i = 0.")
            raise CheckFailed(f"{where}; the difference is over 3.5 standard errors: {hint}")
        shown.append(f"{mean:.4f} ± {error:.4f} vs {exact:.4f} (N = {n}, p = {p})")
    n, p = _ONE_STEP_POINTS[0]
    print(f"✔ one_step_experiment: {'; '.join(shown)}; ½ erfc(√(N/2p)) says "
          f"{float(bit_error_probability(p / n)):.4f} at N = {n}, p = {p}: the large-N formula "
          f"uses p/N for the crosstalk variance, the exact one (p - 1)(N - 1)/N².")


_OVERLOAD_N, _OVERLOAD_LOAD, _OVERLOAD_RECALLS = 600, 0.2, 12


def check_overload_prediction(prediction) -> None:
    """Check ``prediction``: the mean final overlap of asynchronous recall started exactly on a
    stored pattern, N = 600 at load α = 0.2 (beyond α_c ≈ 0.138). Recorded, then measured over
    12 recalls; any number in [-1, 1] passes, and the check says what the gap means."""
    value = real_number(prediction, "prediction")
    if not -1 <= value <= 1:
        raise CheckFailed(f"prediction = {value:g}: an overlap lies in [-1, 1].")
    rng = np.random.default_rng(44)
    p = int(_OVERLOAD_LOAD * _OVERLOAD_N)
    xi = random_patterns(p, _OVERLOAD_N, rng=rng)
    network = HopfieldNetwork.from_patterns(xi)
    finals = np.array([overlap(network.recall(x, rng=rng).state, x)
                       for x in xi[:_OVERLOAD_RECALLS]])
    mean, spread = float(finals.mean()), float(finals.std(ddof=1))
    error = spread / math.sqrt(finals.size)
    if abs(value - mean) <= 2 * error:
        meaning = "within two standard errors: right"
    elif value > mean:
        meaning = (f"you expected more: beyond α_c = {critical_load():.3f} no retrieval state "
                   f"exists (Amit, Gutfreund & Sompolinsky 1985), so even a perfect cue drifts "
                   f"away")
    else:
        meaning = ("you expected less: the state does not forget its start, it settles in a "
                   "nearby spin-glass minimum that still overlaps the pattern")
    print(f"✔ overload_prediction recorded: you said {value:+.2f}; {finals.size} recalls end at "
          f"{mean:+.2f} ± {error:.2f} (spread {spread:.2f} between patterns); {meaning}.")
