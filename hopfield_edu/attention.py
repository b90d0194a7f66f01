"""Transformer attention, written on its own so that its identity with the modern Hopfield update
is something to check, not something true by construction."""

from __future__ import annotations

import numpy as np

from ._validate import check_array, check_real

__all__ = ["attention"]


def attention(Q, K, V, *, scale: float | None = None) -> np.ndarray:
    """Transformer attention, softmax(Q Kᵀ · scale) V, with ``scale`` 1/√d_k by default.

    Q is (n_queries, d_k), K is (n_keys, d_k), V is (n_keys, d_v); returns (n_queries, d_v).
    Its softmax is normalised in the log domain, exp(s - logsumexp(s)), unlike
    :class:`hopfield_edu.modern.ModernHopfield`, which divides by a running sum over blocks of
    patterns: two computations of one formula that agree to rounding, not bit for bit.
    """
    Q = check_array(Q, "Q", ndim=2, shape="(n_queries, d_k)")
    K = check_array(K, "K", ndim=2, shape="(n_keys, d_k)")
    V = check_array(V, "V", ndim=2, shape="(n_keys, d_v)")
    if Q.shape[1] != K.shape[1]:
        raise ValueError(f"Q and K must have the same width d_k, got {Q.shape[1]} and "
                         f"{K.shape[1]}")
    if K.shape[0] != V.shape[0]:
        raise ValueError(f"K and V must have one row per key, got {K.shape[0]} and {V.shape[0]}")
    scale = 1.0 / np.sqrt(K.shape[1]) if scale is None else check_real(
        scale, "scale", minimum=0.0, exclusive_minimum=True)
    scores = (Q @ K.T) * scale
    top = scores.max(axis=1, keepdims=True)
    log_norm = top + np.log(np.exp(scores - top).sum(axis=1, keepdims=True))
    return np.exp(scores - log_norm) @ V
