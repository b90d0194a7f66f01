"""Binary memories: recall asked of the energy, the classical network one unit at a time, the
exponential dense memory, the overlap."""

from __future__ import annotations

import math

import numpy as np

from .._validate import (as_generator, check_binary, check_bool, check_choice, check_function,
                         check_int, check_real, check_spins, check_square, check_states)
from ..memory import MODES, Recall

__all__ = ["energy_recall", "exponential_recall", "hebbian_counts", "hopfield_recall",
           "overlap"]

def energy_recall(energy, cue, *, values=(-1, 1), mode: str = "async", max_steps: int = 100,
                  temperature: float = 0.0, rng=None) -> Recall:
    """Recall written straight from the energy, for any binary memory.

    Each unit, in a new random order each sweep (``mode="async"``) or all from the same old
    state (``"sync"``), takes whichever of its two ``values``, (-1, 1) or (0, 1), gives the
    lower ``energy(state)``, keeping its state on a tie; at ``temperature`` T > 0 it takes the
    upper value with probability 1 / (1 + exp(-ΔE / T)). Draws from ``rng`` as
    :meth:`hopfield_edu.memory.BinaryMemory.recall` does: per sweep a permutation and, at
    T > 0, one uniform number per unit. Two energy evaluations per unit: slow, and obviously
    right.
    """
    check_function(energy, "energy(state)")
    codings = {(-1, 1): check_spins, (0, 1): check_binary}  # the two codings of a unit
    if not isinstance(values, (tuple, list)) or tuple(values) not in codings:
        raise ValueError(f"values must be (-1, 1) or (0, 1), a unit's low and high state; got "
                         f"{values!r}")
    low, high = values
    state = codings[(low, high)](cue, "cue", ndim=1)
    check_choice(mode, "mode", MODES)
    max_steps = check_int(max_steps, "max_steps", minimum=1)
    temperature = check_real(temperature, "temperature", minimum=0.0)
    generator = as_generator(rng)
    previous, cycle_length, steps = None, 0, 0

    def decide(s, i, u):
        down, up = s.copy(), s.copy()
        down[i], up[i] = low, high
        gap = energy(down) - energy(up)
        if temperature > 0:  # P(high) = 1 / (1 + e^x), which is 0 to rounding once e^x overflows
            x = -gap / temperature
            return high if x < 709.0 and u < 1.0 / (1.0 + math.exp(x)) else low
        return high if gap > 0 else (low if gap < 0 else s[i])

    while steps < max_steps and not cycle_length:
        steps += 1
        if mode == "async":
            order = generator.permutation(state.size)
            uniforms = generator.random(state.size) if temperature > 0 else np.zeros(state.size)
            old = state.copy()
            for t, i in enumerate(order):
                state[i] = decide(state, i, uniforms[t])
            settled = np.array_equal(old, state)
            came_back = False
        else:
            uniforms = generator.random(state.size) if temperature > 0 else np.zeros(state.size)
            new = np.array([decide(state, i, uniforms[i]) for i in range(state.size)], np.int8)
            settled = np.array_equal(new, state)
            came_back = previous is not None and np.array_equal(new, previous)
            previous, state = state, new
        if temperature == 0:
            cycle_length = 1 if settled else (2 if came_back else 0)
    return Recall(state=state, converged=cycle_length > 0, steps=steps, cycle_length=cycle_length)


def hebbian_counts(patterns) -> np.ndarray:
    """Hebb's rule in integers, the textbook way: Σ_μ ξ^μ ξ^μᵀ, one outer product per pattern
    (rows of ±1), with the diagonal set to zero; int64, N times the weights of
    :func:`hopfield_edu.hebbian`."""
    xi = check_spins(patterns, "patterns", ndim=2)
    counts = np.zeros((xi.shape[1], xi.shape[1]), np.int64)
    for pattern in xi.astype(np.int64):
        counts += np.outer(pattern, pattern)
    np.fill_diagonal(counts, 0)
    return counts


def hopfield_recall(weights, cue, *, mode: str = "async", max_steps: int = 100,
                    temperature: float = 0.0, scale: float = 1.0, rng=None,
                    check: bool = True) -> Recall:
    """The classical network the plain NumPy way: each unit's field is ``scale * (W[i] @ s)``.

    Asynchronous: each sweep a random order, each unit its fresh field; synchronous: all fields
    from the same state, ``W @ s``. Draws from ``rng`` as :class:`HopfieldNetwork` does. Pass
    integer Hebbian counts N·W and ``scale=1/N``, and a field that should be zero is zero.
    ``check=False`` skips checking that ``weights`` is a finite square matrix (a copy and a pass
    over N² numbers, longer than a recall at N = 4096): the benchmarks time the algorithm alone.
    """
    check_choice(mode, "mode", MODES)
    w = check_square(weights, "weights") if check_bool(check, "check") else weights
    s = check_states(cue, "cue", w.shape[0])
    max_steps = check_int(max_steps, "max_steps", minimum=1)
    temperature = check_real(temperature, "temperature", minimum=0.0)
    scale = check_real(scale, "scale", minimum=0.0, exclusive_minimum=True)
    generator = as_generator(rng)
    previous, cycle_length, steps = None, 0, 0
    while steps < max_steps and not cycle_length:
        steps += 1
        old = s.copy()
        if mode == "async":
            order = generator.permutation(s.size)
            uniforms = generator.random(s.size) if temperature > 0 else None
            for t, i in enumerate(order):
                h = scale * (w[i] @ s)
                if temperature > 0:
                    s[i] = 1 if uniforms[t] < 1 / (1 + np.exp(-2 * h / temperature)) else -1
                elif h != 0:
                    s[i] = 1 if h > 0 else -1
        else:
            h = scale * (w @ s)
            if temperature > 0:
                s = np.where(generator.random(s.size) < 1 / (1 + np.exp(-2 * h / temperature)),
                             1, -1).astype(np.int8)
            else:
                s = np.where(h > 0, 1, np.where(h < 0, -1, s)).astype(np.int8)
        came_back = mode == "sync" and previous is not None and np.array_equal(s, previous)
        previous = old
        if temperature == 0:
            cycle_length = 1 if np.array_equal(s, old) else (2 if came_back else 0)
    return Recall(state=s, converged=cycle_length > 0, steps=steps, cycle_length=cycle_length)


def exponential_recall(patterns, cue, *, beta: float = 1.0, max_steps: int = 100,
                       rng=None) -> Recall:
    """Asynchronous recall of the exponential dense memory, F(x) = exp(β x), in plain NumPy.

    Keeps the overlaps ξ^μ·σ up to date, as the kernel does, and decides each unit with
    whole-array operations over the K patterns: it takes the sign of
    Σ_μ exp(β o_μ⁺) - exp(β o_μ⁻), its overlaps with the unit up and down, shifted by their
    largest value. Draws from ``rng`` as :class:`DenseAssociativeMemory` does.
    """
    xi = check_spins(patterns, "patterns", ndim=2).astype(np.int64)
    s = check_states(cue, "cue", xi.shape[1]).astype(np.int64)
    beta = check_real(beta, "beta", minimum=0.0, exclusive_minimum=True)
    max_steps = check_int(max_steps, "max_steps", minimum=1)
    generator = as_generator(rng)
    overlaps = xi @ s
    steps, changed = 0, True
    while steps < max_steps and changed:
        steps, changed = steps + 1, False
        for i in generator.permutation(s.size):
            rest = overlaps - xi[:, i] * s[i]
            plus, minus = beta * (rest + xi[:, i]), beta * (rest - xi[:, i])
            top = max(plus.max(), minus.max())
            gain = np.sum(np.exp(plus - top)) - np.sum(np.exp(minus - top))
            new = 1 if gain > 0 else (-1 if gain < 0 else s[i])
            if new != s[i]:
                overlaps += 2 * new * xi[:, i]
                s[i], changed = new, True
    return Recall(state=s.astype(np.int8), converged=not changed, steps=steps,
                  cycle_length=int(not changed))


def overlap(a, b) -> float:
    """The overlap a·b / n of two ±1 patterns, one unit at a time."""
    a = check_spins(a, "a", ndim=1)
    b = check_states(b, "b", a.size)
    return sum(int(x) * int(y) for x, y in zip(a, b)) / len(a)
