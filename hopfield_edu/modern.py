"""Modern Hopfield networks: continuous states, a log-sum-exp energy, attention as retrieval.

Ramsauer et al. (2020) made the states of the exponential dense memory continuous. In the course's
notation (chapter 0's symbol table) the p stored patterns ξ^μ ∈ ℝ^d are the rows of X, the state
is s ∈ ℝ^d and M = max_μ ‖ξ^μ‖ is the largest pattern norm; the energy is (their Eq. 2, where
the patterns are the columns of X, the state is ξ and N counts the patterns)

    E(s) = -lse(β, X s) + ½ sᵀs + β⁻¹ ln p + ½ M²,   lse(β, z) = β⁻¹ ln Σ_μ exp(β z_μ),

and its update (Eq. 3) is s_new = Xᵀ softmax(β X s): the attention of a transformer, with the
query s and the stored patterns as keys and values. β is an inverse temperature, the scale of
the softmax. Everything here is max-shifted so that β from 10⁻³ to 10⁴ gives finite numbers, and
long pattern sets are processed in chunks so that memory stays bounded.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validate import check_array, check_fraction, check_int, check_real

__all__ = ["ModernHopfield", "ModernRecall", "classify_fixed_point", "separation"]

CHUNK = 4096           # stored patterns handled at once
QUERY_CHUNK = 2048     # queries handled at once: at most QUERY_CHUNK × CHUNK scores in memory


def _softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(axis=-1, keepdims=True)
    weights = np.exp(shifted)
    return weights / weights.sum(axis=-1, keepdims=True)


def separation(patterns) -> np.ndarray:
    """Δ_μ = ξ^μ·ξ^μ - max_(ν≠μ) ξ^μ·ξ^ν for every stored pattern (Ramsauer et al. 2020, Def. 1).

    A pattern with Δ_μ large compared with 1/β is retrieved in one update, with an error that
    falls exponentially in β Δ_μ (their Theorem 5). Computed over the whole set, a block of
    :data:`CHUNK` rows against a block of :data:`CHUNK` columns at a time, so that memory stays
    bounded however many patterns there are (the cost is p² d).
    """
    X = check_array(patterns, "patterns", ndim=2, shape="(n_patterns, dim)")
    count = X.shape[0]
    if count < 2:
        raise ValueError(f"patterns must hold at least 2 patterns (rows) to be separated, got "
                         f"{count}")
    closest = np.full(count, -np.inf)  # max over ν ≠ μ of ξ^μ·ξ^ν
    for start in range(0, count, CHUNK):
        rows = X[start:start + CHUNK]
        for other in range(start, count, CHUNK):  # the Gram matrix is symmetric: blocks above
            block = rows @ X[other:other + CHUNK].T
            if other == start:
                np.fill_diagonal(block, -np.inf)
            else:  # the block below the diagonal, transposed, serves the other rows
                np.maximum(closest[other:other + CHUNK], block.max(axis=0),
                           out=closest[other:other + CHUNK])
            np.maximum(closest[start:start + CHUNK], block.max(axis=1),
                       out=closest[start:start + CHUNK])
    return np.einsum("ij,ij->i", X, X) - closest


def classify_fixed_point(probabilities, *, single: float = 0.9, spread: float = 0.9) -> str:
    """Name the kind of fixed point from its softmax weights over the stored patterns.

    "single pattern" when one weight exceeds ``single``; "global average" when the effective
    number of patterns averaged, 1 / Σ p_i², exceeds ``spread`` times their number;
    "metastable" (an average over a subset, such as a cluster of similar patterns) otherwise.
    """
    if isinstance(probabilities, ModernRecall):
        raise TypeError("probabilities must be the softmax weights, got a ModernRecall; pass "
                        "its weights, result.probabilities")
    p = check_array(probabilities, "probabilities", ndim=1,
                    shape="(n_patterns,), one weight per stored pattern")
    if np.any(p < 0) or not np.isclose(p.sum(), 1.0):
        raise ValueError(f"probabilities must be a distribution, non-negative and summing to 1; "
                         f"got values from {p.min():g} to {p.max():g}, summing to {p.sum():g}")
    single = check_fraction(single, "single")
    spread = check_fraction(spread, "spread")
    if p.max() > single:
        return "single pattern"
    if 1.0 / np.sum(p**2) > spread * p.size:
        return "global average"
    return "metastable"


@dataclass(frozen=True)
class ModernRecall:
    """The result of :meth:`ModernHopfield.recall`.

    Attributes
    ----------
    state : numpy.ndarray
        The fixed point reached, ``(dim,)`` or ``(batch, dim)``.
    steps : int
        Updates made.
    converged : bool
        Whether the last update moved every state by less than ``tol``.
    probabilities : numpy.ndarray
        softmax(β X s) at the final state.
    """

    state: np.ndarray
    steps: int
    converged: bool
    probabilities: np.ndarray


class ModernHopfield:
    """A modern Hopfield network (Ramsauer et al. 2020) over continuous stored patterns.

    Parameters
    ----------
    patterns : array, shape ``(n_patterns, dim)``
        The stored patterns, as rows.
    beta : float, optional
        The inverse temperature β > 0, the scale of the softmax: small β averages, large β
        retrieves single patterns.
    """

    def __init__(self, patterns, *, beta: float = 1.0):
        self.patterns = check_array(patterns, "patterns", ndim=2, shape="(n_patterns, dim)")
        self.patterns.flags.writeable = False
        self.beta = check_real(beta, "beta", minimum=0.0, exclusive_minimum=True)

    @property
    def n_patterns(self) -> int:
        return self.patterns.shape[0]

    @property
    def dim(self) -> int:
        return self.patterns.shape[1]

    def __repr__(self) -> str:
        return f"ModernHopfield({self.n_patterns} patterns of dimension {self.dim}, beta={self.beta:g})"

    def _queries(self, query) -> tuple[np.ndarray, bool]:
        expected = f"({self.dim},) or (batch, {self.dim})"
        q = check_array(query, "query", ndim=(1, 2), shape=expected, width=self.dim)
        return np.atleast_2d(q), q.ndim == 1

    def _chunks(self):
        for start in range(0, self.n_patterns, CHUNK):
            yield self.patterns[start:start + CHUNK]

    def _lse_and_average(self, q: np.ndarray, average: bool):
        """β lse(β, X q) per query, and Xᵀ softmax(β X q), a block of queries and of patterns at
        a time.

        The softmax is accumulated online: each chunk's terms are rescaled to the running
        maximum, so the (batch × n_patterns) matrix of scores is never built.
        """
        log_sum = np.empty(q.shape[0])
        weighted = np.empty_like(q) if average else None
        for start in range(0, q.shape[0], QUERY_CHUNK):
            block = q[start:start + QUERY_CHUNK]
            top = np.full(block.shape[0], -np.inf)
            total = np.zeros(block.shape[0])
            accumulated = np.zeros_like(block) if average else None
            for X in self._chunks():
                logits = block @ X.T
                logits *= self.beta
                new_top = np.maximum(top, logits.max(axis=1))
                rescale = np.exp(top - new_top)
                logits -= new_top[:, None]
                weights = np.exp(logits, out=logits)
                total = total * rescale + weights.sum(axis=1)
                if average:
                    accumulated = accumulated * rescale[:, None] + weights @ X
                top = new_top
            log_sum[start:start + QUERY_CHUNK] = top + np.log(total)  # β lse(β, X q)
            if average:
                weighted[start:start + QUERY_CHUNK] = accumulated / total[:, None]
        return log_sum, weighted

    def probabilities(self, query) -> np.ndarray:
        """softmax(β X s) over the stored patterns: ``(n_patterns,)`` or ``(batch, n_patterns)``."""
        q, single = self._queries(query)
        p = _softmax(self.beta * (q @ self.patterns.T))
        return p[0] if single else p

    def update(self, query) -> np.ndarray:
        """One update s_new = Xᵀ softmax(β X s) (Ramsauer et al. 2020, Eq. 3)."""
        q, single = self._queries(query)
        _, new = self._lse_and_average(q, average=True)
        return new[0] if single else new

    def energy(self, query):
        """E(s) = -lse(β, X s) + ½ sᵀs + β⁻¹ ln p + ½ M² (Ramsauer et al. 2020, Eq. 2).

        The constants pin it between two bounds that hold for every state s:

            ½ (‖s‖ - M)² ≤ E(s) ≤ ½ (‖s‖ + M)²,

        Every score obeys |ξ^μ·s| ≤ M ‖s‖, and the lse lies between the mean score plus
        β⁻¹ ln p (Jensen) and the largest score plus β⁻¹ ln p. So E ≥ 0 always, while E ≤ 2 M²
        holds only for states no longer than M, such as every state after one update (a convex
        combination of the patterns); a longer state can have E > 2 M². Returns a float for one
        query, an array for a batch.
        """
        q, single = self._queries(query)
        log_sum, _ = self._lse_and_average(q, average=False)
        largest = np.max(np.sum(self.patterns**2, axis=1))
        e = (-log_sum / self.beta + 0.5 * np.sum(q**2, axis=1)
             + np.log(self.n_patterns) / self.beta + 0.5 * largest)
        return float(e[0]) if single else e

    def recall(self, query, *, max_steps: int = 100, tol: float = 1e-10) -> ModernRecall:
        """Iterate :meth:`update` until no state moves by more than ``tol``."""
        q, single = self._queries(query)
        max_steps = check_int(max_steps, "max_steps", minimum=1)
        tol = check_real(tol, "tol", minimum=0.0)
        converged = False
        steps = 0
        while steps < max_steps and not converged:
            _, new = self._lse_and_average(q, average=True)
            converged = bool(np.max(np.abs(new - q)) <= tol)
            q = new
            steps += 1
        p = self.probabilities(q)
        return ModernRecall(state=q[0] if single else q, steps=steps, converged=converged,
                            probabilities=p[0] if single else p)
