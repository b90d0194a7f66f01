"""The classical Hopfield network: storing patterns in symmetric weights, recalling them.

N binary units s_i = ±1 are coupled by symmetric weights W with zero diagonal. The energy
E = -½ sᵀWs never increases when one unit at a time takes the sign of its local field
h_i = Σ_j W_ij s_j (Hopfield 1982), so asynchronous recall ends in a fixed point: a memory,
or a spurious state.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from . import _kernels
from ._validate import (as_generator, check_array, check_bool, check_choice, check_int,
                        check_real, check_spins, check_state, sign_keeping_ties)

__all__ = ["RULES", "HopfieldNetwork", "Recall", "bit_error_probability", "critical_load",
           "hebbian", "pseudoinverse", "retrieval_overlap", "storkey"]

RULES = ("hebbian", "storkey", "pseudoinverse")
MODES = ("async", "sync")


def _patterns(patterns) -> np.ndarray:
    return check_spins(patterns, "patterns", ndim=(1, 2)).reshape(-1, np.shape(patterns)[-1])


def _hebbian_counts(xi: np.ndarray) -> np.ndarray:
    """Σ_μ ξ_i^μ ξ_j^μ with a zero diagonal, as exact integers in float32: every partial sum is
    an integer below 2**24 for fewer than 2**24 patterns, so single-precision BLAS is exact, at
    half the time and memory of double."""
    n = xi.shape[1]
    counts = np.zeros((n, n), dtype=np.float32)
    # a block of patterns at a time, so that no float copy of all the patterns is made
    # (10^5 patterns of 1000 units would take 400 MB)
    rows = max(1, 2**20 // n)
    for start in range(0, len(xi), rows):
        block = xi[start:start + rows].astype(np.float32)
        counts += block.T @ block
    np.fill_diagonal(counts, 0.0)
    return counts


def _divided(counts: np.ndarray, n: int) -> np.ndarray:
    """The Hebbian weights counts / N, in float64."""
    return np.divide(counts, n, dtype=np.float64)


def hebbian(patterns) -> np.ndarray:
    """Hebb's rule: W = (1/N) Σ_μ ξ^μ ξ^μᵀ with a zero diagonal (Hopfield 1982).

    Parameters
    ----------
    patterns : array of ±1, shape ``(n_patterns, n_neurons)`` (or one pattern, ``(n,)``)

    Returns
    -------
    numpy.ndarray
        The ``(n, n)`` float64 weights, symmetric, zero on the diagonal.
    """
    xi = _patterns(patterns)
    return _divided(_hebbian_counts(xi), xi.shape[1])


def storkey(patterns) -> np.ndarray:
    """Storkey's (1997) rule, local and incremental, with a higher capacity than Hebb's.

    Patterns are added one at a time: W ← W + (1/N)(ξ_i ξ_j - ξ_i h_ji - h_ij ξ_j), where
    h_ij = Σ_{k≠i,j} W_ik ξ_k is the field at i from all units but i and j.
    """
    xi = _patterns(patterns).astype(np.float64)
    n = xi.shape[1]
    weights = np.zeros((n, n))
    for pattern in xi:
        field = weights @ pattern
        # h_ij = h_i - W_ij ξ_j, since W_ii = 0
        h = field[:, None] - weights * pattern[None, :]
        weights += (np.outer(pattern, pattern) - pattern[:, None] * h.T - h * pattern[None, :]) / n
        np.fill_diagonal(weights, 0.0)
    return (weights + weights.T) / 2  # symmetric up to rounding; make it exactly so


def pseudoinverse(patterns) -> np.ndarray:
    """The projection (pseudo-inverse) rule, W = Ξᵀ(ΞΞᵀ)⁻¹Ξ with a zero diagonal.

    Every stored pattern is a fixed point, correlated patterns too, as long as the patterns are
    linearly independent, which needs n_patterns < n_neurons (Personnaz, Guyon & Dreyfus 1985).
    """
    xi = _patterns(patterns).astype(np.float64)
    p, n = xi.shape
    if p >= n:
        raise ValueError(f"the pseudo-inverse rule stores fewer patterns than neurons; got "
                         f"{p} patterns of {n} neurons")
    if np.linalg.matrix_rank(xi) < p:
        raise ValueError(f"the pseudo-inverse rule needs linearly independent patterns; these "
                         f"{p} patterns span only {np.linalg.matrix_rank(xi)} dimensions")
    weights = xi.T @ np.linalg.solve(xi @ xi.T, xi)
    np.fill_diagonal(weights, 0.0)
    return (weights + weights.T) / 2


def _validated_weights(weights) -> np.ndarray:
    """A float64 copy of ``weights``, checked to be square, finite and symmetric."""
    w = check_array(weights, "weights", ndim=2, shape="(n, n)")
    if w.shape[0] != w.shape[1]:
        raise ValueError(f"weights must be a square matrix (n, n), got shape {w.shape}")
    asymmetry = np.abs(w - w.T)
    if asymmetry.max() > 1e-12 * max(1.0, np.abs(w).max()):
        worst = np.unravel_index(np.argmax(asymmetry), w.shape)
        raise ValueError(f"weights must be symmetric (W = Wᵀ) for the energy to fall; "
                         f"W[{worst[0]}, {worst[1]}] = {w[worst]:g} but "
                         f"W[{worst[1]}, {worst[0]}] = {w[worst[::-1]]:g}")
    return (w + w.T) / 2


@dataclass(frozen=True)
class Recall:
    """The result of :meth:`HopfieldNetwork.recall`.

    Attributes
    ----------
    state : numpy.ndarray
        The final state, ``int8``.
    converged : bool
        True when the dynamics reached its attractor: a fixed point, or a two-cycle under
        synchronous updates. Always False at temperature > 0, which never settles.
    sweeps : int
        Sweeps run; a sweep updates every unit once.
    cycle_length : int
        1 for a fixed point, 2 for a two-cycle, 0 for neither within ``max_sweeps``.
    energies : numpy.ndarray or None
        With ``record=True``: the energy of the cue and after each sweep.
    states : numpy.ndarray or None
        With ``record=True``: the cue and the state after each sweep, one row each.
    """

    state: np.ndarray
    converged: bool
    sweeps: int
    cycle_length: int
    energies: np.ndarray | None = None
    states: np.ndarray | None = None


def _checked_states(values, n: int) -> np.ndarray:
    """What a reader's update rule returned, as n states of ±1, or a clear error."""
    states = np.atleast_1d(np.asarray(values))
    if states.shape != (n,) or not np.all(np.isin(states, (-1, 1))):
        raise ValueError(f"update must return the new state: -1 or +1 for each unit "
                         f"({n} of them); it returned {values!r}")
    return states.astype(np.int8)


class HopfieldNetwork:
    """A Hopfield network over given weights.

    Parameters
    ----------
    weights : array, shape ``(n, n)``
        Square, symmetric and finite. Hebbian weights have a zero diagonal; a positive diagonal
        makes units reluctant to flip.

    Attributes
    ----------
    weights : numpy.ndarray
        The weights, float64, read-only.
    n_neurons : int
    patterns : numpy.ndarray or None
        The stored patterns, when built with :meth:`from_patterns`.
    """

    def __init__(self, weights):
        self._setup(_validated_weights(weights))

    def _setup(self, weights: np.ndarray, numerator: np.ndarray | None = None,
               scale: float = 1.0, patterns: np.ndarray | None = None) -> None:
        weights.flags.writeable = False
        self.weights = weights
        self.patterns = patterns
        # The kernels compute fields as numerator @ state and scale them: Hebbian weights keep
        # integer numerators, so a field that should be zero is exactly zero.
        self._numerator = weights if numerator is None else numerator
        self._scale = scale
        # For Hebbian counts of p < N/2 patterns, numerator @ state comes from the patterns, in
        # O(pN) instead of O(N²); the counts serve the rows that a flip adds to the fields.
        few = patterns is not None and 2 * len(patterns) < patterns.shape[1]
        self._hebbian_patterns = patterns if numerator is not None and few else None

    @classmethod
    def from_patterns(cls, patterns, rule: str = "hebbian") -> HopfieldNetwork:
        """Store ``patterns`` (rows of ±1) with ``rule``: "hebbian", "storkey" or "pseudoinverse"."""
        check_choice(rule, "rule", RULES)
        xi = _patterns(patterns)
        xi.flags.writeable = False
        network = cls.__new__(cls)  # the rules build valid weights: no need to check them again
        if rule == "hebbian":
            counts = _hebbian_counts(xi)
            network._setup(_divided(counts, xi.shape[1]), counts, 1.0 / xi.shape[1], xi)
        else:
            network._setup(storkey(xi) if rule == "storkey" else pseudoinverse(xi), patterns=xi)
        return network

    @property
    def n_neurons(self) -> int:
        return self.weights.shape[0]

    def __repr__(self) -> str:
        stored = "" if self.patterns is None else f", {len(self.patterns)} patterns stored"
        return f"HopfieldNetwork({self.n_neurons} neurons{stored})"

    def _state(self, state, name: str = "state") -> np.ndarray:
        return check_state(state, name, self.n_neurons)

    def local_field(self, state) -> np.ndarray:
        """The local fields h = W s, float64."""
        return self._fields(self._state(state)) * self._scale

    def energy(self, state) -> float:
        """The energy E = -½ sᵀWs of a state."""
        s = self._state(state)
        return float(-0.5 * self._scale * (s @ self._fields(s)))

    def _fields(self, state: np.ndarray) -> np.ndarray:
        """numerator @ state for a validated state, exact."""
        if self._hebbian_patterns is None:
            return self._numerator @ state
        fields = np.empty(state.size)
        _kernels.hebbian_fields(self._hebbian_patterns, state, fields)
        return fields

    def recall(self, cue, *, mode: str = "async", max_sweeps: int = 100,
               temperature: float = 0.0, rng=None, record: bool = False,
               update=None) -> Recall:
        """Run the dynamics from ``cue`` until it settles, or for ``max_sweeps`` sweeps.

        Parameters
        ----------
        cue : array of ±1, shape ``(n_neurons,)``
        mode : {"async", "sync"}, optional
            "async": one unit at a time, in a new random order each sweep; the energy never
            rises and the dynamics ends in a fixed point. "sync": all units at once from the
            same state (Little 1974); it ends in a fixed point or a two-cycle.
        max_sweeps : int, optional
        temperature : float, optional
            0 for the deterministic rule (a unit with zero field keeps its state); T > 0 for
            Glauber dynamics, P(s_i = +1) = 1 / (1 + exp(-2 h_i / T)), which never settles
            and runs all ``max_sweeps``.
        rng : None, int or numpy.random.Generator, optional
            Draws the order of updates and, at T > 0, the unit states.
        record : bool, optional
            Keep the state and energy after each sweep.
        update : callable, optional
            Your own update rule, run through the same loop: ``update(h, s)`` receives a unit's
            local field and state (asynchronous mode; arrays of all of them in synchronous
            mode) and returns the new state, ±1. A sweep that changes nothing ends the recall,
            as for the built-in rule. Slower: it runs in Python, one call per unit.

        Returns
        -------
        Recall
        """
        state = self._state(cue, "cue").copy()
        check_choice(mode, "mode", MODES)
        max_sweeps = check_int(max_sweeps, "max_sweeps", minimum=1)
        temperature = check_real(temperature, "temperature", minimum=0.0)
        record = check_bool(record, "record")
        if update is not None and not callable(update):
            raise TypeError(f"update must be a function update(h, s), got "
                            f"{type(update).__name__}")
        if update is not None and temperature:
            raise ValueError("give either temperature or your own update rule, not both")
        beta = 0.0 if temperature == 0 else 1.0 / temperature
        return self._run(state, self._fields(state), mode, max_sweeps, beta,
                         as_generator(rng), record, update)

    def _recall_many(self, cues: np.ndarray, generator: np.random.Generator,
                     max_sweeps: int = 100) -> np.ndarray:
        """Asynchronous recall from each row of ``cues`` (validated ±1), final states as rows.

        The same dynamics and random draws as :meth:`recall`, one cue after another, without
        validating each cue again.
        """
        finals = np.empty_like(cues)
        for k, cue in enumerate(cues):
            finals[k] = self._run(cue.copy(), self._fields(cue), "async", max_sweeps, 0.0,
                                  generator, False, None).state
        return finals

    def _run(self, state, fields, mode, max_sweeps, beta, generator, record, update) -> Recall:
        n = self.n_neurons
        energies, states = [self._energy_from(state, fields)], [state.copy()]
        previous = None
        cycle_length = 0
        sweeps = 0
        while sweeps < max_sweeps:
            sweeps += 1
            if mode == "async" and update is not None:
                settled = self._sweep_with(update, state, fields, generator.permutation(n)) == 0
            elif mode == "async":
                order = generator.permutation(n)
                uniforms = generator.random(n) if beta else np.empty(0)
                flips = _kernels.async_sweep(self._numerator, self._scale, state, fields, order,
                                             uniforms, beta)
                settled = flips == 0
            else:
                new = (self._sync_update(state, fields, beta, generator) if update is None
                       else _checked_states(update(self._scale * fields, state.copy()), n))
                settled = np.array_equal(new, state)
                cycle = previous is not None and np.array_equal(new, previous)
                previous, state = state, new
                fields = self._fields(state)
                if beta == 0 and cycle and not settled:
                    cycle_length = 2
            if record:
                energies.append(self._energy_from(state, fields))
                states.append(state.copy())
            if beta == 0 and settled:
                cycle_length = 1
            if cycle_length:
                break
        state.flags.writeable = False
        return Recall(state=state, converged=cycle_length > 0, sweeps=sweeps,
                      cycle_length=cycle_length,
                      energies=np.array(energies) if record else None,
                      states=np.array(states) if record else None)

    def _sweep_with(self, update, state, fields, order) -> int:
        """One asynchronous sweep with the reader's rule, in plain Python; returns the flips."""
        flips = 0
        for i in order:
            new = _checked_states(update(self._scale * fields[i], int(state[i])), 1)[0]
            if new != state[i]:
                state[i] = new
                fields += 2.0 * new * self._numerator[i]
                flips += 1
        return flips

    def _energy_from(self, state: np.ndarray, fields: np.ndarray) -> float:
        return float(-0.5 * self._scale * (state @ fields))

    def _sync_update(self, state, fields, beta, generator) -> np.ndarray:
        if beta == 0:
            return sign_keeping_ties(fields, state)
        p_up = 1.0 / (1.0 + np.exp(-2.0 * beta * self._scale * fields))
        return np.where(generator.random(state.size) < p_up, 1, -1).astype(np.int8)


# --- theory of the capacity ---------------------------------------------------------------------


def bit_error_probability(load):
    """The chance that one update flips a bit of a stored pattern: ½ erfc(√(N / 2p)).

    The crosstalk from the other p - 1 patterns at a unit is a sum of about p N random ±1/N
    terms, nearly Gaussian with variance p/N = α; the unit errs when it outweighs the signal 1
    (Hertz, Krogh & Palmer 1991, §2.2). ``load`` is α = p/N, a number or an array.
    """
    alpha = np.asarray(load, dtype=np.float64)
    if np.any(~np.isfinite(alpha)) or np.any(alpha <= 0):
        raise ValueError(f"load must be positive and finite, got {load!r}")
    result = 0.5 * np.vectorize(math.erfc)(np.sqrt(1.0 / (2.0 * alpha)))
    return float(result) if result.ndim == 0 else result


def _ags_gap(y: float) -> float:
    """√(2α) as a function of y on the AGS retrieval branch: erf(y)/y - (2/√π) exp(-y²)."""
    return math.erf(y) / y - 2.0 / math.sqrt(math.pi) * math.exp(-y * y)


def _ags_turning_point() -> float:
    """The y where √(2α(y)) is largest, so where the retrieval solution disappears."""
    low, high = 0.5, 3.0  # the maximum lies in between; golden-section search
    ratio = (math.sqrt(5.0) - 1.0) / 2.0
    for _ in range(100):
        a, b = high - ratio * (high - low), low + ratio * (high - low)
        if _ags_gap(a) < _ags_gap(b):
            low = a
        else:
            high = b
    return 0.5 * (low + high)


def critical_load() -> float:
    """α_c of Amit, Gutfreund & Sompolinsky (1985): beyond it, no retrieval state (≈ 0.138).

    From the zero-temperature replica-symmetric equations m = erf(y),
    y (√(2α) + (2/√π) exp(-y²)) = erf(y): α_c is the largest α with a solution m ≠ 0.
    """
    return _ags_gap(_ags_turning_point()) ** 2 / 2.0


def retrieval_overlap(load):
    """The overlap m(α) of the retrieval state in the AGS theory, 0 beyond α_c.

    Solves y (√(2α) + (2/√π) exp(-y²)) = erf(y) on the retrieval branch (the larger y) and
    returns m = erf(y): 1 at α = 0, about 0.967 just below α_c (Amit, Gutfreund & Sompolinsky
    1985).
    """
    alpha = np.asarray(load, dtype=np.float64)
    if np.any(~np.isfinite(alpha)) or np.any(alpha < 0):
        raise ValueError(f"load must be non-negative and finite, got {load!r}")
    turning = _ags_turning_point()
    alpha_c = _ags_gap(turning) ** 2 / 2.0

    def solve(a: float) -> float:
        if a == 0:
            return 1.0
        if a > alpha_c:
            return 0.0
        target = math.sqrt(2.0 * a)
        low, high = turning, 30.0  # the gap falls from its maximum towards 0 on this branch
        for _ in range(200):
            middle = 0.5 * (low + high)
            if _ags_gap(middle) > target:
                low = middle
            else:
                high = middle
        return math.erf(0.5 * (low + high))

    result = np.vectorize(solve, otypes=[np.float64])(alpha)
    return float(result) if result.ndim == 0 else result
