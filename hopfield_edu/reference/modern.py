"""The modern Hopfield network and attention: the update, the energy, the spread of a head."""

from __future__ import annotations

import math

import numpy as np

from .._validate import check_array, check_real

__all__ = ["head_spread", "modern_energy", "modern_update"]

def modern_update(patterns, queries, beta: float) -> np.ndarray:
    """ξ_new = Xᵀ softmax(β X ξ) for every query (rows), scores and all, in one go."""
    X = check_array(patterns, "patterns", ndim=2, shape="(n_patterns, dim)")
    Q = check_array(queries, "queries", ndim=2, shape=f"(n_queries, {X.shape[1]})",
                    width=X.shape[1])
    beta = check_real(beta, "beta", minimum=0.0, exclusive_minimum=True)
    scores = beta * (Q @ X.T)
    scores -= scores.max(axis=1, keepdims=True)
    weights = np.exp(scores)
    return (weights / weights.sum(axis=1, keepdims=True)) @ X


def modern_energy(patterns, query, beta: float) -> float:
    """Ramsauer et al. (2020), Eq. 2, written out: -lse(β, Xξ) + ½ξᵀξ + β⁻¹ ln N + ½M².

    Without the shift by the largest score, so it overflows once β x·ξ passes about 700.
    """
    X = check_array(patterns, "patterns", ndim=2, shape="(n_patterns, dim)")
    xi = check_array(query, "query", ndim=1, shape=f"({X.shape[1]},)", width=X.shape[1])
    beta = check_real(beta, "beta", minimum=0.0, exclusive_minimum=True)
    lse = np.log(np.sum(np.exp(beta * X @ xi))) / beta
    return float(-lse + 0.5 * xi @ xi + np.log(len(X)) / beta
                 + 0.5 * np.max(np.sum(X**2, axis=1)))


def head_spread(Q, K, scale: float, mass: float = 0.9) -> np.ndarray:
    """For each query, add its softmax weights from the largest down until they reach ``mass``,
    and count them: one query at a time, weights from their definition."""
    Q = check_array(Q, "Q", ndim=2, shape="(n_queries, d_k)")
    K = check_array(K, "K", ndim=2, shape="(n_keys, d_k)")
    counts = []
    for q in Q:
        weights = [math.exp(scale * float(q @ k)) for k in K]
        total, held, count = sum(weights), 0.0, 0
        for w in sorted(weights, reverse=True):
            held += w
            count += 1
            if held >= mass * total * (1 - 1e-12):
                break
        counts.append(count)
    return np.array(counts)
