"""Many Ising lattices at once, by multi-spin coding: 64 independent lattices per 64-bit word.

Bit r of word (i, j) is the spin at site (i, j) of replica r, 1 for -1 and 0 for +1, so that one
word holds a site of 64 independent lattices and one sequence of bitwise operations updates all
of them (multi-spin coding; Jacobs & Rebbi 1981, Bhanot, Duke & Salvador 1986). Each replica
draws its own random bits, so the replicas are statistically independent, and each has its own
acceptance thresholds, so the replicas of one word may have different temperatures.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from .random import lanes_uniform64


#: Digits of the uniform numbers that multispin_metropolis_sweeps always draws for a site, in
#: one branch-free loop over the sites of a row that the compiler vectorises; the few sites
#: with a replica still undecided then draw more, one site at a time. All 64 replicas of a
#: site are decided after 10 digits with probability at least (1 - 2**-10)**64 ≈ 0.94 (on
#: Zen 5, 8 and 12 digits measured slower: a site drawn again costs a mispredicted branch).
MULTISPIN_DIGITS = 10

#: Sites of a row whose digits multispin_metropolis_sweeps draws in one call (of a sublattice's
#: row of L / 2 sites): digit k of the chunk's site c is word k × MULTISPIN_CHUNK + c of
#: MULTISPIN_DIGITS × MULTISPIN_CHUNK, 5 KiB, two steps of the LANES generators a digit. A
#: fixed distance between the digits, and a fixed count of sites, let the compiler vectorise
#: the loop over sites. Small lattices fill a chunk with several rows; a chunk of fewer sites
#: (L not a multiple of 128, or L / 2 not a divisor of 64) draws as many words and leaves some
#: unused. (Chunks of 64 sites took 8 % less time than 32 at L = 64 and 128 on an Intel Xeon,
#: 2026-12-07; 16 and 128 took more.)
MULTISPIN_CHUNK = 64

#: Random words the undecided replicas draw from at a time (one step of the LANES generators).
MULTISPIN_EXTRA = 32

#: Sites whose spins and bonds one-byte counters add up before they are flushed (see
#: _count_chunk): four bonds a site, 4 × 32 ≤ 255.
COUNTED = 32


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


@njit(inline="always")
def _classes(s, same, side, above, below):
    """The replicas (bits) of spin word ``s`` with two or more, exactly one, and no
    anti-aligned neighbours among the four words given."""
    x1, x2, x3, x4 = s ^ same, s ^ side, s ^ above, s ^ below
    a, b = x1 ^ x2, x1 & x2  # the two bits of x1 + x2
    c, d = x3 ^ x4, x3 & x4
    return b | d | (a & c), (a ^ c) & ~(b | d), ~(x1 | x2 | x3 | x4)


@njit(inline="always")
def _first_digits(words):
    """words[0 .. MULTISPIN_DIGITS - 1] as a tuple, which lives in registers."""
    return (words[0], words[1], words[2], words[3], words[4], words[5], words[6], words[7],
            words[8], words[9])


@njit(inline="always")
def _update_words(row, same, side, above, below, drawn, digits, changes, open_, n):
    """Update row[c], c < n, its neighbours same[c], side[c], above[c] and below[c], with the
    first MULTISPIN_DIGITS digits of each replica's uniform number, digit k of site c being
    drawn[k * MULTISPIN_CHUNK + c], ``digits`` and ``changes`` the thresholds' first digits
    (tuples, see multispin_metropolis_sweeps). Leaves in open_[c] the replicas still
    undecided. Every array is read at c: the loop vectorises, best with n a constant."""
    for c in range(n):
        s = row[c]
        two, one, none = _classes(s, same[c], side[c], above[c], below[c])
        undecided = one | none
        less = np.uint64(0)
        for k in range(MULTISPIN_DIGITS):
            w = drawn[k * MULTISPIN_CHUNK + c]
            t = digits[k] ^ (none & changes[k])  # the threshold's digit k, replica by replica
            # where t is 1 a digit 0 of u_r puts it below the threshold and a 1 leaves it
            # open; where t is 0 a 1 puts u_r above
            less |= undecided & ~w & t
            undecided &= ~(w ^ t)
        row[c] = s ^ (two | less)
        open_[c] = undecided


@njit(inline="always")
def _count_chunk(row, same, side, above, below, start, stop, ups, bad):
    """Add to the byte counters ``ups`` and ``bad`` (see _count_bytes) the +1 spins of row[c]
    and same[c] and the anti-aligned bonds of row[c] with its four neighbours, for
    start ≤ c < stop, stop - start ≤ COUNTED (four bonds a site: 4 × COUNTED ≤ 255)."""
    for c in range(start, stop):
        s = row[c]
        ups = _count_bytes(_count_bytes(ups, ~s), ~same[c])
        bad = _count_bytes(_count_bytes(bad, s ^ same[c]), s ^ side[c])
        bad = _count_bytes(_count_bytes(bad, s ^ above[c]), s ^ below[c])
    return ups, bad


@njit(cache=True)
def multispin_metropolis_sweeps(a, b, digits, changes, sweeps, lanes, up_counts,
                                bad_bond_counts):
    """Metropolis checkerboard sweeps of 64 independent ferromagnets (J = 1, h = 0) at once.

    The lattices, L × L, L even, are stored as the two sublattices of the checkerboard, ``a``
    and ``b`` (uint64, shape (L, L // 2)), as :func:`checkerboard_half_sweep` stores one:
    a[i, m] is site (i, 2 m + i % 2), b[i, m] site (i, 2 m + 1 - i % 2); bit r of a word is
    replica r's spin, 1 for -1. Both are updated in place, first ``a``, then ``b``. A spin with
    k anti-aligned neighbours among its four has ΔE = 8 - 4k: it flips always when k ≥ 2,
    when u_r < p_r / 2**32 when k = 1 and when u_r < q_r / 2**32 when k = 0, u_r uniform in
    [0, 1), drawn for each replica r at each site; p_r and q_r are replica r's exp(-4/T_r) and
    exp(-8/T_r) times 2**32, rounded down. Bit r of digits[k] (uint64, 32 words) is binary
    digit k of p_r, the most significant first, and bit r of changes[k] is 1 where digit k of
    q_r differs from that of p_r: the replicas of a word may have different temperatures.

    The digits of the 64 u_r of a site are random words, compared with the thresholds' digits
    in all 64 bits at once: replica r is decided at the first digit where u_r differs from its
    threshold. A sublattice goes a chunk of MULTISPIN_CHUNK sites at a time: the sites of
    max(1, MULTISPIN_CHUNK // (L / 2)) rows when a row has fewer, else of a row, in pieces of
    MULTISPIN_CHUNK (fewer at its end); chunk site c is the c-th of them, row after row. One
    call of :func:`lanes_uniform64` gives MULTISPIN_DIGITS × MULTISPIN_CHUNK words, digit k of
    chunk site c being word k × MULTISPIN_CHUNK + c, and decides most replicas; then the sites
    with a replica undecided, in order, draw further digits, up to 32 (u_r's digits then equal
    the threshold's, and u_r is not below), from a buffer of MULTISPIN_EXTRA words refilled by
    lanes_uniform64 when empty (the buffer starts empty at each call). ``lanes`` advances in
    place.

    After each sweep, up_counts[sweep, r] is the number of +1 spins of replica r and
    bad_bond_counts[sweep, r] its number of anti-aligned bonds (of 2 L²), counted 64 at a time
    in one-byte counters (_count_bytes) as the second half sweep goes (every bond joins a site
    of ``b`` to one of ``a``).
    """
    rows, half = a.shape
    z = np.uint64(0)
    zero = (z, z, z, z, z, z, z, z)
    drawn = np.empty(MULTISPIN_DIGITS * MULTISPIN_CHUNK, np.uint64)
    extra = np.empty(MULTISPIN_EXTRA, np.uint64)
    used = extra.size
    open_ = np.empty(MULTISPIN_CHUNK, np.uint64)
    pending = np.empty(MULTISPIN_CHUNK, np.int64)
    first_p, first_changes = _first_digits(digits), _first_digits(changes)
    # a chunk's sites, row after row, and their neighbours, each at the same index
    r, s1, s2 = (np.zeros(MULTISPIN_CHUNK, np.uint64), np.zeros(MULTISPIN_CHUNK, np.uint64),
                 np.zeros(MULTISPIN_CHUNK, np.uint64))
    s3, s4 = np.zeros(MULTISPIN_CHUNK, np.uint64), np.zeros(MULTISPIN_CHUNK, np.uint64)
    group = max(1, MULTISPIN_CHUNK // half)  # rows a chunk spans
    for sweep in range(sweeps):
        up_counts[sweep] = 0
        bad_bond_counts[sweep] = 0
        for colour in range(2):
            spins, other = (a, b) if colour == 0 else (b, a)
            for top in range(0, rows, group):
                for first in range(0, half, MULTISPIN_CHUNK):
                    last = min(half, first + MULTISPIN_CHUNK)
                    width = last - first
                    n = 0
                    for i in range(top, min(rows, top + group)):
                        up = i - 1 if i > 0 else rows - 1
                        down = i + 1 if i < rows - 1 else 0
                        # neighbours m - 1 and m (m = 0 wrapping around), or m and m + 1
                        step = -1 if (i + colour) % 2 == 0 else 1
                        for m in range(first, last):  # indices, not views: no allocation
                            side = m + step
                            side = side + half if side < 0 else side
                            side = side - half if side >= half else side
                            r[n + m - first] = spins[i, m]
                            s1[n + m - first] = other[i, m]
                            s2[n + m - first] = other[i, side]
                            s3[n + m - first] = other[up, m]
                            s4[n + m - first] = other[down, m]
                        n += width
                    lanes_uniform64(lanes, drawn)
                    # always the whole buffer, a constant count of sites, so that the loop
                    # vectorises (and compiles once); entries past n are not read again
                    _update_words(r, s1, s2, s3, s4, drawn, first_p, first_changes, open_,
                                  MULTISPIN_CHUNK)
                    count = 0
                    for c in range(n):  # the sites with a replica undecided, without a branch
                        pending[count] = c
                        count += open_[c] != z
                    for e in range(count):
                        c = pending[e]
                        undecided = open_[c]
                        s = r[c]  # its undecided replicas have not flipped yet
                        none = ~((s ^ s1[c]) | (s ^ s2[c]) | (s ^ s3[c]) | (s ^ s4[c]))
                        less = z
                        for k in range(MULTISPIN_DIGITS, 32):
                            if used == extra.size:
                                lanes_uniform64(lanes, extra)
                                used = 0
                            w = extra[used]
                            used += 1
                            t = digits[k] ^ (none & changes[k])
                            less |= undecided & ~w & t
                            undecided &= ~(w ^ t)
                            if undecided == z:
                                break
                        r[c] = s ^ less
                    n = 0
                    for i in range(top, min(rows, top + group)):
                        for m in range(first, last):
                            spins[i, m] = r[n + m - first]
                        n += width
                    if colour == 1:
                        for start in range(0, n, COUNTED):
                            ups, bad = _count_chunk(r, s1, s2, s3, s4, start,
                                                    min(n, start + COUNTED), zero, zero)
                            _flush_bytes(ups, up_counts[sweep])
                            _flush_bytes(bad, bad_bond_counts[sweep])
