"""Gibbs sampling of a fully visible Boltzmann machine: sequential sweeps of many ±1 chains.

In a sweep each unit of a chain, in the order 0, 1, ..., n - 1, is drawn from its conditional
distribution (the heat bath): it becomes +1 with probability σ(x) = 1 / (1 + exp(-x)), where
x = 2 h_i / T and h_i = b_i + Σ_j J_ij s_j is its field, else -1. A uniform 32-bit integer u
decides: +1 exactly when u < 2**32 σ(x), the rule :func:`hopfield_edu.reference.gibbs_sweeps`
applies one unit at a time.

Two things make it fast. Each chain keeps its fields and adds ±2 J_i to them when unit i flips,
so a unit that keeps its state costs O(1) and a flip O(n). And σ(x) costs an exponential, which
takes longer than everything else a unit does; the decision almost never needs it. The top
:data:`BITS` bits of u say which of 2**BITS equal bins of (0, 1) it falls in, and the bins'
edges, turned into values of x (:data:`LOGIT_LOW`, :data:`LOGIT_HIGH`), settle the comparison
for every x outside the one bin that holds σ(x): an exponential is needed with probability
2**-BITS. The edges are widened by 1e-9, far more than any rounding of σ(x) or of the edges, so
the decisions are exactly those of the rule above.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from .ising import SCALE
from .random import round_up, uniform32

#: The bins of u: its top BITS bits.
BITS = 12


def _logit_edges(bits: int) -> tuple[np.ndarray, np.ndarray]:
    """For bin k of u, the x below which u < 2**32 σ(x) certainly fails and above which it
    certainly holds: logit(k / 2**bits) and logit((k + 1) / 2**bits), widened by 1e-9."""
    edges = np.arange(2**bits + 1) / 2**bits
    with np.errstate(divide="ignore"):  # logit(0) = -inf and logit(1) = +inf: never certain
        logits = np.log(edges) - np.log1p(-edges)
    return logits[:-1] - 1e-9, logits[1:] + 1e-9


LOGIT_LOW, LOGIT_HIGH = _logit_edges(BITS)


@njit(inline="always")
def _heat_bath_up(x, u, low, high):
    """Whether u < 2**32 σ(x): from the edges of u's bin, or, inside that bin, exactly."""
    k = u >> (32 - BITS)
    up = x > high[k]
    if (x > low[k]) & (x <= high[k]):  # bitwise: no branch on the common, unpredictable part
        up = u < SCALE / (1.0 + np.exp(-x))
    return up


@njit(inline="always")
def _add_row(fields, factor, row):
    """fields += factor * row, in place (the product is exact: factor is ±1 or ±2)."""
    for j in range(fields.size):
        fields[j] += factor * row[j]


@njit(cache=True)
def gibbs_sweeps(couplings, biases, two_beta, states, sweeps, rng_state, low, high):
    """Run ``sweeps`` sequential Gibbs sweeps of every chain (a row of ``states``), in place.

    ``couplings`` (n, n) is symmetric with a zero diagonal; ``biases`` has n entries;
    ``two_beta`` is 2 / T; ``states`` is ``int8`` ±1 of shape (chains, n) and is updated in
    place; ``low`` and ``high`` are :data:`LOGIT_LOW` and :data:`LOGIT_HIGH`. Each sweep draws
    one buffer of ``round_up(chains * n)`` numbers from ``rng_state`` (advanced in place) and
    then updates chain after chain, unit i of chain c using number c * n + i. The fields of a
    chain start as biases + Σ_i s_i J_i, summed in the order of i, and follow its flips.
    Returns the number of flips.
    """
    chains, n = states.shape
    fields = np.empty((chains, n))
    for c in range(chains):
        fields[c] = biases
        for i in range(n):
            _add_row(fields[c], float(states[c, i]), couplings[i])
    u = np.empty(round_up(chains * n), np.uint32)
    flips = 0
    for _ in range(sweeps):
        uniform32(rng_state, u)
        for c in range(chains):
            s, f, drawn = states[c], fields[c], u[c * n:(c + 1) * n]
            for i in range(n):
                new = np.int8(1) if _heat_bath_up(two_beta * f[i], drawn[i], low,
                                                  high) else np.int8(-1)
                if new != s[i]:
                    s[i] = new
                    flips += 1
                    _add_row(f, 2.0 * new, couplings[i])
    return flips
