"""Kernels of Hebb's rule: the exact integer counts Σ_μ ξ_i^μ ξ_j^μ, and fields from them.

Two ±1 bits agree when their product is +1, so the count of a pair of units is the number of
patterns on which they agree minus the number on which they differ: p - 2 d_ij, where d_ij is
the number of 1 bits of the exclusive or of the units' bit strings (the Hamming distance).
Packed 64 patterns to a machine word, that is one XOR and one population count (``popcnt``,
vectorised as ``vpopcntq`` where AVX-512 has it) for 64 products: far less work than the
float32 matrix product Ξᵀ Ξ, in integers, so exact for any number of patterns.
"""

from __future__ import annotations

import numpy as np
from numba import njit, types
from numba.extending import intrinsic

#: Columns of counts made together: their words (a few hundred patterns' worth) stay in the
#: core's second-level cache while every row is counted against them.
COUNT_BLOCK = 512


@intrinsic
def _popcount(typingctx, word):
    """The number of 1 bits of a uint64 (LLVM's ctpop: a single instruction where it exists)."""
    if word != types.uint64:
        return None

    def codegen(context, builder, signature, args):
        return builder.ctpop(args[0])

    return types.uint64(types.uint64), codegen


@njit(cache=True)
def pack_patterns(patterns, bits):
    """Write into ``bits`` (uint64, shape ``(ceil(p / 64), N)``, zeros beyond p) the patterns
    (rows of ±1, shape ``(p, N)``) a unit per column: bit b of ``bits[w, i]`` is 1 when
    pattern 64 w + b has ξ_i = +1."""
    bits[:] = 0
    for mu in range(patterns.shape[0]):
        word = bits[mu >> 6]
        bit = np.uint64(1) << np.uint64(mu & 63)
        row = patterns[mu]
        for i in range(row.size):
            if row[i] > 0:
                word[i] |= bit


@njit(cache=True)
def hebbian_counts(bits, n_patterns, counts):
    """Write into ``counts`` (``(N, N)``, int16 or int32) Σ_μ ξ_i^μ ξ_j^μ with a zero diagonal,
    from the packed patterns ``bits`` of :func:`pack_patterns`: p - 2 popcount(b_i XOR b_j).

    Two rows at a time against a block of columns, so that each word of the block loaded does
    two rows' work (measured: 1.8 times as fast as one row at a time at N = 8192, p = 1966).
    """
    words, n = bits.shape
    units = np.zeros((n + 1, words), np.uint64)  # each unit's words side by side; one spare
    units[:n] = bits.T
    first = np.empty(COUNT_BLOCK, np.uint64)  # the Hamming distances of row i to the block
    second = np.empty(COUNT_BLOCK, np.uint64)  # and of row i + 1
    for start in range(0, n, COUNT_BLOCK):
        stop = min(n, start + COUNT_BLOCK)
        width = stop - start
        for i in range(0, n, 2):
            first[:width] = 0
            second[:width] = 0
            own, next_own = units[i], units[i + 1]
            for w in range(words):
                x, y = own[w], next_own[w]
                block = bits[w, start:stop]
                for j in range(width):
                    word = block[j]  # loaded once: the stores below might alias it
                    first[j] += _popcount(x ^ word)
                    second[j] += _popcount(y ^ word)
            _store(counts[i, start:stop], first, n_patterns)
            if i + 1 < n:
                _store(counts[i + 1, start:stop], second, n_patterns)
    for i in range(n):
        counts[i, i] = 0


@njit(inline="always")
def _store(row, distance, n_patterns):
    for j in range(row.size):
        row[j] = n_patterns - 2 * np.int64(distance[j])


@njit(cache=True)
def count_fields(counts, state, fields):
    """Write into ``fields`` (int32) counts @ state, summed exactly in integers."""
    for i in range(counts.shape[0]):
        row = counts[i]
        total = np.int32(0)
        for j in range(state.size):
            total += np.int32(row[j]) * np.int32(state[j])
        fields[i] = total
