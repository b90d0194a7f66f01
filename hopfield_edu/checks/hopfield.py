"""Self-checks of Chapter 3: Hebb's rule, asynchronous updates, synchronous cycles."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .._validate import check_function
from ..hopfield import HopfieldNetwork, hebbian
from ..patterns import random_patterns
from ._core import CheckFailed, as_array, as_number, call, passed

__all__ = ["check_hebbian", "check_async_update", "check_sync_cycle"]

def check_hebbian(my_hebbian: Callable) -> None:
    """Check ``my_hebbian(patterns)``: W = (1/N) Σ_μ ξ^μ ξ^μᵀ with a zero diagonal."""
    check_function(my_hebbian, "my_hebbian(patterns)")
    name = "hebbian"
    # the last case: biased patterns, whose sums over 600 patterns overflow an int8 (max 127)
    cases = [(3, 10, 0.0), (1, 25, 0.0), (12, 40, 0.0), (600, 30, 0.5)]
    for p, n, bias in cases:
        xi = random_patterns(p, n, bias=bias, rng=p + n)
        w = as_array(call(my_hebbian, name, xi), name, (n, n)).astype(np.float64)
        expected = hebbian(xi)
        if np.allclose(w, expected):
            continue
        where = f"for {p} patterns of {n} neurons"
        if not np.allclose(w, w.T):
            raise CheckFailed(f"your weights are not symmetric {where}: W[i, j] must equal "
                              f"W[j, i], as each term ξ_i ξ_j does.")
        if np.allclose(w - np.diag(np.diag(w)), expected) and not np.allclose(np.diag(w), 0):
            raise CheckFailed(f"the diagonal is not zero {where}: a unit must not drive "
                              f"itself. Set W[i, i] = 0 (np.fill_diagonal(W, 0)).")
        if np.allclose(w, expected * n):
            raise CheckFailed(f"your weights are N = {n} times too large {where}: divide the "
                              f"sum of outer products by the number of neurons.")
        if np.allclose(w, expected * n / p):
            raise CheckFailed(f"you divided by the number of patterns p = {p} {where}; Hebb's "
                              f"rule divides by the number of neurons N = {n}.")
        if p > 127:
            raise CheckFailed(f"your weights are wrong {where}: the sum over {p} patterns "
                              f"overflows int8, which holds at most 127. Convert the patterns "
                              f"first, for example patterns.astype(float).")
        raise CheckFailed(f"your weights differ from (1/N) Σ_μ ξ^μ ξ^μᵀ {where}, largest "
                          f"difference {np.abs(w - expected).max():.3g}.")
    passed(name, len(cases))


def check_async_update(update_unit: Callable) -> None:
    """Check ``update_unit(W, s, i)``: unit i takes the sign of its field; returns the new state
    and the energy change ΔE = E(new) - E(old)."""
    check_function(update_unit, "update_unit(W, s, i)")
    name = "update_unit"
    w_tie = hebbian(np.array([[1, 1, 1], [-1, 1, 1]]))  # W[0, 1] = W[0, 2] = 0: unit 0 feels
    cases = [(w_tie, np.array(state, np.int8), 0)          # a field of exactly zero
             for state in ([1, 1, -1], [-1, 1, -1])]
    rng = np.random.default_rng(21)
    for _ in range(12):
        n = int(rng.integers(5, 30))
        w = hebbian(random_patterns(int(rng.integers(1, 6)), n, rng=rng))
        cases.append((w, random_patterns(1, n, rng=rng)[0], int(rng.integers(n))))
    for w, s, i in cases:
        result = call(update_unit, name, w, s, i)
        if not isinstance(result, tuple) or len(result) != 2:
            raise CheckFailed(f"{name} must return two things, the new state and the energy "
                              f"change: return new_state, delta_e")
        new_state = as_array(result[0], name, s.shape)
        delta = as_number(result[1], name)
        network = HopfieldNetwork(w)
        h = network.local_field(s)[i]
        expected = s.copy()
        expected[i] = 1 if h > 0 else (-1 if h < 0 else s[i])
        if h == 0 and new_state[i] != s[i]:
            raise CheckFailed(f"unit {i} should keep its state when its field is 0; yours "
                              f"changed it from {s[i]:+d} to {int(new_state[i]):+d}.")
        if not np.array_equal(new_state, expected):
            changed = np.flatnonzero(new_state != expected)
            if changed.size and changed[0] != i:
                raise CheckFailed(f"{name}(W, s, {i}) changed unit {changed[0]}; only unit {i} "
                                  f"may change.")
            raise CheckFailed(f"unit {i} has field h = {h:+.3f} and state {s[i]:+d}; it should "
                              f"become sign(h) = {expected[i]:+d}, yours became "
                              f"{int(new_state[i]):+d}.")
        expected_delta = network.energy(expected) - network.energy(s)
        if not np.isclose(delta, expected_delta):
            hint = (" That is -ΔE: E(new) - E(old), not the other way round."
                    if np.isclose(delta, -expected_delta) else
                    " Flipping unit i changes E = -½ sᵀWs by 2 s_i h_i (s_i before the flip).")
            raise CheckFailed(f"the energy change of updating unit {i} is {expected_delta:+.4f}; "
                              f"yours is {delta:+.4f}.{hint}")
    passed(name, len(cases))


def _sync_cases() -> list[tuple[np.ndarray, np.ndarray]]:
    """Two antiferromagnetic units (a two-cycle) and small Hebbian networks, whose weights are
    the integer counts Σ_μ ξ^μ_i ξ^μ_j (Hebb's rule times N, the same dynamics): their fields
    are exact, so a field of exactly 0, common with a few patterns of a few units, stays 0."""
    rng = np.random.default_rng(22)
    cases = [(np.array([[0.0, -1.0], [-1.0, 0.0]]), np.array([1, 1], np.int8))]
    for _ in range(40):
        n, p = int(rng.integers(4, 11)), int(rng.integers(2, 5))
        xi = random_patterns(p, n, rng=rng)
        cases.append((hebbian(xi) * n, random_patterns(1, n, rng=rng)[0]))
    return cases


def _has_zero_field(network: HopfieldNetwork, s: np.ndarray, steps: int) -> bool:
    """Whether some unit meets a field of exactly 0 in the first ``steps`` synchronous updates."""
    dynamics = network.dynamics(s, mode="sync")
    for _ in range(steps):
        if np.any(network.local_field(dynamics.state) == 0):
            return True
        dynamics.step()
    return False


def check_sync_cycle(cycle_length: Callable) -> None:
    """Check ``cycle_length(W, s, max_steps)``: 1 for a fixed point, 2 for a two-cycle under
    synchronous updates (0 when neither appears within max_steps).

    A unit whose field is exactly 0 keeps its state, and the cycle may appear at the last update
    allowed: both are among the cases."""
    check_function(cycle_length, "cycle_length(W, s, max_steps)")
    name = "cycle_length"
    cases = _sync_cases()
    kinds = {0: "neither a fixed point nor a two-cycle", 1: "a fixed point", 2: "a two-cycle"}
    # first every case with room to spare, then each one with exactly the updates it needs
    # (found at update k = max_steps) and one fewer (not found: 0)
    runs = [(w, s, 100) for w, s in cases]
    for w, s in cases:
        needed = HopfieldNetwork(w).recall(s, mode="sync", max_steps=100).steps
        runs += [(w, s, needed)] + ([(w, s, needed - 1)] if needed > 1 else [])
    for w, s, max_steps in runs:
        network = HopfieldNetwork(w)
        result = network.recall(s, mode="sync", max_steps=max_steps)
        got = as_number(call(cycle_length, name, w, s, max_steps), name)
        if got == result.cycle_length:
            continue
        where = (f"from this state of {len(s)} units the synchronous dynamics ends in "
                 f"{kinds[result.cycle_length]} within max_steps = {max_steps} updates; {name} "
                 f"returned {got:g}.")
        if max_steps < 100 and result.cycle_length == 0:
            raise CheckFailed(f"{where} It settles only at update {max_steps + 1}: run at most "
                              f"max_steps updates.")
        if max_steps < 100:
            raise CheckFailed(f"{where} It settles at update {max_steps}, the last one allowed: "
                              f"run max_steps updates (range(max_steps)), not fewer.")
        if _has_zero_field(network, s, result.steps):
            raise CheckFailed(f"{where} On the way a unit has a field of exactly 0, and it "
                              f"keeps its state; np.sign(0) is 0, which is no spin. Use "
                              f"np.where(h > 0, 1, np.where(h < 0, -1, s)).")
        hint = (" A two-cycle never repeats the state just before it: compare with the state two "
                "steps back too." if result.cycle_length == 2 else "")
        raise CheckFailed(f"{where}{hint}")
    passed(name, len(runs))


# --- chapter 4: capacity ------------------------------------------------------------------------
