"""Many Ising lattices at once, by multi-spin coding: 64 independent lattices per 64-bit word.

Bit r of word (i, j) is the spin at site (i, j) of replica r, 1 for -1 and 0 for +1, so that one
word holds a site of 64 independent lattices and one sequence of bitwise operations updates all
of them (multi-spin coding; Jacobs & Rebbi 1981, Bhanot, Duke & Salvador 1986). Each replica
draws its own random bits, so the replicas are statistically independent.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from .random import lanes_uniform32


#: Random words :func:`multispin_metropolis_sweeps` draws at a time (two 32-bit numbers each).
MULTISPIN_BLOCK = 1024


#: Digits of the uniform numbers that multispin_metropolis_sweeps always draws for a site before
#: it checks whether every replica is decided: a fixed count keeps the loop free of mispredicted
#: branches. All 64 are decided after 8 digits with probability at least (1 - 2**-8)**64 ≈ 0.78
#: (on Zen 5, 6 and 12 digits measured slower, 10 about the same).
MULTISPIN_DIGITS = 8


#: A byte counts up to 255: at most this many words go into _count_bytes between flushes.
BYTE_COUNTS = 255


@njit(inline="always")
def _count_bytes(counts, word):
    """``counts`` (eight words) plus bit r of ``word`` in byte r // 8 of word r % 8, for
    r = 0 .. 63: eight branch-free additions, each of eight one-byte counters."""
    spread = np.uint64(0x0101010101010101)
    return (counts[0] + (word & spread),
            counts[1] + ((word >> np.uint64(1)) & spread),
            counts[2] + ((word >> np.uint64(2)) & spread),
            counts[3] + ((word >> np.uint64(3)) & spread),
            counts[4] + ((word >> np.uint64(4)) & spread),
            counts[5] + ((word >> np.uint64(5)) & spread),
            counts[6] + ((word >> np.uint64(6)) & spread),
            counts[7] + ((word >> np.uint64(7)) & spread))


@njit(inline="always")
def _flush_bytes(counts, totals):
    """Add the 64 byte counters of ``counts`` (see _count_bytes) to totals[r], in place."""
    for k in range(8):
        for byte in range(8):
            totals[8 * byte + k] += np.int64((counts[k] >> np.uint64(8 * byte))
                                             & np.uint64(0xFF))


@njit(cache=True)
def multispin_metropolis_sweeps(words, p, q, sweeps, lanes, up_counts, bad_bond_counts):
    """Metropolis checkerboard sweeps of 64 independent ferromagnets (J = 1, h = 0) at once.

    ``words`` (uint64, shape (L, L), L even) holds replica r's spin at (i, j) in bit r, 1 for
    -1; it is updated in place. A spin with k anti-aligned neighbours among its four has
    ΔE = 8 - 4k: it flips always when k ≥ 2, when u_r < p / 2**32 when k = 1 and when
    u_r < q / 2**32 when k = 0, u_r uniform in [0, 1), drawn for each replica r at each site;
    p and q are exp(-4/T) and exp(-8/T) times 2**32, rounded down. First the sites with
    (i + j) even, then the odd ones.

    The binary digits of the 64 u_r of a site are random words, most significant digit first,
    compared with the thresholds' digits in all 64 bits at once: replica r is decided at the
    first digit where u_r differs from the threshold. MULTISPIN_DIGITS digits are always
    drawn, then more while a replica is undecided, up to 32 (u_r's digits then equal the
    threshold's, and u_r is not below). The words come a MULTISPIN_BLOCK at a time from
    :func:`lanes_uniform32`, whose state ``lanes`` advances in place; when fewer than 32 of a
    block are left, they are discarded and the block is refilled.

    After each sweep, up_counts[sweep, r] is the number of +1 spins of replica r and
    bad_bond_counts[sweep, r] its number of anti-aligned bonds (of 2 L²), counted 64 at a time
    in one-byte counters (_count_bytes).
    """
    L = words.shape[0]
    z = np.uint64(0)
    zero = (z, z, z, z, z, z, z, z)
    digits_p = np.empty(32, np.uint64)
    digits_q = np.empty(32, np.uint64)
    for k in range(32):
        digits_p[k] = np.uint64(0) - np.uint64((p >> (31 - k)) & 1)
        digits_q[k] = np.uint64(0) - np.uint64((q >> (31 - k)) & 1)
    drawn = np.empty(MULTISPIN_BLOCK, np.uint64)
    used = drawn.size
    for sweep in range(sweeps):
        for colour in range(2):
            for i in range(L):
                above = words[i - 1 if i > 0 else L - 1]
                below = words[i + 1 if i < L - 1 else 0]
                row = words[i]
                for j in range((i + colour) % 2, L, 2):
                    s = row[j]
                    x1 = s ^ row[j - 1 if j > 0 else L - 1]
                    x2 = s ^ row[j + 1 if j < L - 1 else 0]
                    x3 = s ^ above[j]
                    x4 = s ^ below[j]
                    a, b = x1 ^ x2, x1 & x2  # the two bits of x1 + x2
                    c, d = x3 ^ x4, x3 & x4
                    two_or_more = b | d | (a & c)
                    none = ~(x1 | x2 | x3 | x4)
                    one = (a ^ c) & ~(b | d)
                    # u_r < p / 2**32 where ``one`` is set, u_r < q / 2**32 where ``none`` is
                    if used > drawn.size - 32:
                        lanes_uniform32(lanes, drawn.view(np.uint32))
                        used = 0
                    less_p, open_p = np.uint64(0), one
                    less_q, open_q = np.uint64(0), none
                    for k in range(32):
                        if k >= MULTISPIN_DIGITS and (open_p | open_q) == np.uint64(0):
                            break
                        w = drawn[used]
                        used += 1
                        # digits_p[k] is all ones where p's digit is 1, there a digit 0 of u_r
                        # puts it below and a 1 leaves it open; where p's digit is 0, a 1 puts
                        # u_r above
                        less_p |= open_p & ~w & digits_p[k]
                        open_p &= ~(w ^ digits_p[k])
                        less_q |= open_q & ~w & digits_q[k]
                        open_q &= ~(w ^ digits_q[k])
                    row[j] = s ^ (two_or_more | (one & less_p) | (none & less_q))
        up_counts[sweep] = 0
        bad_bond_counts[sweep] = 0
        for i in range(L):
            row = words[i]
            below = words[i + 1 if i < L - 1 else 0]
            for first in range(0, L, BYTE_COUNTS // 2):  # two bonds a site
                ups, bad = zero, zero
                for j in range(first, min(L, first + BYTE_COUNTS // 2)):
                    s = row[j]
                    ups = _count_bytes(ups, ~s)
                    bad = _count_bytes(bad, s ^ row[j + 1 if j < L - 1 else 0])
                    bad = _count_bytes(bad, s ^ below[j])
                _flush_bytes(ups, up_counts[sweep])
                _flush_bytes(bad, bad_bond_counts[sweep])
