"""Kernels of the replica-symmetric theory: Gaussian averages of tanh, and the states they fix.

Every average is over u = a + b z, z a standard Gaussian, b ≥ 0, of tanh u, sech² u and
ln 2cosh u, integrated over |z| ≤ 10 by Gauss-Legendre panels (the ``nodes`` and ``weights`` of
one panel on [-1, 1]). Where tanh changes on a scale of z below 1 (b > 1), the unit around its
step at z = -a/b is mapped by z = -a/b + sinh(t)/b, which spreads the step over t, so that the
rule resolves it however sharp it is; elsewhere the integrand is smooth on the scale of the unit
panels. Gauss-Hermite nodes, fixed in z, cannot resolve the step as T → 0.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

_REACH = 10.0  # the Gaussian weight beyond |z| = 10 is below 1e-22


@njit(cache=True)
def _add(a, b, z, weight, sums):
    """Add the point z with the quadrature weight ``weight`` (times the Gaussian) to ``sums``."""
    w = weight * math.exp(-0.5 * z * z)
    u = a + b * z
    small = math.exp(-2.0 * abs(u))  # tanh, sech² and ln 2cosh without overflow
    sums[0] += w
    sums[1] += w * np.sign(u) * (1.0 - small) / (1.0 + small)
    sums[2] += w * 4.0 * small / (1.0 + small) ** 2
    sums[3] += w * (abs(u) + math.log1p(small))


@njit(cache=True)
def _panels(a, b, low, high, nodes, weights, sums):
    """Gauss-Legendre panels of width at most 1 over [low, high] in z."""
    if high <= low:
        return
    count = int(math.ceil(high - low))
    width = (high - low) / count
    for p in range(count):
        middle = low + (p + 0.5) * width
        for j in range(nodes.size):
            _add(a, b, middle + 0.5 * width * nodes[j], 0.5 * width * weights[j], sums)


@njit(cache=True)
def _step(a, b, low, high, nodes, weights, sums):
    """[low, high] around the step at c = -a/b, in t with z = c + sinh(t)/b: panels of width at
    most 1.5 in t, on which the mapped integrand is smooth."""
    centre = -a / b
    t_low, t_high = math.asinh((low - centre) * b), math.asinh((high - centre) * b)
    count = int(math.ceil((t_high - t_low) / 1.5))
    width = (t_high - t_low) / count
    for p in range(count):
        middle = t_low + (p + 0.5) * width
        for j in range(nodes.size):
            t = middle + 0.5 * width * nodes[j]
            _add(a, b, centre + math.sinh(t) / b, 0.5 * width * weights[j] * math.cosh(t) / b,
                 sums)


@njit(cache=True)
def _average(a, b, nodes, weights):
    """⟨tanh u⟩, ⟨sech² u⟩ and ⟨ln 2cosh u⟩ for one (a, b)."""
    sums = np.zeros(4)
    if b <= 1.0 or abs(a) >= b * (_REACH + 1.0):  # no step within a unit of the reach
        _panels(a, b, -_REACH, _REACH, nodes, weights, sums)
    else:
        centre = -a / b
        low, high = max(centre - 1.0, -_REACH), min(centre + 1.0, _REACH)
        _panels(a, b, -_REACH, low, nodes, weights, sums)
        _step(a, b, low, high, nodes, weights, sums)
        _panels(a, b, high, _REACH, nodes, weights, sums)
    return sums[1] / sums[0], sums[2] / sums[0], sums[3] / sums[0]


@njit(cache=True)
def _condensed_overlap(beta, sigma, nodes, weights):
    """The positive root m of m = ⟨tanh β(m + σz)⟩, or 0 where there is none.

    m - ⟨tanh β(m + σz)⟩ is convex for m > 0, so Newton's method from m = 1 falls to the root
    without overshooting it; it stops when a step moves m by less than 1e-13.
    """
    m = 1.0
    for _ in range(200):
        mean, sech2, _ = _average(beta * m, beta * sigma, nodes, weights)
        slope = min(beta * sech2 - 1.0, -1e-300)
        new = min(max(m - (mean - m) / slope, 0.0), 1.0)
        if abs(new - m) < 1e-13:
            return new
        m = new
    return m


@njit(cache=True)
def replica_branch(beta, sigma, retrieval, nodes, weights, out):
    """A branch of the replica-symmetric equations at inverse temperature beta[k] and noise
    σ = sigma[k] = √(αr): write m, q, 1 - β(1 - q), the load α = σ²(1 - β(1 - q))² / q and
    ⟨ln 2cosh β(m + σz)⟩ into out[k, 0:5].

    m is the positive root of m = ⟨tanh β(m + σz)⟩ when ``retrieval``, else 0; 1 - β(1 - q) is
    computed from 1 - q = ⟨sech²⟩ directly, and the paramagnet (m = σ = 0) has q = 0 exactly.
    """
    for k in range(beta.size):
        b, s = beta[k], sigma[k]
        m = _condensed_overlap(b, s, nodes, weights) if retrieval else 0.0
        _, sech2, log_cosh = _average(b * m, b * s, nodes, weights)
        q = 0.0 if (m == 0.0 and s == 0.0) else 1.0 - sech2
        reaction = 1.0 - b * sech2
        out[k, 0], out[k, 1], out[k, 2] = m, q, reaction
        out[k, 3] = s * s * reaction * reaction / q if q > 0.0 else 0.0
        out[k, 4] = log_cosh
