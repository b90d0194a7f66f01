"""Sparse patterns: 0/1 codes with few active units, stored with the covariance rule.

Neural codes are sparse: few neurons fire at once. Coded as 0/1 with mean activity a, patterns
are stored by the covariance rule W_ij = Σ_μ (ξ_i^μ - a)(ξ_j^μ - a) / (N a (1 - a)), and a unit
switches on when its field exceeds a threshold θ: the energy is E = -½ VᵀWV + θ Σ_i V_i. The
sparser the code, the more patterns fit: about 1 / (2 a |ln a|) per neuron for small a
(Tsodyks & Feigelman 1988; :func:`hopfield_edu.theory.sparse_capacity`), against 0.138 for
dense ±1 patterns.
"""

from __future__ import annotations

import numpy as np

from . import _kernels
from ._validate import as_generator, check_binary, check_int, check_real, check_states
from .memory import BinaryMemory

__all__ = ["SparseNetwork", "covariance_rule", "sparse_patterns", "willshaw_rule",
           "willshaw_stable_fraction"]


def _activity(value, name: str = "activity") -> float:
    a = check_real(value, name)
    if not 0.0 < a < 1.0:
        raise ValueError(f"{name} must lie strictly between 0 and 1 (the fraction of active "
                         f"units), got {a}")
    return a


def sparse_patterns(n_patterns: int, n_neurons: int, activity: float, *, rng=None) -> np.ndarray:
    """Random 0/1 patterns with exactly round(activity · N) active units each (``int8``)."""
    n_patterns = check_int(n_patterns, "n_patterns", minimum=1)
    n_neurons = check_int(n_neurons, "n_neurons", minimum=2)
    a = _activity(activity)
    active = int(round(a * n_neurons))
    if not 0 < active < n_neurons:
        raise ValueError(f"activity must give each pattern at least one active and one silent "
                         f"unit; got {a} of {n_neurons} units, round({a * n_neurons:g}) = "
                         f"{active} active")
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
    xi = check_binary(patterns, "patterns").reshape(-1, np.shape(patterns)[-1])
    a = float(xi.mean()) if activity is None else _activity(activity)
    if not 0.0 < a < 1.0:
        raise ValueError(f"the patterns' mean activity must lie strictly between 0 and 1, got {a}")
    centred = xi - a
    weights = centred.T @ centred / (xi.shape[1] * a * (1.0 - a))
    np.fill_diagonal(weights, 0.0)
    return weights


def willshaw_rule(patterns) -> np.ndarray:
    """Binary synapses (Willshaw, Buneman & Longuet-Higgins 1969): W_ij = 1 when units i and j
    are active together in some stored 0/1 pattern, else 0; W_ii = 1 for a unit ever active.

    The clipped Hebbian rule: a synapse holds one bit, whether it was ever used. Returns the
    ``(N, N)`` weights as ``int8``.
    """
    xi = check_binary(patterns, "patterns", ndim=(1, 2)).reshape(-1, np.shape(patterns)[-1])
    x = xi.astype(np.float32)  # co-activation counts below 2**24: exact
    return (x.T @ x > 0).astype(np.int8)


def willshaw_stable_fraction(patterns) -> float:
    """The fraction of stored 0/1 patterns that one step of the Willshaw net keeps exactly.

    Stores ``patterns`` with :func:`willshaw_rule`; from a stored pattern with k active units
    a unit fires when its synapses from all k are set (its field, counting itself, is k).
    The active units always are; the pattern fails when a silent unit is too (a "ghost"),
    which grows likely as the synapses fill up.
    """
    xi = check_binary(patterns, "patterns", ndim=2)
    fields = xi.astype(np.float32) @ willshaw_rule(xi).astype(np.float32)  # symmetric weights
    active = xi.sum(axis=1, keepdims=True)
    return float(np.mean(np.all((fields >= active) == (xi == 1), axis=1)))


class SparseNetwork(BinaryMemory):
    """A memory for sparse 0/1 patterns: covariance weights and a firing threshold.

    Its units are 0 (silent) and 1 (active); :meth:`recall`, :meth:`dynamics` and
    :meth:`energy` work as for every binary memory, with 0/1 cues.

    Parameters
    ----------
    patterns : array of 0/1, shape ``(n_patterns, n_neurons)``
    activity : float, optional
        The coding level a; the patterns' mean activity by default.
    threshold : float, optional
        A unit fires when its field exceeds it. The default (1 - 2a) / 2 lies halfway between
        the fields of an active and a silent unit of a stored pattern, (1 - a) and -a.

    Attributes
    ----------
    patterns, weights : numpy.ndarray
        Read-only.
    activity, threshold : float
    """

    values = (0, 1)

    def __init__(self, patterns, *, activity: float | None = None,
                 threshold: float | None = None):
        self.patterns = check_binary(patterns, "patterns", ndim=2)
        self.weights = covariance_rule(self.patterns, activity)  # checks the activity
        self.activity = float(self.patterns.mean()) if activity is None else float(activity)
        self.threshold = ((1.0 - 2.0 * self.activity) / 2.0 if threshold is None
                          else check_real(threshold, "threshold"))
        self.patterns.flags.writeable = False
        self.weights.flags.writeable = False
        self._model = _kernels.ThresholdModel(self.weights, self.threshold)

    @property
    def n_neurons(self) -> int:
        return self.weights.shape[0]

    def __repr__(self) -> str:
        return (f"SparseNetwork({self.n_neurons} neurons, {len(self.patterns)} patterns, "
                f"activity {self.activity:g})")

    def stable_fraction(self) -> float:
        """The fraction of stored patterns that are exact fixed points."""
        fields = self.patterns @ self.weights
        on = self.patterns == 1
        stable = np.where(on, fields >= self.threshold, fields <= self.threshold)
        return float(np.mean(np.all(stable, axis=1)))

    # --- the kernels ---------------------------------------------------------------------------

    def _check_states(self, value, name, ndim=1) -> np.ndarray:
        return check_states(value, name, self.n_neurons, ndim=ndim, binary=True)

    def _prepare(self, state) -> np.ndarray:
        return self.weights @ state

    def _energy_from(self, state, fields) -> float:
        return float(-0.5 * (state @ fields) + self.threshold * state.sum())

    def _sweep(self, state, fields, order, uniforms, glauber_beta, count, stream):
        return _kernels.async_sweeps(self._model, state, fields, order, uniforms, glauber_beta,
                                     count, stream)

    def _fields(self, state, fields) -> np.ndarray:
        return fields - self.threshold

    def _set_unit(self, i, new, state, fields) -> None:
        fields += (int(new) - int(state[i])) * self.weights[i]
        state[i] = new
