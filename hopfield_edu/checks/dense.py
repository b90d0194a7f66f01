"""Self-checks of Chapter 5: the dense energy, its update, its capacity."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .._validate import check_function
from ..dense import DenseAssociativeMemory
from ..patterns import flip, random_patterns
from ..theory import dense_capacity
from ._core import CheckFailed, as_array, as_number, call, passed

__all__ = ["check_dense_energy", "check_dense_update", "check_dense_capacity_point"]

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


# --- chapters 6 and 7: modern Hopfield networks and attention ------------------------------------
