"""Symmetric mixture states at temperature T, for a finite number of patterns (α → 0).

With finitely many patterns stored in N → ∞ neurons, mean-field theory is exact (Amit,
Gutfreund & Sompolinsky 1985, *Phys. Rev. A* 32, 1007): the free energy per neuron is

    f(m) = ½ Σ_μ m_μ² - T ⟨ln 2cosh β(m · ξ)⟩,

the average over the bits ξ_μ = ±1 of one unit, and its stationary points solve
m_μ = ⟨ξ_μ tanh β(m · ξ)⟩ (β = 1/T, the inverse temperature). A symmetric mixture of n patterns
has m_1 = ... = m_n = m; it branches off m = 0 at T = 1 like the pure state, but is a minimum of f
only where every eigenvalue of the Hessian

    A_μν = δ_μν - β ⟨ξ_μ ξ_ν sech² β(m · ξ)⟩

is positive. For odd n the eigenvalues are 1 - β(1 - q) along a pattern outside the mixture,
1 - β(1 - q) + (n - 1)βQ along the mixture itself and 1 - β(1 - q) - βQ (n - 1 times) across
it, with q = ⟨tanh²⟩ and Q = ⟨ξ_1 ξ_2 tanh²⟩; the last is the first to vanish. For n = 3 that
happens at T = 0.460 (≈ 0.46 in AGS 1985): above it, the mixture is a saddle, and noise
carries the network from it to one of its three patterns.
"""

from __future__ import annotations

from math import comb

import numpy as np

from .._validate import check_int, check_positive, scalar_or_array

__all__ = ["mixture_overlap", "mixture_stability_temperature"]


def _size(size) -> int:
    n = check_int(size, "size", minimum=1)
    if n % 2 == 0:
        raise ValueError(f"size must be odd: an even mixture has units where the patterns "
                         f"cancel, and is never a minimum (AGS 1985); got {n}")
    return n


def _sums(n: int):
    """The values of ξ_1 + ... + ξ_n and their probabilities."""
    k = np.arange(n + 1)
    return (n - 2 * k).astype(float), np.array([comb(n, j) for j in k]) / 2.0**n


def _overlap(beta: np.ndarray, n: int) -> np.ndarray:
    """The positive root of m = (1/n) ⟨z tanh βmz⟩, z = ξ_1 + ... + ξ_n; 0 at T ≥ 1.

    (1/n) ⟨z tanh βmz⟩ - m is concave in m > 0 with slope β - 1 at 0: Newton's method from
    m = 1 falls to the root."""
    z, weight = _sums(n)
    m = np.ones_like(beta)
    for _ in range(200):
        t = np.tanh(beta[..., None] * m[..., None] * z)
        gap = (weight * z * t).sum(-1) / n - m
        slope = beta * (weight * z * z * (1.0 - t * t)).sum(-1) / n - 1.0
        new = np.clip(m - gap / np.minimum(slope, -1e-300), 0.0, 1.0)
        if np.all(np.abs(new - m) < 1e-14):
            return np.where(beta > 1, new, 0.0)
        m = new
    return np.where(beta > 1, m, 0.0)


def mixture_overlap(temperature, *, size: int = 3):
    """The overlap m of the symmetric mixture of ``size`` patterns with each of them, α → 0.

    At T → 0 the mixture is sgn(ξ¹ + ξ² + ξ³) with m = ½ for size 3; it shrinks to 0 at T = 1.
    ``size=1`` gives the pure state, m = tanh(m/T). Whether the mixture is stable:
    :func:`mixture_stability_temperature`.
    """
    T = check_positive(temperature, "temperature")
    return scalar_or_array(_overlap(1.0 / T, _size(size)))


def _smallest_eigenvalue(T: float, n: int) -> float:
    beta = np.array(1.0 / T)
    m = float(_overlap(beta, n))
    z, weight = _sums(n)
    t2 = np.tanh(beta * m * z) ** 2
    diagonal = 1.0 - beta * (1.0 - (weight * t2).sum())
    if n == 1:
        return float(diagonal)
    Q = (weight * (z * z - n) / (n * (n - 1)) * t2).sum()
    return float(min(diagonal, diagonal + (n - 1) * beta * Q, diagonal - beta * Q))


def mixture_stability_temperature(size: int = 3) -> float:
    """The temperature below which the symmetric mixture of ``size`` patterns is a minimum of f.

    0.460 for three patterns (≈ 0.46, Amit, Gutfreund & Sompolinsky 1985); lower for larger
    mixtures; 1 for a single pattern. Found by bisection on the smallest Hessian eigenvalue,
    which is positive at low T and negative just below T = 1.
    """
    n = _size(size)
    if n == 1:
        return 1.0
    low, high = 1e-3, 1.0 - 1e-9
    for _ in range(60):
        middle = 0.5 * (low + high)
        if _smallest_eigenvalue(middle, n) > 0:
            low = middle
        else:
            high = middle
    return 0.5 * (low + high)
