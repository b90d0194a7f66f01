"""The graded-response network of Hopfield (1984) in closed form: when it falls to zero, and how
long a parallel step may be while the energy still falls."""

from __future__ import annotations

import math

import numpy as np

from .._validate import check_real
from ..hopfield import HopfieldNetwork

__all__ = ["critical_gain", "descent_step_limit"]


def _eigenvalue_range(weights) -> tuple[float, float]:
    """λ_min and λ_max of weights checked as the classical network checks them."""
    eigenvalues = np.linalg.eigvalsh(HopfieldNetwork(weights).weights)
    return float(eigenvalues[0]), float(eigenvalues[-1])


def critical_gain(weights) -> float:
    """The gain 1/λ_max(W) below which every trajectory falls to V = 0 (Hopfield 1984).

    With V = tanh(λu) and no input, the energy E(V) = -½VᵀWV + λ⁻¹ Σ φ(V_i) has the Hessian
    -W + λ⁻¹ diag(1/(1 - V_i²)) ⪰ -W + λ⁻¹ I, positive definite when λ λ_max(W) < 1: E is then
    strictly convex, its only minimum is V = 0, and every trajectory ends there. Above this gain
    V = 0 is unstable along the top eigenvector of W. Returns inf when W has no positive
    eigenvalue (V = 0 is then the only fixed point at every gain).
    """
    top = _eigenvalue_range(weights)[1]
    return math.inf if top <= 0 else 1.0 / top


def descent_step_limit(weights, gain: float, tau: float = 1.0) -> float:
    """The longest step Δt of :meth:`hopfield_edu.graded.GradedNetwork.step` that provably never
    raises the energy: inf when λ λ_min(W) ≥ -1, else -τ ln(1 - 2/(1 - λ λ_min(W))).

    The step is u' = u + a (W V + I - u) with a = 1 - exp(-Δt/τ). Since the integral term of
    the energy is convex with curvature at least 1/λ and V = tanh(λu) has slope at most λ,

        E(V') - E(V) ≤ -[(1 - a)/(aλ) + 1/(2λ) + ½ λ_min(W)] ‖V' - V‖²,

    which is ≤ 0 when a (1 - λ λ_min) ≤ 2. Near V = 0 the bound is tight: beyond it the linear
    map has an eigenvalue below -1 and the state oscillates. With a = 1 (the parallel map
    V' = tanh(λ(WV + I))) the condition is λ λ_min > -1 of Marcus & Westervelt (1989); at
    infinite gain it asks for λ_min ≥ 0, which Hebbian weights with a zero diagonal
    (λ_min = -p/N for p < N) violate: synchronous binary updates can two-cycle.
    """
    low = _eigenvalue_range(weights)[0]
    gain = check_real(gain, "gain", minimum=0.0, exclusive_minimum=True)
    tau = check_real(tau, "tau", minimum=0.0, exclusive_minimum=True)
    if gain * low >= -1.0:
        return math.inf
    return -tau * math.log1p(-2.0 / (1.0 - gain * low))
