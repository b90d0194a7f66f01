"""Transformer attention, written on its own so that its identity with the modern Hopfield update
is something to check, not something true by construction.

Beside softmax attention: linear attention, which is the classical (Hebbian) hetero-associative
memory; the spread of a head, counted as Ramsauer et al. (2021) counted it; and the in-context
associative recall task on which the two kinds of attention part ways.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._blocks import block_rows
from ._validate import as_generator, check_array, check_int, check_real
from .patterns import random_patterns

__all__ = ["InContextRecall", "attention", "head_spread", "in_context_recall",
           "linear_attention"]


def _queries_keys_values(Q, K, V=None):
    """Q, K (and V) as float arrays whose shapes fit together, or a ValueError naming the one
    that does not."""
    Q = check_array(Q, "Q", ndim=2, shape="(n_queries, d_k)")
    K = check_array(K, "K", ndim=2, shape="(n_keys, d_k)")
    if Q.shape[1] != K.shape[1]:
        raise ValueError(f"Q and K must have the same width d_k, got {Q.shape[1]} and "
                         f"{K.shape[1]}")
    if V is None:
        return Q, K
    V = check_array(V, "V", ndim=2, shape="(n_keys, d_v)")
    if K.shape[0] != V.shape[0]:
        raise ValueError(f"K and V must have one row per key, got {K.shape[0]} and {V.shape[0]}")
    return Q, K, V


def _scale(scale, d_k: int) -> float:
    if scale is None:
        return 1.0 / np.sqrt(d_k)
    return check_real(scale, "scale", minimum=0.0, exclusive_minimum=True)


def _softmax_rows(scores: np.ndarray) -> np.ndarray:
    """exp(s - logsumexp(s)) along each row: the log-domain normalisation of :func:`attention`."""
    top = scores.max(axis=1, keepdims=True)
    log_norm = top + np.log(np.exp(scores - top).sum(axis=1, keepdims=True))
    return np.exp(scores - log_norm)


def attention(Q, K, V, *, scale: float | None = None) -> np.ndarray:
    """Transformer attention, softmax(Q Kᵀ · scale) V, with ``scale`` 1/√d_k by default.

    Q is (n_queries, d_k), K is (n_keys, d_k), V is (n_keys, d_v); returns (n_queries, d_v).
    Its softmax is normalised in the log domain, exp(s - logsumexp(s)), unlike
    :class:`hopfield_edu.modern.ModernHopfield`, which divides by a running sum over blocks of
    patterns: two computations of one formula that agree to rounding, not bit for bit.
    """
    Q, K, V = _queries_keys_values(Q, K, V)
    return _softmax_rows((Q @ K.T) * _scale(scale, K.shape[1])) @ V


def linear_attention(Q, K, V) -> np.ndarray:
    """Attention without the softmax: (Q Kᵀ) V, the scores used as they are.

    Katharopoulos et al. (2020) replace the softmax by a feature map φ and a normaliser,
    φ(q)ᵀ Σ_μ φ(k_μ) v_μᵀ / φ(q)ᵀ Σ_μ φ(k_μ); with φ the identity and no normaliser what is
    left is a sum of outer products, Σ_μ (q·k_μ) v_μ = W q with W = Σ_μ v_μ k_μᵀ: Hebb's rule
    for a hetero-associative memory, the "fast weights" of Schlag, Irie & Schmidhuber (2021).
    Computed here as attention is, scores first, so that the identity with W q is a check.
    Q is (n_queries, d_k), K is (n_keys, d_k), V is (n_keys, d_v); returns (n_queries, d_v).
    """
    Q, K, V = _queries_keys_values(Q, K, V)
    return (Q @ K.T) @ V


def head_spread(Q, K, *, scale: float | None = None, mass: float = 0.9) -> np.ndarray:
    """For each query, the fewest keys whose softmax weights add up to ``mass`` of the total.

    Ramsauer et al. (2021) counted the heads of BERT this way, with ``mass`` 0.9: the count is
    about ``mass`` times the number of keys for a head that averages over all tokens, a handful
    for one in a metastable state that averages a subset, 1 for one that retrieves a single
    token. The weights are softmax(Q Kᵀ · scale), ``scale`` 1/√d_k by default, computed for a
    block of queries at a time so that memory stays bounded for long contexts. Returns an
    ``int64`` array of shape ``(n_queries,)``.
    """
    Q, K = _queries_keys_values(Q, K)
    scale = _scale(scale, K.shape[1])
    mass = check_real(mass, "mass", minimum=0.0, maximum=1.0, exclusive_minimum=True)
    counts = np.empty(Q.shape[0], dtype=np.int64)
    rows = block_rows(K.shape[0])
    for start in range(0, Q.shape[0], rows):
        weights = _softmax_rows((Q[start:start + rows] @ K.T) * scale)
        held = np.cumsum(-np.sort(-weights, axis=1), axis=1)
        # a relative tolerance, so that mass = 1 is reached although the sum rounds below 1
        counts[start:start + rows] = np.argmax(held >= mass * held[:, -1:] * (1 - 1e-12),
                                               axis=1) + 1
    return counts


def _bit_errors(answers: np.ndarray, wanted: np.ndarray) -> float:
    """The fraction of signs of ``answers`` that differ from ``wanted``; an answer of exactly 0
    counts half, as if a coin chose its sign."""
    agreement = answers * wanted
    return float(np.mean((agreement < 0) + 0.5 * (agreement == 0)))


@dataclass(frozen=True)
class InContextRecall:
    """What :func:`in_context_recall` measured, one entry per context (trial).

    Attributes
    ----------
    linear, softmax : numpy.ndarray
        The fraction of value bits recalled wrong by linear and by softmax attention; a value
        component of exactly 0 counts as half wrong (a coin would choose its sign).
    unguaranteed : numpy.ndarray
        The fraction of queries for which the separation condition (n - 1) e^{-β Δ} < ½ fails;
        every other query is recalled by softmax attention with every bit right, so this
        bounds ``softmax`` from above.
    beta : float
        The softmax scale used.
    """

    linear: np.ndarray
    softmax: np.ndarray
    unguaranteed: np.ndarray
    beta: float


def in_context_recall(n_pairs: int, dim: int, *, beta: float | None = None, trials: int = 20,
                      queries: int = 16, rng=None) -> InContextRecall:
    """In-context associative recall: a context of ``n_pairs`` key-value pairs, then a key.

    Each trial draws ``n_pairs`` random ±1 keys and values of ``dim`` components, asks for the
    values of ``queries`` of its keys (all of them if there are fewer), and reads each answer
    off by its signs, once with :func:`linear_attention` and once with :func:`attention` at
    scale ``beta`` (1/√dim by default).

    Linear attention answers d v + crosstalk, the crosstalk being a sum of (n - 1) d random ±1
    terms: a bit is wrong with probability about ½ erfc(√(d / 2(n - 1))), the classical
    network's one-step error at load (n - 1)/d
    (:func:`hopfield_edu.theory.linear_recall_error`). Softmax attention puts weight at most
    (n - 1) e^{-β Δ} on the other values, Δ being the query key's separation
    (:func:`hopfield_edu.modern.separation`); below ½ that weight cannot flip a bit (after
    Ramsauer et al. 2021, Theorem 5).
    """
    n = check_int(n_pairs, "n_pairs", minimum=1)
    d = check_int(dim, "dim", minimum=1)
    beta = _scale(beta, d) if beta is None else check_real(beta, "beta", minimum=0.0,
                                                           exclusive_minimum=True)
    trials = check_int(trials, "trials", minimum=1)
    queries = min(check_int(queries, "queries", minimum=1), n)
    generator = as_generator(rng)
    result = np.empty((3, trials))
    for trial in range(trials):
        keys = random_patterns(n, d, rng=generator).astype(np.float64)
        values = random_patterns(n, d, rng=generator).astype(np.float64)
        asked = generator.choice(n, queries, replace=False)
        wanted = values[asked]
        result[0, trial] = _bit_errors(linear_attention(keys[asked], keys, values), wanted)
        result[1, trial] = _bit_errors(attention(keys[asked], keys, values, scale=beta), wanted)
        if n == 1:
            result[2, trial] = 0.0
            continue
        scores = keys[asked] @ keys.T
        scores[np.arange(queries), asked] = -np.inf
        gap = d - scores.max(axis=1)  # Δ: the key's own score is d
        result[2, trial] = np.mean((n - 1) * np.exp(-beta * gap) >= 0.5)
    return InContextRecall(linear=result[0], softmax=result[1], unguaranteed=result[2],
                           beta=float(beta))
