"""Dense associative memory: a sharper interaction function, a far larger capacity.

Krotov and Hopfield (2016) wrote the energy of a Hopfield network as E = -Σ_μ F(ξ^μ·σ) with
F(x) = x²/2N and asked what other F would do. With F(x) = xⁿ the network stores about
N^(n-1) / (2 (2n-3)!! ln N) patterns without error; with F(x) = exp(x) (Demircigil et al.
2017), exponentially many in N. A unit takes whichever of its two states has the lower
energy; keeping each pattern's overlap with the state up to date makes that O(K) per unit.
"""

from __future__ import annotations

import math

import numpy as np

from . import _kernels
from ._validate import (as_generator, check_bool, check_choice, check_int, check_real,
                        check_spins, check_state, sign_keeping_ties)
from .hopfield import Recall

__all__ = ["INTERACTIONS", "DenseAssociativeMemory", "dense_capacity"]

INTERACTIONS = ("polynomial", "exponential")
MAX_DEGREE = 30  # N**degree stays within floating point for N up to 4096


def dense_capacity(n_neurons, degree: int):
    """Krotov & Hopfield's (2016) estimate of error-free capacity: N^(n-1) / (2 (2n-3)!! ln N).

    For n = 2 it is N / (2 ln N), McEliece's limit for exact recall of most patterns.
    """
    n = np.asarray(n_neurons, dtype=np.float64)
    degree = check_int(degree, "degree", minimum=2, maximum=MAX_DEGREE)
    double_factorial = math.prod(range(2 * degree - 3, 0, -2))
    result = n ** (degree - 1) / (2.0 * double_factorial * np.log(n))
    return float(result) if result.ndim == 0 else result


class DenseAssociativeMemory:
    """A dense associative memory over ±1 patterns (Krotov & Hopfield 2016).

    Parameters
    ----------
    patterns : array of ±1, shape ``(n_patterns, n_neurons)``
    interaction : {"polynomial", "exponential"}, optional
        F(x) = xⁿ (``degree`` n), or exp(β x) (Demircigil et al. 2017).
    degree : int, optional
        n, from 2 to 30. Degree 2 is the classical Hopfield network, update for update.
    rectified : bool, optional
        Use F(x) = max(x, 0)ⁿ: patterns with a negative overlap do not count.
    beta : float, optional
        β > 0 of the exponential interaction.
    """

    def __init__(self, patterns, *, interaction: str = "polynomial", degree: int = 3,
                 rectified: bool = False, beta: float = 1.0):
        self.patterns = check_spins(patterns, "patterns", ndim=2)
        self.interaction = check_choice(interaction, "interaction", INTERACTIONS)
        self.degree = check_int(degree, "degree", minimum=2, maximum=MAX_DEGREE)
        self.rectified = check_bool(rectified, "rectified")
        self.beta = check_real(beta, "beta", minimum=0.0, exclusive_minimum=True)
        self._kind = 2 if self.interaction == "exponential" else (1 if self.rectified else 0)
        # the bits of each unit across patterns, contiguous and one byte each: the kernel reads
        # one unit's row at a time, and a small row stays in the cache
        self._patterns_t = np.ascontiguousarray(self.patterns.T)

    @property
    def n_neurons(self) -> int:
        return self.patterns.shape[1]

    def __repr__(self) -> str:
        kind = (f"exponential, beta={self.beta:g}" if self._kind == 2
                else f"{'rectified ' if self.rectified else ''}polynomial, degree {self.degree}")
        return (f"DenseAssociativeMemory({self.n_neurons} neurons, {len(self.patterns)} "
                f"patterns, {kind})")

    def _state(self, state, name: str) -> np.ndarray:
        return check_state(state, name, self.n_neurons)

    def _overlaps(self, state: np.ndarray) -> np.ndarray:
        """ξ^μ·σ for every stored pattern, float64."""
        out = np.empty(len(self.patterns))
        _kernels.dense_overlaps(self._patterns_t, state, out)
        return out

    def energy(self, state) -> float:
        """E = -Σ_μ F(ξ^μ·σ).

        For the exponential interaction E reaches -exp(β N), beyond floating point once
        β N > 709, so the method returns -(1/β) ln Σ_μ exp(β ξ^μ·σ) = -(1/β) ln(-E) instead, for
        every state: it rises and falls with E, and it is the energy of chapter 6's modern
        Hopfield network.
        """
        overlaps = self._overlaps(self._state(state, "state"))
        if self._kind == 2:
            top = self.beta * overlaps.max()
            return float(-(top + np.log(np.sum(np.exp(self.beta * overlaps - top)))) / self.beta)
        if self._kind == 1:
            overlaps = np.maximum(overlaps, 0.0)
        return float(-np.sum(overlaps**self.degree))

    def recall(self, cue, *, mode: str = "async", max_sweeps: int = 100, rng=None,
               record: bool = False) -> Recall:
        """Run the dynamics from ``cue`` to a fixed point, or for ``max_sweeps`` sweeps.

        "async": one unit at a time in a new random order each sweep, each taking the state of
        lower energy; the energy never rises. "sync": every unit decides from the same old
        state at once.
        """
        state = self._state(cue, "cue").copy()
        check_choice(mode, "mode", ("async", "sync"))
        max_sweeps = check_int(max_sweeps, "max_sweeps", minimum=1)
        record = check_bool(record, "record")
        generator = as_generator(rng)
        overlaps = self._overlaps(state)
        energies = [self.energy(state)] if record else []
        states = [state.copy()]
        previous, cycle_length, sweeps = None, 0, 0
        while sweeps < max_sweeps and not cycle_length:
            sweeps += 1
            if mode == "async":
                flips = _kernels.dense_async_sweep(self._patterns_t, state, overlaps,
                                                   generator.permutation(self.n_neurons),
                                                   self._kind, self.degree, self.beta)
                cycle_length = 1 if flips == 0 else 0
            else:
                new = self._sync_update(state, overlaps)
                if np.array_equal(new, state):
                    cycle_length = 1
                elif previous is not None and np.array_equal(new, previous):
                    cycle_length = 2
                previous, state = state, new
                overlaps = self._overlaps(state)
            if record:
                energies.append(self.energy(state))
                states.append(state.copy())
        state.flags.writeable = False
        return Recall(state=state, converged=cycle_length > 0, sweeps=sweeps,
                      cycle_length=cycle_length,
                      energies=np.array(energies) if record else None,
                      states=np.array(states) if record else None)

    def _sync_update(self, state: np.ndarray, overlaps: np.ndarray) -> np.ndarray:
        """Every unit's lower-energy state, all decided from the same old state.

        A block of units at a time, so that the (units × patterns) temporaries stay near 2**20
        numbers each: all of them at once would take 4 GB for 1000 units and 10^5 patterns.
        """
        gain = np.empty(self.n_neurons)
        rows = max(1, 2**20 // len(self.patterns))
        for start in range(0, self.n_neurons, rows):
            units = slice(start, start + rows)
            bits = self._patterns_t[units].astype(np.float64)      # (units, K)
            rest = overlaps[None, :] - bits * state[units, None]  # overlaps without the unit
            plus, minus = rest + bits, rest - bits
            if self._kind == 2:
                top = self.beta * np.maximum(plus, minus).max(axis=1, keepdims=True)
                gain[units] = np.sum(np.exp(self.beta * plus - top)
                                     - np.exp(self.beta * minus - top), axis=1)
            else:
                if self._kind == 1:
                    plus, minus = np.maximum(plus, 0.0), np.maximum(minus, 0.0)
                gain[units] = np.sum(plus**self.degree - minus**self.degree, axis=1)
        return sign_keeping_ties(gain, state)
