"""Ising kernels: single-spin sweeps (checkerboard and random sites), Wolff clusters, and the
complete graph (Curie-Weiss). Each updates the lattice it is given in place and records the
sums of spins and of bonds after each sweep into the arrays it is given.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from .random import lanes_round_up, lanes_uniform32, round_up, uniform32

#: Random numbers are uniform integers below 2**32; probabilities scale to it.
SCALE = 2.0**32

#: Entries of a decision table: (s > 0) * RANKS + rank, for z ≤ 4 neighbours.
RANKS = 5
TABLE_SIZE = 2 * RANKS


def flip_table(algorithm: str, beta: float, J: float, h: float, z: int) -> np.ndarray:
    """The decision table of the single-spin kernels.

    A spin s whose z neighbours sum to nb has rank k = (nb + z) // 2, the number of its
    neighbours that are +1, and entry (s > 0) * RANKS + k. A uniform 32-bit number u decides
    with v = u >> 1, a uniform 31-bit integer: Metropolis and Glauber flip the spin when
    v <= table[entry], which happens with probability (table[entry] + 1) / 2**31
    = round(2**31 p_flip) / 2**31, exactly 0 and 1 for p_flip = 0 and 1. The heat bath sets the
    spin to +1 when v <= table[entry], the entry holding round(2**31 p_up) - 1 for either sign;
    a +1 spin then flips when v is above. Plain Python: it prepares a kernel's input.
    """
    field = J * (2 * np.arange(z + 1) - z) + h
    if algorithm == "metropolis":  # accept with min(1, exp(-ΔE / T)), ΔE = 2 s field
        plus = np.exp(np.minimum(0.0, -2.0 * beta * field))
        minus = np.exp(np.minimum(0.0, 2.0 * beta * field))
    elif algorithm == "glauber":  # accept with 1 / (1 + exp(ΔE / T))
        plus = 0.5 * (1.0 - np.tanh(beta * field))
        minus = 0.5 * (1.0 + np.tanh(beta * field))
    else:  # heat bath: the new spin is +1 with probability 1 / (1 + exp(-2 field / T))
        plus = minus = 0.5 * (1.0 + np.tanh(beta * field))
    table = np.full(TABLE_SIZE, -1, np.int32)
    table[:z + 1] = np.round(minus * 2.0**31) - 1
    table[RANKS:RANKS + z + 1] = np.round(plus * 2.0**31) - 1
    return table


# --- single-spin dynamics -----------------------------------------------------------------------
# Metropolis, Glauber and heat bath differ only in the table of flip thresholds, one per sign of
# the spin and sum of its neighbours (see flip_table). A kernel picks the entry with a chain of
# selections rather than a table look-up, which the compiler can turn into vector instructions
# (a look-up would become a gather), and decides by comparing 31-bit integers: no branch, no
# floating point, and every number 32 bits wide, so that a vector holds as many sites as it can.
# The loop over a row holds nothing the compiler must branch on or leave to scalar code: the
# table is indexed by the neighbours' sum itself, whatever the sign of J; a chain's missing
# neighbours are a row of zeros; and the sublattices carry a copy of each row's far end on either
# side (_padded), so that no site of a row wraps around. Measured on an Intel Xeon (2026-12-07),
# the per-row branches and scalar sites had cost about 50 ns a row of 64 sites, half a sweep's
# time at L = 128.


@njit(inline="always")
def _threshold(table, rank, up):
    """table[up * RANKS + rank] for a tuple of TABLE_SIZE entries, by selections (no memory is
    read): the same four comparisons of the rank pick an entry from each half."""
    r1, r2, r3, r4 = rank == 1, rank == 2, rank == 3, rank == 4
    minus = table[0]
    minus = table[1] if r1 else minus
    minus = table[2] if r2 else minus
    minus = table[3] if r3 else minus
    minus = table[4] if r4 else minus
    plus = table[5]
    plus = table[6] if r1 else plus
    plus = table[7] if r2 else plus
    plus = table[8] if r3 else plus
    plus = table[9] if r4 else plus
    return plus if up else minus


@njit(inline="always")
def _as_tuple(table):
    """The TABLE_SIZE entries of the array ``table`` as a tuple, which lives in registers."""
    return (table[0], table[1], table[2], table[3], table[4], table[5], table[6], table[7],
            table[8], table[9])


@njit(inline="always")
def _flips(s, nb, u, z, table, heat_bath):
    """Whether spin s, its z neighbours summing to nb, flips for the uniform 32-bit number u.
    Every step is a comparison or a selection of 32-bit integers (no multiplication)."""
    up = s > 0
    threshold = _threshold(table, np.int32(nb + z) >> np.int32(1), up)
    below = np.int32(u >> np.uint32(1)) <= threshold
    return below != (heat_bath and up)


@njit(inline="always")
def _update_sites(row, same, side, above, below, u, z, table, heat_bath):
    """Update row[j] for every j, its neighbours being same[j], side[j], above[j], below[j]
    (above and below 0 for a chain, z = 2). Every array is a view of the same length, so that
    the loop reads them at the same index and vectorises. Returns the change of the sum of
    spins and of the sum over bonds of s_i s_j."""
    d_m = np.int32(0)
    d_bonds = np.int32(0)
    for j in range(row.size):
        nb = np.int32(np.int32(np.int32(same[j]) + np.int32(side[j]))
                      + np.int32(np.int32(above[j]) + np.int32(below[j])))
        s = np.int32(row[j])
        flip = _flips(s, nb, u[j], z, table, heat_bath)
        row[j] = np.int8(-s) if flip else np.int8(s)
        # a flip changes the spin sum by -2 s and the bond sum by -2 s nb
        d_m = np.int32(d_m + (np.int32(-2 * s) if flip else np.int32(0)))
        s_nb = nb if s > 0 else np.int32(-nb)
        d_bonds = np.int32(d_bonds + (np.int32(-2 * s_nb) if flip else np.int32(0)))
    return d_m, d_bonds


@njit(cache=True)
def checkerboard_half_sweep(a, b, colour, vertical, table, heat_bath, u):
    """Update every spin of sublattice ``a`` of a bipartite periodic lattice, given ``b``, in
    place.

    The lattice of shape (rows, L), L even, is stored as its two sublattices of shape
    (rows, L // 2); ``a`` holds the sites with (i + j) % 2 == colour. The neighbours of a[i, m]
    are b[i, m] and b[i, m - 1] or b[i, m + 1] (by the parity of i + colour), and, when
    ``vertical`` is 1, b[i - 1, m] and b[i + 1, m]. Spins of one colour do not interact, so
    the order of their updates does not matter, and the loops vectorise. Site a[i, m] is
    decided by u[i * (L // 2) + m] and the entries of ``table`` (:func:`flip_table`).

    Returns the change of the sum of spins and of the sum over bonds of s_i s_j.
    """
    padded_a, padded_b = _padded(a), _padded(b)
    nowhere = np.zeros(a.shape[1], b.dtype)
    change = _block_half_sweep(padded_a, padded_b, 0, a.shape[0], colour, vertical, table,
                               heat_bath, u, nowhere)
    a[:] = padded_a[:, 1:-1]
    return change


#: The checkerboard sweeps draw numbers for about this many sites at a time (a block of rows).
BLOCK = 2048


@njit(cache=True)
def checkerboard_sweeps(a, b, vertical, table, heat_bath, sweeps, lanes, total_m,
                        total_bonds, spin_sums, bond_sums):
    """Run ``sweeps`` sweeps of single-spin updates, first sublattice ``a``, then ``b``, in
    place; ``lanes`` (the state of :func:`lanes_uniform32`) advances in place.

    Each half sweep takes its numbers a block of rows at a time: ``block = min(rows,
    max(1, BLOCK // half))`` rows, one call of :func:`lanes_uniform32` filling
    ``lanes_round_up(block * half)`` numbers, the first ``m * half`` of them deciding the m
    rows of the block (fewer at the end) as in :func:`checkerboard_half_sweep`. Starting from
    the given sum of spins and sum over bonds of s_i s_j, records both after each sweep.
    """
    rows, half = a.shape
    block = min(rows, max(1, BLOCK // half))
    u = np.empty(lanes_round_up(block * half), np.uint32)
    padded_a, padded_b = _padded(a), _padded(b)
    nowhere = np.zeros(half, b.dtype)
    for sweep in range(sweeps):
        for colour in range(2):
            spins, other = (padded_a, padded_b) if colour == 0 else (padded_b, padded_a)
            for first in range(0, rows, block):
                m = min(block, rows - first)
                lanes_uniform32(lanes, u[:lanes_round_up(m * half)])
                d_m, d_bonds = _block_half_sweep(spins, other, first, m, colour, vertical,
                                                 table, heat_bath, u, nowhere)
                total_m += d_m
                total_bonds += d_bonds
        spin_sums[sweep] = total_m
        bond_sums[sweep] = total_bonds
    a[:] = padded_a[:, 1:-1]
    b[:] = padded_b[:, 1:-1]


@njit(inline="always")
def _padded(a):
    """Sublattice ``a`` (rows, half) with a column more on either side, each a copy of the
    row's far end (its periodic neighbour): (rows, half + 2), a[i, m] at [i, m + 1]."""
    rows, half = a.shape
    padded = np.empty((rows, half + 2), a.dtype)
    padded[:, 1:-1] = a
    padded[:, 0] = a[:, half - 1]
    padded[:, half + 1] = a[:, 0]
    return padded


@njit(inline="always")
def _block_half_sweep(a, b, first, m, colour, vertical, table, heat_bath, u, nowhere):
    """checkerboard_half_sweep on rows first .. first + m - 1 of ``a``, both sublattices
    padded (:func:`_padded`), whose copies at either end it keeps up to date; u[r * half + j]
    decides a[first + r, j + 1]. ``nowhere``, half zeros, stands for a chain's neighbours
    above and below (allocated by the caller, once). With the copies, each row is one loop
    over equal indices, which vectorises whole."""
    rows, half = a.shape[0], a.shape[1] - 2
    z = 2 + 2 * vertical
    table = _as_tuple(table)
    d_m = 0
    d_bonds = 0
    for i in range(first, first + m):
        other = b[i]
        side = 0 if (i + colour) % 2 == 0 else 2  # neighbours m - 1 and m, or m and m + 1
        above = b[i - 1 if i > 0 else rows - 1, 1:half + 1] if vertical else nowhere
        below = b[i + 1 if i < rows - 1 else 0, 1:half + 1] if vertical else nowhere
        dm, db = _update_sites(a[i, 1:half + 1], other[1:half + 1], other[side:side + half],
                               above, below, u[(i - first) * half:(i - first + 1) * half], z,
                               table, heat_bath)
        a[i, 0], a[i, half + 1] = a[i, half], a[i, 1]
        d_m += dm
        d_bonds += db
    return d_m, d_bonds


@njit(cache=True)
def random_site_sweeps(spins, vertical, table, heat_bath, sweeps, state, total_m,
                       total_bonds, spin_sums, bond_sums):
    """Single-spin sweeps of N attempts each, every attempt at a site drawn at random.

    ``spins`` has shape (rows, L), rows = 1 for a chain. Each attempt is a reversible move, so
    the chain is ergodic on any lattice, odd or one-dimensional; decisions are made as in
    ``checkerboard_half_sweep``, by ``table`` (:func:`flip_table`). Records the spin sum and
    bond sum after each sweep; ``spins`` and ``state`` are updated in place.
    """
    rows, length = spins.shape
    n = rows * length
    z = 2 + 2 * vertical
    sites = np.empty(round_up(n), np.uint32)
    u = np.empty(sites.size, np.uint32)
    table = _as_tuple(table)
    for sweep in range(sweeps):
        uniform32(state, sites)
        uniform32(state, u)
        for t in range(n):
            site = np.int64((np.uint64(sites[t]) * np.uint64(n)) >> np.uint64(32))
            i = site // length
            j = site - i * length
            nb = (np.int64(spins[i, j - 1 if j > 0 else length - 1])
                  + spins[i, j + 1 if j < length - 1 else 0]
                  + vertical * (np.int64(spins[i - 1 if i > 0 else rows - 1, j])
                                + spins[i + 1 if i < rows - 1 else 0, j]))
            s = np.int64(spins[i, j])
            if _flips(s, nb, u[t], z, table, heat_bath):
                spins[i, j] = -s
                total_m -= 2 * s
                total_bonds -= 2 * s * nb
        spin_sums[sweep] = total_m
        bond_sums[sweep] = total_bonds


# --- Wolff cluster updates ----------------------------------------------------------------------


@njit(cache=True)
def wolff_steps(spins, vertical, add_threshold, steps, state, total_m, total_bonds, spin_sums,
                bond_sums, cluster_sizes):
    """Grow and flip ``steps`` Wolff clusters (Wolff 1989) on a periodic lattice, J > 0, h = 0.

    From a random seed site the cluster grows breadth first: each neighbour with the cluster's
    spin joins with probability 1 - exp(-2 J / T), decided as u < ``add_threshold``. The whole
    cluster is then flipped, a move that is always accepted. Records the spin sum, the bond sum
    and the cluster size after each step.
    """
    rows, length = spins.shape
    n = rows * length
    z = 2 + 2 * vertical
    flat = spins.ravel()
    in_cluster = np.zeros(n, np.int64)  # the step that last added each site
    # the cluster, in the order its sites joined, as rows and columns (no division by length);
    # one spare slot, as each candidate is written before it is known whether it joins
    member_rows = np.empty(n + 1, np.int64)
    member_columns = np.empty(n + 1, np.int64)
    u = np.empty(256, np.uint32)
    used = u.size
    for step in range(1, steps + 1):
        if used == u.size:
            uniform32(state, u)
            used = 0
        seed = np.int64((np.uint64(u[used]) * np.uint64(n)) >> np.uint64(32))
        used += 1
        cluster_spin = flat[seed]
        in_cluster[seed] = step
        member_rows[0] = seed // length
        member_columns[0] = seed - member_rows[0] * length
        size = 1
        head = 0
        while head < size:
            i, j = member_rows[head], member_columns[head]
            head += 1
            for c in range(z):
                a, b = _neighbour(i, j, c, rows, length)
                other = a * length + b
                if used == u.size:
                    uniform32(state, u)
                    used = 0
                # an aligned site outside the cluster draws a number, and joins if it is below
                # the threshold; decided without branches, which would be mispredicted often
                draws = (in_cluster[other] != step) & (flat[other] == cluster_spin)
                joins = draws & (u[used] < add_threshold)
                used += draws
                in_cluster[other] = step if joins else in_cluster[other]
                member_rows[size] = a
                member_columns[size] = b
                size += joins
        # bonds between the cluster and the rest change sign when the cluster flips
        d_bonds = 0
        for k in range(size):
            i, j = member_rows[k], member_columns[k]
            for c in range(z):
                a, b = _neighbour(i, j, c, rows, length)
                outside = in_cluster[a * length + b] != step
                d_bonds -= 2 * np.int64(cluster_spin) * flat[a * length + b] * outside
            flat[i * length + j] = -cluster_spin
        total_m -= 2 * np.int64(cluster_spin) * size
        total_bonds += d_bonds
        spin_sums[step - 1] = total_m
        bond_sums[step - 1] = total_bonds
        cluster_sizes[step - 1] = size


@njit(inline="always")
def _neighbour(i, j, c, rows, length):
    """Neighbour ``c`` of site (i, j) on the periodic lattice: right, left, below, above."""
    if c == 0:
        return i, j + 1 if j < length - 1 else 0
    if c == 1:
        return i, j - 1 if j > 0 else length - 1
    if c == 2:
        return i + 1 if i < rows - 1 else 0, j
    return i - 1 if i > 0 else rows - 1, j


# --- the complete graph (Curie-Weiss) -----------------------------------------------------------


@njit(cache=True)
def curie_weiss_sweeps(spins, beta, h, sweeps, state, total_m, spin_sums):
    """Glauber dynamics of N spins that all couple to all, J_ij = 1/N, in a field h, at random
    sites; ``spins`` and ``state`` are updated in place.

    The local field of spin i is (M - s_i) / N + h, M = Σ s: keeping M up to date makes each
    attempt O(1), and its flip probability, which depends only on s_i and M, is worked out
    once for every pair. Records M after each sweep of N attempts.
    """
    n = spins.size
    threshold = np.empty((2, 2 * n + 1))  # [(s + 1) // 2, M + n]: 2**32 × P(flip s at M)
    for k in range(2):
        s = np.int64(2 * k - 1)
        for m in range(-n, n + 1):
            field = (m - s) / n + h
            threshold[k, m + n] = 1.0 / (1.0 + np.exp(2.0 * beta * s * field)) * 4294967296.0
    sites = np.empty(round_up(n), np.uint32)
    u = np.empty(sites.size, np.uint32)
    for sweep in range(sweeps):
        uniform32(state, sites)
        uniform32(state, u)
        for t in range(n):
            i = np.int64((np.uint64(sites[t]) * np.uint64(n)) >> np.uint64(32))
            s = np.int64(spins[i])
            if u[t] < threshold[(s + 1) // 2, total_m + n]:
                spins[i] = -s
                total_m -= 2 * s
        spin_sums[sweep] = total_m
