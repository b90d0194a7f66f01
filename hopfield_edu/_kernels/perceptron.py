"""Kernels of perceptron learning: every unit of a network learns its own couplings.

Unit i sees the p patterns through its couplings J_i (no self-coupling, J_ii = 0) and must
give each the sign of its own bit ξ_i^μ. Every rule here changes J_i only by multiples of the
patterns, J_i = (1/N) Σ_μ x_μ ξ_i^μ ξ^μ (unit i left out), so the kernels keep only the
embedding strengths x_μ and the aligned fields a_μ = N ξ_i^μ h_i^μ = Σ_ν x_ν y_ν y_μ
(C_νμ - y_ν y_μ), where y_μ = ξ_i^μ and C = Ξ Ξᵀ is the patterns' matrix of overlaps (times N),
computed once outside (BLAS). Checking a pattern then costs O(1) and an update O(p), not O(N)
each: most checks find a stable pattern. |N J_i|² is kept as well, to measure the stability
Δ_μ = a_μ / |N J_i| (Gardner 1988). The couplings themselves are built from x afterwards.

Each kernel runs one epoch for the units given, updates their rows of ``x``, ``a`` and
``norm2`` in place, and writes into ``updates`` how many times each unit's couplings changed.
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(inline="always")
def _add_pattern(step, nu, y, overlaps_row, aligned, norm2, n):
    """Add ``step`` times pattern ν, aligned to unit i's bit, to unit i's couplings: update
    the aligned fields in place and return the new |N J_i|²."""
    norm2 += 2.0 * step * aligned[nu] + step * step * (n - 1)
    y_nu = y[nu]
    for rho in range(aligned.size):
        aligned[rho] += step * (y_nu * y[rho] * overlaps_row[rho] - 1)
    return norm2


@njit(cache=True)
def perceptron_epoch(overlaps, labels_t, units, order, kappa, least_stable, embedding, aligned,
                     norm2, updates):
    """One epoch of the perceptron with margin κ (Gardner 1988), or of minover (Krauth & Mézard
    1987) when ``least_stable``, for each unit in ``units``.

    The perceptron takes the patterns in ``order`` (a permutation of the p patterns); minover
    takes, at each of p steps, the least stable pattern (the smallest a_μ, the first on a tie)
    and stops when even that one is above κ, so a unit that is done has fewer than p updates. A
    pattern whose stability is not above κ, a_μ ≤ κ |N J_i|, is added to the unit's couplings:
    J_i += (1/N) ξ_i^μ ξ^μ. Integer arithmetic (``embedding`` and ``aligned`` are int64,
    ``norm2`` float64 holding an integer below 2**53), so the decisions are exact. A unit with
    no perceptron update in an epoch has every pattern above κ.
    """
    n = labels_t.shape[0]
    p = overlaps.shape[0]
    for k in range(units.size):
        i = units[k]
        y = labels_t[i]
        row_a = aligned[i]
        q = norm2[i]
        count = 0
        for t in range(p):
            if least_stable:
                mu = 0
                for rho in range(1, p):
                    if row_a[rho] < row_a[mu]:
                        mu = rho
            else:
                mu = order[t]
            if row_a[mu] > kappa * np.sqrt(q):
                if least_stable:
                    break
                continue
            embedding[i, mu] += 1
            q = _add_pattern(1, mu, y, overlaps[mu], row_a, q, n)
            count += 1
        norm2[i] = q
        updates[k] = count


@njit(cache=True)
def local_projection_epoch(overlaps, labels_t, units, order, tolerance, embedding, aligned,
                           norm2, updates):
    """One epoch of the local rule of Diederich & Opper (1987) for each unit in ``units``.

    Each pattern in ``order`` moves the couplings by J_i += (1/N)(1 - ξ_i^μ h_i^μ) ξ_i^μ ξ^μ,
    towards ξ_i^μ h_i^μ = 1 for every pattern. Same arrays as :func:`perceptron_epoch`, in
    float64: ``embedding`` holds the real strengths x_μ. A unit whose every |1 - ξ_i^μ h_i^μ|
    is at most ``tolerance`` is left alone (0 updates); any other moves on every pattern.
    """
    n = labels_t.shape[0]
    for k in range(units.size):
        i = units[k]
        y = labels_t[i]
        row_a = aligned[i]
        worst = 0.0
        for mu in range(row_a.size):
            worst = max(worst, abs(1.0 - row_a[mu] / n))
        updates[k] = 0
        if worst <= tolerance:
            continue
        updates[k] = order.size
        q = norm2[i]
        for t in range(order.size):
            mu = order[t]
            step = 1.0 - row_a[mu] / n
            embedding[i, mu] += step
            q = _add_pattern(step, mu, y, overlaps[mu], row_a, q, n)
        norm2[i] = q
