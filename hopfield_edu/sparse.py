"""Sparse patterns: 0/1 codes with few active units, stored with the covariance rule.

Neural codes are sparse: few neurons fire at once. Coded as 0/1 with mean activity a, patterns
are stored by the covariance rule W_ij = Σ_μ (ξ_i^μ - a)(ξ_j^μ - a) / (N a (1 - a)), and a unit
switches on when its field exceeds a threshold. The sparser the code, the more patterns fit:
about 1 / (2 a |ln a|) per neuron for small a (Tsodyks & Feigelman 1988), against 0.138 for
dense ±1 patterns.
"""

from __future__ import annotations

import numpy as np

from . import _kernels
from ._validate import as_generator, check_int, check_real

__all__ = ["SparseNetwork", "covariance_rule", "sparse_patterns"]


def _activity(value, name: str = "activity") -> float:
    a = check_real(value, name)
    if not 0.0 < a < 1.0:
        raise ValueError(f"{name} must lie strictly between 0 and 1 (the fraction of active "
                         f"units), got {a}")
    return a


def _binary(patterns, name: str) -> np.ndarray:
    array = np.asarray(patterns)
    if array.ndim == 1:
        array = array[None, :]
    if array.ndim != 2 or array.size == 0:
        raise ValueError(f"{name} must have shape (n_patterns, n_neurons), got {array.shape}")
    if not np.all((array == 0) | (array == 1)):
        hint = ("; it looks like ±1 coding: convert it with (x + 1) // 2"
                if np.all((array == -1) | (array == 1)) else "")
        raise ValueError(f"{name} must hold only 0 and 1 (silent and active units){hint}")
    return array.astype(np.int8)


def sparse_patterns(n_patterns: int, n_neurons: int, activity: float, *, rng=None) -> np.ndarray:
    """Random 0/1 patterns with exactly round(activity · N) active units each (``int8``)."""
    n_patterns = check_int(n_patterns, "n_patterns", minimum=1)
    n_neurons = check_int(n_neurons, "n_neurons", minimum=2)
    a = _activity(activity)
    active = max(1, int(round(a * n_neurons)))
    generator = as_generator(rng)
    patterns = np.zeros((n_patterns, n_neurons), dtype=np.int8)
    for row in patterns:
        row[generator.permutation(n_neurons)[:active]] = 1
    return patterns


def covariance_rule(patterns, activity: float | None = None) -> np.ndarray:
    """W_ij = Σ_μ (ξ_i^μ - a)(ξ_j^μ - a) / (N a (1 - a)), zero diagonal (Tsodyks & Feigelman 1988).

    ``activity`` defaults to the mean activity of the patterns. Subtracting it removes the
    common bias that would otherwise make every pattern look like every other.
    """
    xi = _binary(patterns, "patterns")
    a = float(xi.mean()) if activity is None else _activity(activity)
    if not 0.0 < a < 1.0:
        raise ValueError(f"the patterns' mean activity must lie strictly between 0 and 1, got {a}")
    centred = xi - a
    weights = centred.T @ centred / (xi.shape[1] * a * (1.0 - a))
    np.fill_diagonal(weights, 0.0)
    return weights


class SparseNetwork:
    """A memory for sparse 0/1 patterns: covariance weights and a firing threshold.

    Parameters
    ----------
    patterns : array of 0/1, shape ``(n_patterns, n_neurons)``
    activity : float, optional
        The coding level a; the patterns' mean activity by default.
    threshold : float, optional
        A unit fires when its field exceeds it. The default (1 - 2a) / 2 lies halfway between
        the fields of an active and a silent unit of a stored pattern, (1 - a) and -a.
    """

    def __init__(self, patterns, *, activity: float | None = None,
                 threshold: float | None = None):
        self.patterns = _binary(patterns, "patterns")
        self.activity = float(self.patterns.mean()) if activity is None else _activity(activity)
        self.weights = covariance_rule(self.patterns, self.activity)
        self.threshold = ((1.0 - 2.0 * self.activity) / 2.0 if threshold is None
                          else check_real(threshold, "threshold"))

    @property
    def n_neurons(self) -> int:
        return self.weights.shape[0]

    def recall(self, cue, *, max_sweeps: int = 100, rng=None) -> np.ndarray:
        """Asynchronous recall from a 0/1 cue, in a new random order each sweep, to a fixed
        point (or ``max_sweeps``). Returns the final 0/1 state."""
        state = _binary(cue, "cue")[0].copy()
        if state.size != self.n_neurons:
            raise ValueError(f"cue must have {self.n_neurons} units, got {state.size}")
        max_sweeps = check_int(max_sweeps, "max_sweeps", minimum=1)
        generator = as_generator(rng)
        fields = self.weights @ state
        for _ in range(max_sweeps):
            if _kernels.threshold_sweep(self.weights, state, fields,
                                        generator.permutation(state.size), self.threshold) == 0:
                break
        return state

    def stable_fraction(self) -> float:
        """The fraction of stored patterns that are exact fixed points."""
        fields = self.patterns @ self.weights
        on = self.patterns == 1
        stable = np.where(on, fields >= self.threshold, fields <= self.threshold)
        return float(np.mean(np.all(stable, axis=1)))
