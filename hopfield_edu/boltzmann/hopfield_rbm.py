"""The Hopfield network and the exponential dense memory as RBMs with hidden memory units.

Barra, Bernacchia, Santucci and Contucci (2012) noticed that a Hopfield network is what an RBM
becomes when its hidden units are Gaussian and are integrated out. Give N ±1 visible units s and
p real hidden units z_μ, one per stored pattern ξ^μ, the energy

    E(s, z) = ½ Σ_μ z_μ² - √(β/N) Σ_μ z_μ (ξ^μ·s).

Each z_μ appears in a Gaussian integral, ∫ dz exp(-z²/2 + c z) = √(2π) exp(c²/2), so

    Σ_z exp(-E(s, z)) → (2π)^(p/2) exp((β/2N) Σ_μ (ξ^μ·s)²) ∝ exp(-β E_Hopfield(s)),

with Hebb's weights W = (1/N) Σ_μ ξ^μ ξ^μᵀ (their diagonal adds only the constant βp/2). The
marginal of s is the Hopfield network at temperature T = 1/β. Replace the p Gaussian units by
one hidden unit that takes one of p states ("which memory"), E(s, μ) = -β ξ^μ·s, and the sum
over μ gives Σ_μ exp(β ξ^μ·s) = exp(-β E_dense(s)) with E_dense = -(1/β) ln Σ_μ exp(β ξ^μ·s):
the exponential dense memory (Demircigil et al. 2017) in the log-sum-exp form of
:class:`hopfield_edu.dense.DenseAssociativeMemory`, at T = 1/β. Its hidden unit picks a memory
with probability softmax(β Ξ s), the update of the modern network and of attention.
"""

from __future__ import annotations

import numpy as np

from .._validate import as_generator, check_array, check_choice, check_int, check_real, check_spins
from ..dense import DenseAssociativeMemory
from ..hopfield import HopfieldNetwork

__all__ = ["HIDDEN_UNITS", "HopfieldRBM", "hopfield_as_rbm"]

#: The kinds of hidden units: p Gaussian ones (the Hopfield network), or one with p states
#: (the exponential dense memory).
HIDDEN_UNITS = ("gaussian", "softmax")


class HopfieldRBM:
    """An RBM over ±1 visible units whose marginal is a Hopfield network or a dense memory.

    Parameters
    ----------
    patterns : array of ±1, shape ``(p, N)``
        The stored patterns ξ^μ, one hidden unit (or hidden state) each.
    beta : float, optional
        β = 1/T > 0, the inverse temperature of the marginal.
    hidden : {"gaussian", "softmax"}, optional
        "gaussian": p real hidden units, E(s, z) = ½ zᵀz - sᵀWz with W = √(β/N) Ξᵀ; the
        marginal is the Hopfield network with Hebb's weights at T = 1/β. "softmax": one hidden
        unit in one of p states, a one-hot h, E(s, h) = -sᵀWh with W = β Ξᵀ; the marginal is the
        exponential dense memory at T = 1/β.

    Attributes
    ----------
    patterns : numpy.ndarray
        ``int8``, read-only.
    weights : numpy.ndarray
        W, shape ``(N, p)``.
    beta, hidden, n_visible, n_hidden
    """

    def __init__(self, patterns, *, beta: float = 1.0, hidden: str = "gaussian"):
        self.patterns = check_spins(patterns, "patterns", ndim=2)
        self.patterns.flags.writeable = False
        self.beta = check_real(beta, "beta", minimum=0.0, exclusive_minimum=True)
        self.hidden = check_choice(hidden, "hidden", HIDDEN_UNITS)
        self.n_hidden, self.n_visible = self.patterns.shape
        scale = np.sqrt(self.beta / self.n_visible) if hidden == "gaussian" else self.beta
        self.weights = scale * self.patterns.T.astype(np.float64)
        self.weights.flags.writeable = False

    def __repr__(self) -> str:
        return (f"HopfieldRBM({self.n_visible} visible units, {self.n_hidden} patterns, "
                f"{self.hidden} hidden, beta={self.beta:g})")

    @property
    def temperature(self) -> float:
        """T = 1/β, the temperature at which :meth:`memory` has this marginal."""
        return 1.0 / self.beta

    def memory(self):
        """The memory whose Boltzmann distribution at T = 1/β is this RBM's visible marginal:
        a :class:`HopfieldNetwork` with Hebb's weights, or a :class:`DenseAssociativeMemory`
        with the exponential interaction and this β."""
        if self.hidden == "gaussian":
            return HopfieldNetwork.from_patterns(self.patterns)
        return DenseAssociativeMemory(self.patterns, interaction="exponential", beta=self.beta)

    def _visible(self, value, name: str, ndim=(1, 2)) -> np.ndarray:
        s = check_spins(value, name, ndim=ndim)
        if s.shape[-1] != self.n_visible:
            raise ValueError(f"{name} must have {self.n_visible} units, got {s.shape[-1]}")
        return s.astype(np.float64)

    def _hidden(self, value, shape) -> np.ndarray:
        z = check_array(value, "hidden", ndim=(1, 2), shape=f"(..., {self.n_hidden})")
        if z.shape[-1] != self.n_hidden or z.shape[:-1] != shape[:-1]:
            raise ValueError(f"hidden must have shape {shape[:-1] + (self.n_hidden,)}, one "
                             f"row per visible state, got {z.shape}")
        if self.hidden == "softmax" and not (np.all((z == 0) | (z == 1))
                                             and np.all(z.sum(axis=-1) == 1)):
            raise ValueError("hidden must be one-hot for a softmax hidden unit: a single 1 (the "
                             "memory it picks) and 0 elsewhere")
        return z

    def energy(self, visible, hidden):
        """E(s, h): ½ hᵀh - sᵀWh (Gaussian) or -sᵀWh with h one-hot (softmax)."""
        s = self._visible(visible, "visible")
        h = self._hidden(hidden, s.shape)
        energy = -np.sum((s @ self.weights) * h, axis=-1)
        if self.hidden == "gaussian":
            energy = energy + 0.5 * np.sum(h * h, axis=-1)
        return float(energy) if np.ndim(energy) == 0 else energy

    def free_energy(self, visible):
        """F(s) = -ln of the sum (softmax) or integral (Gaussian) of exp(-E(s, h)) over h.

        Gaussian: -(β/2N) Σ_μ (ξ^μ·s)² - (p/2) ln 2π. Softmax: -ln Σ_μ exp(β ξ^μ·s).
        """
        s = self._visible(visible, "visible")
        fields = s @ self.weights
        if self.hidden == "gaussian":
            energy = -0.5 * np.sum(fields**2, axis=-1) - 0.5 * self.n_hidden * np.log(2 * np.pi)
        else:
            top = fields.max(axis=-1)
            energy = -(top + np.log(np.sum(np.exp(fields - top[..., None]), axis=-1)))
        return float(energy) if np.ndim(energy) == 0 else energy

    def sample_hidden(self, visible, *, rng=None) -> np.ndarray:
        """h ~ P(h | s): z ~ N(Wᵀs, 1) (Gaussian), or a one-hot draw from softmax(Wᵀs)."""
        s = self._visible(visible, "visible")
        return self._draw_hidden(s, as_generator(rng))

    def sample_visible(self, hidden, *, rng=None) -> np.ndarray:
        """s ~ P(s | h): each s_i = +1 with probability σ(2 (Wh)_i), as ``int8`` ±1."""
        h = self._hidden(hidden, np.shape(hidden))
        return self._draw_visible(h, as_generator(rng)).astype(np.int8)

    def _draw_hidden(self, s: np.ndarray, generator: np.random.Generator) -> np.ndarray:
        fields = s @ self.weights
        if self.hidden == "gaussian":
            return fields + generator.standard_normal(fields.shape)
        scores = np.exp(fields - fields.max(axis=-1, keepdims=True))
        cumulative = np.cumsum(scores, axis=-1)
        u = generator.random(fields.shape[:-1] + (1,)) * cumulative[..., -1:]
        chosen = np.minimum(np.sum(cumulative < u, axis=-1), self.n_hidden - 1)
        return np.eye(self.n_hidden)[chosen]

    def _draw_visible(self, h: np.ndarray, generator: np.random.Generator) -> np.ndarray:
        up = 1.0 / (1.0 + np.exp(-2.0 * (h @ self.weights.T)))
        return np.where(generator.random(up.shape) < up, 1.0, -1.0)

    def sample(self, start, *, steps: int = 1, rng=None) -> np.ndarray:
        """Block Gibbs sampling from ``start`` (±1, one state or rows): ``steps`` times, draw
        the hidden units given s, then s given them. Returns ``int8`` ±1 of the same shape."""
        s = self._visible(start, "start")
        steps = check_int(steps, "steps", minimum=0)
        generator = as_generator(rng)
        for _ in range(steps):
            s = self._draw_visible(self._draw_hidden(s, generator), generator)
        return s.astype(np.int8)


def hopfield_as_rbm(patterns, *, beta: float = 1.0, hidden: str = "gaussian") -> HopfieldRBM:
    """The RBM whose visible marginal is the Hopfield network storing ``patterns`` at T = 1/β
    (Gaussian hidden units; Barra, Bernacchia, Santucci & Contucci 2012), or, with
    ``hidden="softmax"``, the exponential dense memory. See :class:`HopfieldRBM`."""
    return HopfieldRBM(patterns, beta=beta, hidden=hidden)
