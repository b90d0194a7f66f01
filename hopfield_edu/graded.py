"""Hopfield's (1984) network of graded-response neurons, in continuous time.

Each neuron has an internal potential u_i (the voltage of a leaky membrane, time constant τ)
and a graded output V_i = tanh(λ u_i), a sigmoid of gain λ:

    τ du/dt = -u + W V + I.

With symmetric W the energy

    E = -½ VᵀWV - IᵀV + Σ_i ∫₀^{V_i} g⁻¹(x) dx,    g⁻¹(x) = artanh(x) / λ,

never increases: dE/dt = -τ Σ_i g'(u_i) (du_i/dt)² ≤ 0 (Hopfield 1984). The integral
term, (1/λ)[V artanh V + ½ ln(1 - V²)], is -T times the entropy of a ±1 spin of mean V plus
T ln 2 with T = 1/λ, so E is the mean-field free energy of chapter 2 and its fixed points
V = tanh(λ(WV + I)) are the mean-field equations at inverse temperature λ. As λ → ∞ the
integral term vanishes and the stable states go to the corners of the cube that are fixed
points of the binary network; below λ = 1/λ_max(W) (without input) E is convex and every
trajectory falls to V = 0 (:func:`hopfield_edu.theory.critical_gain`).

The integrator is the exponential Euler step (first order): over a step Δt the field
W V + I is held fixed and the leak solved exactly,

    u ← u + a (W V + I - u),   a = 1 - exp(-Δt/τ),

so u moves part of the way towards the field and never beyond it, however long the step. It
provably never raises E while a (1 - λ λ_min(W)) ≤ 2
(:func:`hopfield_edu.theory.descent_step_limit`); at a = 1 it is the parallel update
V ← tanh(λ(WV + I)), which, like the synchronous binary update, can two-cycle.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from ._integrate import relaxation_fraction, steps_for
from ._validate import check_array, check_bool, check_real
from .hopfield import HopfieldNetwork, hebbian
from .lagrangian import lagrangian
from .theory.graded import critical_gain, descent_step_limit

__all__ = ["GradedNetwork", "GradedRun"]


@dataclass(frozen=True)
class GradedRun:
    """The result of :meth:`GradedNetwork.run`.

    Attributes
    ----------
    times : numpy.ndarray
        0, Δt, 2Δt, ...: the times of the rows below.
    energies : numpy.ndarray
        The energy at each time, ``(steps + 1,)``, or ``(steps + 1, batch)``.
    u : numpy.ndarray
        The final internal potentials.
    state : numpy.ndarray
        The final outputs V = tanh(λu).
    outputs : numpy.ndarray or None
        The outputs at each time (``record=True``), ``(steps + 1, n)`` or
        ``(steps + 1, batch, n)``.
    """

    times: np.ndarray
    energies: np.ndarray
    u: np.ndarray
    state: np.ndarray
    outputs: np.ndarray | None = None


class GradedNetwork:
    """Hopfield's (1984) graded-response network, τ du/dt = -u + W tanh(λu) + I.

    Parameters
    ----------
    weights : array, shape ``(n, n)``
        Symmetric and finite.
    gain : float, optional
        λ > 0, the slope of V = tanh(λu) at u = 0: an inverse temperature (see the module).
    tau : float, optional
        τ > 0, the time constant of the membrane.
    inputs : array, shape ``(n,)``, optional
        The external input currents I (default 0).

    Attributes
    ----------
    weights, inputs : numpy.ndarray, read-only
    gain, tau : float
    """

    def __init__(self, weights, *, gain: float = 1.0, tau: float = 1.0, inputs=None):
        self.weights = HopfieldNetwork(weights).weights
        n = self.weights.shape[0]
        self.gain = check_real(gain, "gain", minimum=0.0, exclusive_minimum=True)
        self.tau = check_real(tau, "tau", minimum=0.0, exclusive_minimum=True)
        if inputs is None:
            self.inputs = np.zeros(n)
        else:
            self.inputs = check_array(inputs, "inputs", ndim=1, shape=f"({n},)")
            if self.inputs.size != n:
                raise ValueError(f"inputs must have shape ({n},), one per neuron; got "
                                 f"{self.inputs.shape}")
        self.inputs.flags.writeable = False
        self._integral = lagrangian("log-cosh", gain=self.gain)

    @classmethod
    def from_patterns(cls, patterns, **options) -> GradedNetwork:
        """A graded network over the Hebbian weights of ``patterns`` (rows of ±1)."""
        return cls(hebbian(patterns), **options)

    @property
    def n_neurons(self) -> int:
        return self.weights.shape[0]

    def __repr__(self) -> str:
        return f"GradedNetwork({self.n_neurons} neurons, gain={self.gain:g}, tau={self.tau:g})"

    @cached_property
    def critical_gain(self) -> float:
        """1/λ_max(W): below this gain (and without input) every state falls to V = 0."""
        return critical_gain(self.weights)

    @cached_property
    def max_step(self) -> float:
        """The longest step Δt that provably never raises the energy (inf: any step)."""
        return descent_step_limit(self.weights, self.gain, self.tau)

    def _potentials(self, u, name: str = "u") -> np.ndarray:
        n = self.n_neurons
        u = check_array(u, name, ndim=(1, 2), shape=f"({n},) or (batch, {n})")
        if u.shape[-1] != n:
            raise ValueError(f"{name} must have {n} entries, one per neuron; got shape "
                             f"{u.shape}")
        return u

    def output(self, u) -> np.ndarray:
        """V = tanh(λu)."""
        return np.tanh(self.gain * self._potentials(u))

    def _energy(self, u: np.ndarray, v: np.ndarray, field: np.ndarray) -> np.ndarray:
        """E from the potentials u, their outputs v = tanh(λu) and the field W v."""
        return self._integral._legendre(u) - np.sum(v * (0.5 * field + self.inputs), axis=-1)

    def energy(self, u):
        """E = -½VᵀWV - IᵀV + Σ ∫₀^V g⁻¹, from the potentials u (exact where V rounds to ±1)."""
        u = self._potentials(u)
        v = np.tanh(self.gain * u)
        e = self._energy(u, v, v @ self.weights)
        return float(e) if np.ndim(e) == 0 else e

    def step(self, u, dt: float) -> np.ndarray:
        """One exponential Euler step of length ``dt`` from the potentials ``u``."""
        u = self._potentials(u)
        dt = check_real(dt, "dt", minimum=0.0, exclusive_minimum=True)
        a = relaxation_fraction(dt, self.tau)
        return u + a * (np.tanh(self.gain * u) @ self.weights + self.inputs - u)

    def run(self, u0, *, duration: float = 10.0, dt: float = 0.1,
            record: bool = True) -> GradedRun:
        """Integrate from the potentials ``u0`` (one state or a batch as rows) for ``duration``.

        ``dt`` is the step (the run takes duration / dt steps, rounded up); ``record`` keeps the
        outputs at every step, besides the energies, which are always kept.
        """
        u = self._potentials(u0, "u0")
        dt, steps = steps_for(duration, dt)
        record = check_bool(record, "record")
        a = relaxation_fraction(dt, self.tau)
        v = np.tanh(self.gain * u)
        field = v @ self.weights  # used for the energy now and for the step after
        energies = [self._energy(u, v, field)]
        outputs = [v] if record else None
        for _ in range(steps):
            u = u + a * (field + self.inputs - u)
            v = np.tanh(self.gain * u)
            field = v @ self.weights
            energies.append(self._energy(u, v, field))
            if record:
                outputs.append(v)
        return GradedRun(times=dt * np.arange(steps + 1), energies=np.array(energies), u=u,
                         state=v, outputs=np.array(outputs) if record else None)
