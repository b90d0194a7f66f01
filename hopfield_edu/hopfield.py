"""The classical Hopfield network: storing patterns in symmetric weights, recalling them.

N binary units s_i = ±1 are coupled by symmetric weights W with zero diagonal. The energy
E = -½ sᵀWs never increases when one unit at a time takes the sign of its local field
h_i = Σ_j W_ij s_j (Hopfield 1982), so asynchronous recall ends in a fixed point: a memory,
or a spurious state.
"""

from __future__ import annotations

import numpy as np

from . import _kernels
from ._validate import check_choice, check_spins, check_square
from .memory import BinaryMemory, Recall

__all__ = ["RULES", "HopfieldNetwork", "Recall", "hebbian", "pseudoinverse", "storkey"]

#: The learning rules of :meth:`HopfieldNetwork.from_patterns`.
RULES = ("hebbian", "storkey", "pseudoinverse")

_NO_OVERLAPS = np.empty(0, np.int32)  # overlaps that a recall's sweeps need not keep


def _patterns(patterns) -> np.ndarray:
    return check_spins(patterns, "patterns", ndim=(1, 2)).reshape(-1, np.shape(patterns)[-1])


def _hebbian_counts(xi: np.ndarray) -> np.ndarray:
    """Σ_μ ξ_i^μ ξ_j^μ with a zero diagonal, exact integers (int16 while fewer than 2**15
    patterns, so that N = 8192 units take 128 MB), by population counts of the patterns packed
    64 to a word (:mod:`hopfield_edu._kernels.hebbian`)."""
    p, n = xi.shape
    bits = np.empty((-(-p // 64), n), np.uint64)  # an eighth of the int8 patterns' memory
    _kernels.pack_patterns(xi, bits)
    counts = np.empty((n, n), np.int16 if p < 2**15 else np.int32)
    _kernels.hebbian_counts(bits, p, counts)
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
    w = check_square(weights, "weights")
    asymmetry = np.abs(w - w.T)
    if asymmetry.max() > 1e-12 * max(1.0, np.abs(w).max()):
        worst = np.unravel_index(np.argmax(asymmetry), w.shape)
        raise ValueError(f"weights must be symmetric (W = Wᵀ) for the energy to fall; "
                         f"W[{worst[0]}, {worst[1]}] = {w[worst]:g} but "
                         f"W[{worst[1]}, {worst[0]}] = {w[worst[::-1]]:g}")
    return (w + w.T) / 2


class HopfieldNetwork(BinaryMemory):
    """A Hopfield network over given weights, or storing patterns by a learning rule.

    Parameters
    ----------
    weights : array, shape ``(n, n)``
        Square, symmetric and finite. Hebbian weights have a zero diagonal; a positive diagonal
        makes units reluctant to flip.

    Attributes
    ----------
    weights : numpy.ndarray
        The weights, float64, read-only; for Hebbian storage worked out when first asked for.
    n_neurons : int
    patterns : numpy.ndarray or None
        The stored patterns (read-only), when built with :meth:`from_patterns`.

    Notes
    -----
    A unit's field is h = W s. Hebbian fields are kept as exact integers (times N), so a field
    that should be zero is exactly zero. While fewer than N/2 patterns are stored, they are
    computed from the patterns, h_i = (1/N)[Σ_μ ξ_i^μ (ξ^μ·s) - p s_i], keeping the p overlaps
    ξ^μ·s up to date: O(p) per unit, and no N × N matrix. A recall that visits many units
    (beyond the capacity, where recall wanders for many sweeps) is cheaper over the integer
    counts N W, O(1) per unit and O(N) per flip: once the sweeps of a network have cost as much
    as counting would (about N/128 sweeps at large N, more in small networks), it counts, and
    sweeps over the counts from then on.
    The decisions are the same integers either way, so the states are too.
    """

    def __init__(self, weights):
        w = _validated_weights(weights)
        w.flags.writeable = False
        self._setup(w, 1.0, None, w)

    def _setup(self, numerator, scale: float, patterns, weights) -> None:
        # The kernels work on numerator (a matrix, or None for fields from the patterns) and
        # multiply fields by scale: Hebbian numerators are integer counts.
        self._numerator = numerator
        self._scale = scale
        self.patterns = patterns
        self._weights = weights
        # few patterns: the cache is their overlaps, and the fields come from them (or from
        # counts made later); else the cache is the fields numerator @ s
        self._from_patterns = numerator is None
        self._patterns_t = (None if numerator is not None  # always a new C-ordered copy:
                            else np.array(patterns.T, order="C"))  # HEBBIAN_SIGNATURE's type
        self._model = (_kernels.HebbianModel(self._patterns_t, scale) if numerator is None
                       else _kernels.WeightsModel(numerator, scale))
        self._visits = 0  # units visited times patterns, by sweeps from the patterns

    @classmethod
    def from_patterns(cls, patterns, rule: str = "hebbian") -> HopfieldNetwork:
        """Store ``patterns`` (rows of ±1) with ``rule``: "hebbian", "storkey" or "pseudoinverse"."""
        check_choice(rule, "rule", RULES)
        xi = _patterns(patterns)
        xi.flags.writeable = False
        network = cls.__new__(cls)  # the rules build valid weights: no need to check them again
        p, n = xi.shape
        if rule == "hebbian" and 2 * p < n:
            network._setup(None, 1.0 / n, xi, None)
        elif rule == "hebbian":
            counts = _hebbian_counts(xi)
            counts.flags.writeable = False
            network._setup(counts, 1.0 / n, xi, None)
        else:
            weights = storkey(xi) if rule == "storkey" else pseudoinverse(xi)
            weights.flags.writeable = False
            network._setup(weights, 1.0, xi, weights)
        return network

    @property
    def weights(self) -> np.ndarray:
        if self._weights is None:
            counts = self._numerator if self._numerator is not None else _hebbian_counts(
                self.patterns)
            self._weights = _divided(counts, self.n_neurons)
            self._weights.flags.writeable = False
        return self._weights

    @property
    def n_neurons(self) -> int:
        return self.patterns.shape[1] if self.patterns is not None else self._numerator.shape[0]

    def __repr__(self) -> str:
        stored = "" if self.patterns is None else f", {len(self.patterns)} patterns stored"
        return f"HopfieldNetwork({self.n_neurons} neurons{stored})"

    def local_field(self, state) -> np.ndarray:
        """The local fields h = W s, float64."""
        s = self._check_states(state, "state")
        return self._fields(s, self._prepare(s))

    # --- the kernels ---------------------------------------------------------------------------

    def _prepare(self, state):
        """The overlaps ξ^μ·s (int32) when fields come from the patterns, else numerator @ s
        (int32 for counts, float64 for weights)."""
        if self._from_patterns:
            overlaps = np.empty(self._patterns_t.shape[1], np.int32)
            _kernels.hebbian_overlaps(self._patterns_t, state, overlaps)
            return overlaps
        if self._numerator.dtype == np.float64:
            return self._numerator @ state
        fields = np.empty(state.size, np.int32)
        _kernels.count_fields(self._numerator, state, fields)
        return fields

    def _unscaled_fields(self, state, cache) -> np.ndarray:
        if self._from_patterns:
            fields = np.empty(state.size)
            _kernels.hebbian_fields(self.patterns, state, fields)
            return fields
        return cache

    def _fields(self, state, cache) -> np.ndarray:
        return self._unscaled_fields(state, cache) * self._scale

    def _energy_from(self, state, cache) -> float:
        if self._from_patterns:  # s · (Σ_μ ξ^μ o_μ - p s) = Σ_μ o_μ² - pN, exact in int64
            squares = cache.astype(np.int64) @ cache
            return float(-0.5 * self._scale * float(squares - cache.size * state.size))
        if cache.dtype == np.int32:  # counts: s · (counts @ s), exact in int64
            return float(-0.5 * self._scale * float(state @ cache.astype(np.int64)))
        return float(-0.5 * self._scale * (state @ cache))

    def _sweep(self, state, cache, order, uniforms, glauber_beta, count, stream):
        if not self._from_patterns:
            return _kernels.async_sweeps(self._model, state, cache, order, uniforms,
                                         glauber_beta, count, stream)
        # fields from the patterns: every argument has the type of HEBBIAN_SIGNATURE (the int8
        # state and int32 overlaps of _check_states and _prepare, the buffers of recall), so
        # the compiled sweeps are called without typing them again
        if self._numerator is not None and count:
            return self._counted_sweeps(state, cache, order, uniforms, glauber_beta, count,
                                        stream, 0)
        budget = self._sweeps_before_counting() if count else 0
        if count == 0 or budget >= count:
            sweeps, changes = _kernels.hebbian_sweeps(self._model, state, cache, order, uniforms,
                                                      glauber_beta, count, stream)
            self._visits += (sweeps * state.size if count else order.size) * cache.size
            return sweeps, changes
        sweeps = 0
        if budget:  # sweeps from the patterns until they have cost as much as counting
            sweeps, changes = _kernels.hebbian_sweeps(self._model, state, cache, order, uniforms,
                                                      glauber_beta, budget, stream)
            self._visits += sweeps * state.size * cache.size
            if sweeps < budget or (glauber_beta == 0.0 and changes == 0):
                return sweeps, changes
        return self._counted_sweeps(state, cache, order, uniforms, glauber_beta,
                                    count - sweeps, stream, sweeps)

    def _sweeps_before_counting(self) -> int:
        """Whole sweeps from the patterns left before they cost as much as counting would: a
        sweep visits N units at O(p) each, counting N² pairs at O(p / 64) each plus a fixed cost
        (measured on an AMD EPYC, Zen 4: a pair's word of 64 patterns takes about half a unit's
        visit to one pattern at N = 8192, 0.13 against 0.25 ns, and a count's fixed cost is about
        40 000 visits: at N = 200, p = 30 counting takes 16 µs, a sweep 1.5 µs)."""
        p, n = self.patterns.shape
        cost = n * n * -(-p // 64) // 2 + 40_000
        return max(0, -(-(cost - self._visits) // (n * p)))

    def _counted_sweeps(self, state, overlaps, order, uniforms, glauber_beta, count, stream,
                        done):
        """``count`` whole sweeps over the integer counts (made now if not yet), then the
        ``overlaps`` brought up to date (unless empty); the sweeps run (plus ``done``) and the
        last changes."""
        if self._numerator is None:
            counts = _hebbian_counts(self.patterns)
            counts.flags.writeable = False
            self._numerator = counts
            self._counts_model = _kernels.WeightsModel(counts, self._scale)
        sweeps, changes = _kernels.counted_sweeps(self._counts_model, self.patterns,
                                                  self._patterns_t, state, overlaps, order,
                                                  uniforms, glauber_beta, count, stream)
        return done + sweeps, changes

    def _settle(self, state, order, uniforms, glauber_beta, count, stream):
        if self._from_patterns and self._numerator is not None:  # counting: nothing to prepare,
            return self._counted_sweeps(state, _NO_OVERLAPS, order, uniforms,  # nor to keep
                                        glauber_beta, count, stream, 0)
        return super()._settle(state, order, uniforms, glauber_beta, count, stream)

    def _unit_field(self, i, state, cache) -> float:
        if self._from_patterns:
            return self._scale * float(self._patterns_t[i] @ cache - cache.size * state[i])
        return self._scale * float(cache[i])

    def _set_unit(self, i, new, state, cache) -> None:
        state[i] = new
        if self._from_patterns:
            cache += 2 * int(new) * self._patterns_t[i]
        else:
            cache += (2 * int(new)) * self._numerator[i].astype(cache.dtype)
