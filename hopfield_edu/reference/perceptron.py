"""Perceptron learning of the couplings: with a margin, minover, and Diederich and Opper's local
rule."""

from __future__ import annotations

import numpy as np

from .._validate import as_generator, check_int, check_real, check_spins

__all__ = ["diederich_opper_couplings", "minover_couplings", "perceptron_couplings"]

def perceptron_couplings(patterns, *, kappa: float = 0.0, max_epochs: int = 1000,
                         rng=None) -> np.ndarray:
    """Perceptron learning with margin κ (Gardner 1988), every unit at once, in NumPy.

    The textbook rule, vectorised over the units: each epoch a new random order of the
    patterns (one for all units, drawn as :func:`hopfield_edu.perceptron.learn_couplings`
    draws it); at each pattern every unit's field h = J ξ^μ at once (one matrix-vector
    product), and every unit whose stability ξ_i^μ h_i / |J_i| is not above κ adds
    ξ_i^μ ξ^μ / N to its couplings, keeping J_ii = 0. The couplings are kept times N, as
    integers in float64, so the decisions are exact. Stops after an epoch without updates or
    after ``max_epochs``. Returns the couplings, row i unit i's.
    """
    xi = check_spins(patterns, "patterns", ndim=2).astype(np.float64)
    kappa = check_real(kappa, "kappa", minimum=0.0)
    max_epochs = check_int(max_epochs, "max_epochs", minimum=1)
    generator = as_generator(rng)
    p, n = xi.shape
    scaled = np.zeros((n, n))           # N J
    norm2 = np.zeros(n)                 # |N J_i|², kept up to date
    units = np.arange(n)
    for _ in range(max_epochs):
        changed = False
        for mu in generator.permutation(p):
            x = xi[mu]
            aligned = x * (scaled @ x)
            wrong = aligned <= kappa * np.sqrt(norm2)
            if wrong.any():
                rows = units[wrong]
                norm2[rows] += 2.0 * aligned[rows] + (n - 1)
                scaled[rows] += x[rows, None] * x[None, :]
                scaled[rows, rows] = 0.0
                changed = True
        if not changed:
            break
    return scaled / n


def minover_couplings(patterns, *, kappa: float, max_epochs: int) -> np.ndarray:
    """Minover (Krauth & Mézard 1987) one unit at a time, fields recomputed at every step.

    Unit i repeatedly finds the pattern of least stability ξ_i^μ h_i^μ (the first on a tie)
    and adds ξ_i^μ ξ^μ / N to its couplings (J_ii = 0), until every stability ξ_i^μ h_i^μ /
    |J_i| is above κ or after ``max_epochs`` × p updates. Couplings kept times N, as
    integers in float64. Returns the couplings, row i unit i's.
    """
    xi = check_spins(patterns, "patterns", ndim=2).astype(np.float64)
    kappa = check_real(kappa, "kappa", minimum=0.0)
    max_epochs = check_int(max_epochs, "max_epochs", minimum=1)
    p, n = xi.shape
    scaled = np.zeros((n, n))
    for i in range(n):
        for _ in range(max_epochs * p):
            aligned = xi[:, i] * (xi @ scaled[i])
            nu = int(np.argmin(aligned))
            if aligned[nu] > kappa * np.linalg.norm(scaled[i]):
                break
            scaled[i] += xi[nu, i] * xi[nu]
            scaled[i, i] = 0.0
    return scaled / n


def diederich_opper_couplings(patterns, *, tolerance: float = 1e-6, max_epochs: int = 1000,
                              rng=None) -> np.ndarray:
    """The local rule of Diederich & Opper (1987), every unit at once, in NumPy.

    At the start of each epoch a unit whose every ξ_i^μ h_i^μ lies within ``tolerance`` of 1
    stops. The others, in a new random order of the patterns (drawn as
    :func:`hopfield_edu.perceptron.learn_couplings` draws it), move their couplings by
    J_i += (1/N)(1 - ξ_i^μ h_i^μ) ξ_i^μ ξ^μ with J_ii = 0, fields recomputed at every step.
    Returns the couplings, row i unit i's.
    """
    xi = check_spins(patterns, "patterns", ndim=2).astype(np.float64)
    tolerance = check_real(tolerance, "tolerance", minimum=0.0, exclusive_minimum=True)
    max_epochs = check_int(max_epochs, "max_epochs", minimum=1)
    generator = as_generator(rng)
    p, n = xi.shape
    couplings = np.zeros((n, n))
    active = np.ones(n, dtype=bool)
    for _ in range(max_epochs):
        aligned = xi * (xi @ couplings.T)        # ξ_i^μ h_i^μ, one row per pattern
        active &= np.abs(1.0 - aligned).max(axis=0) > tolerance
        if not active.any():
            break
        rows = np.flatnonzero(active)
        for mu in generator.permutation(p):
            x = xi[mu]
            step = 1.0 - x[rows] * (couplings[rows] @ x)
            couplings[rows] += (step * x[rows])[:, None] * x[None, :] / n
            couplings[rows, rows] = 0.0
    return couplings
