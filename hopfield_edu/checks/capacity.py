"""Self-checks of Chapter 3: retrieval rates, mixture states, fixed points."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .._validate import check_function
from .. import experiments
from ..hopfield import hebbian
from ..patterns import random_patterns
from ._core import CheckFailed, as_array, as_number, call, passed, spin_values

__all__ = ["check_retrieval_rate", "check_mixture", "check_fixed_point"]

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


# --- chapter 4: learning rules ------------------------------------------------------------------
