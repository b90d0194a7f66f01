"""Gibbs sampling of a fully visible Boltzmann machine: sequential sweeps of many ±1 chains.

In a sweep each unit of a chain, in the order 0, 1, ..., n - 1, is drawn from its conditional
distribution (the heat bath): it becomes +1 with probability σ(x) = 1 / (1 + exp(-x)), where
x = 2 h_i / T and h_i = b_i + Σ_j J_ij s_j is its field, else -1. A uniform 32-bit integer u
decides: +1 exactly when u < 2**32 σ(x), the rule :func:`hopfield_edu.reference.gibbs_sweeps`
applies one unit at a time.

Three things make it fast. Each chain keeps its fields and adds ±2 J_i to them when unit i
flips, so a unit that keeps its state costs O(1) and a flip O(n). The sweep takes unit i of
every chain of a block before unit i + 1 (the chains are independent, so the result is the
same as chain after chain), which turns each step into short loops without unpredictable
branches: decide every chain, list the chains that flip, update those. And σ(x) costs an
exponential, which takes longer than everything else a unit does, while the decision almost
never needs it: the
top :data:`BITS` bits of u say which of 2**BITS equal bins of (0, 1) it falls in, and the bin's
edges, as values of x (logit of the edges, widened by 1e-9, far more than any rounding of σ(x)
or of the edges), settle the comparison for every x outside them. Only when x falls between
them, with probability 2**-BITS, is σ(x) computed; the decisions are exactly those of the rule.
The numbers u come from :func:`lanes_uniform32`, whose generators step side by side in vector
instructions, at less than half the cost per number of :func:`uniform32`'s two scalar ones
(measured on an AMD EPYC Zen 5); with those, drawing took about a fifth of a unit update.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from .ising import SCALE
from .random import lanes_round_up, lanes_uniform32

#: The bins of u: its top BITS bits.
BITS = 8

#: Chains are swept in blocks of this many.
CHAIN_BLOCK = 32


def _bins(bits: int) -> tuple[np.ndarray, np.ndarray]:
    """For bin k of u, the middle and half-width of the interval of x, between
    logit(k / 2**bits) and logit((k + 1) / 2**bits) widened by 1e-9, where u < 2**32 σ(x) is
    not settled by the bin; infinite half-widths for the end bins, which are never settled."""
    edges = np.arange(2**bits + 1) / 2**bits
    with np.errstate(divide="ignore"):  # logit(0) = -inf and logit(1) = +inf
        logits = np.log(edges) - np.log1p(-edges)
    low, high = logits[:-1] - 1e-9, logits[1:] + 1e-9
    finite = np.isfinite(low) & np.isfinite(high)
    return (np.where(finite, (low + high) / 2, 0.0),
            np.where(finite, (high - low) / 2, np.inf))


BIN_MIDDLE, BIN_HALF_WIDTH = _bins(BITS)


@njit(inline="always")
def _settled(x, u, middle, half_width):
    """Whether u < 2**32 σ(x) as far as u's bin tells, and whether the bin settles it."""
    k = u >> (32 - BITS)
    distance = x - middle[k]
    return distance > 0.0, abs(distance) > half_width[k]


@njit(inline="always")
def _add_row(fields, c, factor, couplings, i):
    """fields[c] += factor * couplings[i], in place (the product is exact: factor is ±1 or ±2),
    by index: views of the rows would cost reference counting at every flip."""
    for j in range(couplings.shape[1]):
        fields[c, j] += factor * couplings[i, j]


@njit(cache=True)
def gibbs_sweeps(couplings, biases, two_beta, states, sweeps, lanes, middle, half_width):
    """Run ``sweeps`` sequential Gibbs sweeps of every chain (a row of ``states``), in place.

    ``couplings`` (n, n) is symmetric with a zero diagonal; ``biases`` has n entries;
    ``two_beta`` is 2 / T; ``states`` is ``int8`` ±1 of shape (chains, n) and is updated in
    place; ``middle`` and ``half_width`` are :data:`BIN_MIDDLE` and :data:`BIN_HALF_WIDTH`.
    The chains run in blocks of :data:`CHAIN_BLOCK` (so that a block's fields stay in the
    cache), block after block, each for all its sweeps. Each sweep of a block of m chains
    draws one buffer of ``lanes_round_up(m * n)`` numbers from ``lanes``, the state of
    :func:`lanes_uniform32` (advanced in place);
    unit i of the block's chain c uses number i * m + c. The fields of a chain start as
    biases + Σ_i s_i J_i, summed in the order of i, and follow its flips. Returns the number
    of flips.
    """
    chains, n = states.shape
    block = min(chains, CHAIN_BLOCK)
    fields = np.empty((block, n))
    by_unit = np.empty((n, block), np.int8)  # unit i of every chain of the block, side by side
    u = np.empty(lanes_round_up(block * n), np.uint32)
    new = np.empty(block, np.int8)
    unsettled = np.empty(block, np.bool_)
    flipped = np.empty(block, np.int64)
    flips = 0
    for first in range(0, chains, block):
        m = min(block, chains - first)
        for c in range(m):
            fields[c] = biases
            for i in range(n):
                _add_row(fields, c, float(states[first + c, i]), couplings, i)
                by_unit[i, c] = states[first + c, i]
        for _ in range(sweeps):
            lanes_uniform32(lanes, u[:lanes_round_up(m * n)])
            for i in range(n):
                offset = i * m  # unit i of chain c draws u[offset + c]
                for c in range(m):
                    up, settled = _settled(two_beta * fields[c, i], u[offset + c], middle,
                                           half_width)
                    new[c] = 1 if up else -1
                    unsettled[c] = not settled
                for c in range(m):  # rarely true: then compare exactly
                    if unsettled[c]:
                        up = u[offset + c] < SCALE / (1.0 + np.exp(-two_beta * fields[c, i]))
                        new[c] = 1 if up else -1
                count = 0
                for c in range(m):  # list the chains whose unit flips, without a branch
                    flipped[count] = c
                    count += new[c] != by_unit[i, c]
                for t in range(count):
                    c = flipped[t]
                    by_unit[i, c] = new[c]
                    _add_row(fields, c, 2.0 * new[c], couplings, i)
                flips += count
        for c in range(m):
            for i in range(n):
                states[first + c, i] = by_unit[i, c]
    return flips
