"""Dense associative memory: a sharper interaction function, a far larger capacity.

Krotov and Hopfield (2016) wrote the energy of a Hopfield network as E = -Σ_μ F(ξ^μ·s) with
F(x) = x²/2N and asked what other F would do. With F(x) = xⁿ the network stores about
N^(n-1) / (2 (2n-3)!! ln N) patterns without error; with F(x) = exp(x) (Demircigil et al.
2017), exponentially many in N. A unit takes whichever of its two states has the lower
energy; keeping each pattern's overlap with the state s up to date makes that O(p) per unit,
for p stored patterns.
"""

from __future__ import annotations

import numpy as np

from . import _kernels
from ._blocks import block_rows
from ._validate import check_bool, check_choice, check_int, check_real, check_spins
from .memory import BinaryMemory

__all__ = ["INTERACTIONS", "MAX_DEGREE", "DenseAssociativeMemory"]

#: The interaction functions F of a dense memory.
INTERACTIONS = ("polynomial", "exponential")
#: The largest degree: N**degree stays within floating point for N up to 4096.
MAX_DEGREE = 30


class DenseAssociativeMemory(BinaryMemory):
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
        β > 0 of the exponential interaction (not a temperature: ``recall(temperature=)`` is).

    Attributes
    ----------
    patterns : numpy.ndarray
        The stored patterns, ``int8``, read-only.
    """

    def __init__(self, patterns, *, interaction: str = "polynomial", degree: int = 3,
                 rectified: bool = False, beta: float = 1.0):
        self.patterns = check_spins(patterns, "patterns", ndim=2)
        self.patterns.flags.writeable = False
        self.interaction = check_choice(interaction, "interaction", INTERACTIONS)
        self.degree = check_int(degree, "degree", minimum=2, maximum=MAX_DEGREE)
        self.rectified = check_bool(rectified, "rectified")
        self.beta = check_real(beta, "beta", minimum=0.0, exclusive_minimum=True)
        self._kind = 2 if self.interaction == "exponential" else (1 if self.rectified else 0)
        # the bits of each unit across patterns, contiguous and one byte each: the kernel reads
        # one unit's row at a time, and a small row stays in the cache
        self._patterns_t = np.ascontiguousarray(self.patterns.T)
        self._model = _kernels.DenseModel(self._patterns_t, self._kind, self.degree, self.beta)

    @property
    def n_neurons(self) -> int:
        return self.patterns.shape[1]

    def __repr__(self) -> str:
        kind = (f"exponential, beta={self.beta:g}" if self._kind == 2
                else f"{'rectified ' if self.rectified else ''}polynomial, degree {self.degree}")
        return (f"DenseAssociativeMemory({self.n_neurons} neurons, {len(self.patterns)} "
                f"patterns, {kind})")

    def energy(self, state) -> float:
        """E = -Σ_μ F(ξ^μ·s).

        For the exponential interaction E reaches -exp(β N), beyond floating point once
        β N > 709, so the method returns -(1/β) ln Σ_μ exp(β ξ^μ·s) = -(1/β) ln(-E) instead, for
        every state: it rises and falls with E, and on ±1 states it is the energy of chapter 11's
        modern Hopfield network up to constants. Glauber dynamics (``recall(temperature=T)``) uses this energy too.
        """
        return super().energy(state)

    # --- the kernels ---------------------------------------------------------------------------

    def _prepare(self, state) -> np.ndarray:
        """ξ^μ·s for every stored pattern, float64."""
        out = np.empty(len(self.patterns))
        _kernels.dense_overlaps(self._patterns_t, state, out)
        return out

    def _energy_from(self, state, overlaps) -> float:
        if self._kind == 2:
            top = self.beta * overlaps.max()
            return float(-(top + np.log(np.sum(np.exp(self.beta * overlaps - top)))) / self.beta)
        if self._kind == 1:
            overlaps = np.maximum(overlaps, 0.0)
        return float(-np.sum(overlaps**self.degree))

    def _sweep(self, state, overlaps, order, uniforms, glauber_beta, count, stream):
        return _kernels.async_sweeps(self._model, state, overlaps, order, uniforms, glauber_beta,
                                     count, stream)

    def _fields(self, state, overlaps, units=slice(None)) -> np.ndarray:
        """Half of E(s_i = -1) - E(s_i = +1) for the chosen units, all from the same state.

        A block of units at a time, so that the (units × patterns) temporaries stay near 2**20
        numbers each: all of them at once would take 4 GB for 1000 units and 10^5 patterns.
        """
        chosen = np.arange(self.n_neurons)[units]
        half_gap = np.empty(chosen.size)
        rows = block_rows(len(self.patterns))
        for start in range(0, chosen.size, rows):
            block = chosen[start:start + rows]
            bits = self._patterns_t[block].astype(np.float64)      # (units, K)
            rest = overlaps[None, :] - bits * state[block, None]  # overlaps without the unit
            plus, minus = rest + bits, rest - bits
            if self._kind == 2:
                top = self.beta * np.maximum(plus, minus).max(axis=1)
                with np.errstate(divide="ignore"):  # a sum that underflows to 0: ln 0 = -inf
                    log_plus = np.log(np.sum(np.exp(self.beta * plus - top[:, None]), axis=1))
                    log_minus = np.log(np.sum(np.exp(self.beta * minus - top[:, None]), axis=1))
                half_gap[start:start + rows] = 0.5 * (log_plus - log_minus) / self.beta
            else:
                if self._kind == 1:
                    plus, minus = np.maximum(plus, 0.0), np.maximum(minus, 0.0)
                half_gap[start:start + rows] = 0.5 * np.sum(plus**self.degree
                                                            - minus**self.degree, axis=1)
        return half_gap

    def _unit_field(self, i, state, overlaps) -> float:
        return float(self._fields(state, overlaps, slice(i, i + 1))[0])

    def _set_unit(self, i, new, state, overlaps) -> None:
        state[i] = new
        overlaps += 2.0 * new * self._patterns_t[i]
