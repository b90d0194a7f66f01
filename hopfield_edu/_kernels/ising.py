"""Ising kernels: single-spin sweeps (checkerboard and random sites), Wolff clusters, and the
complete graph (Curie-Weiss). Each updates the lattice it is given in place and records the
sums of spins and of bonds after each sweep into the arrays it is given.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from .random import round_up, uniform32

#: Random numbers are uniform integers below 2**32; probabilities scale to it.
SCALE = 2.0**32


def flip_thresholds(algorithm: str, beta: float, J: float, h: float, z: int):
    """Thresholds for the single-spin kernels, one per neighbour sum, ordered by rank.

    Rank k stands for the neighbour sum nb = direction * (2k - z), so that the local field
    J * nb + h grows with k. See :func:`flip_counts` for how they are used. Plain Python: it prepares a kernel's input.
    """
    direction = 1 if J >= 0 else -1
    nb = direction * (2 * np.arange(z + 1) - z)
    field = J * nb + h
    if algorithm == "metropolis":  # accept with min(1, exp(-ΔE / T)), ΔE = 2 s field
        plus = np.exp(np.minimum(0.0, -2.0 * beta * field))
        minus = np.exp(np.minimum(0.0, 2.0 * beta * field))
    elif algorithm == "glauber":  # accept with 1 / (1 + exp(ΔE / T))
        plus = 0.5 * (1.0 - np.tanh(beta * field))
        minus = 0.5 * (1.0 + np.tanh(beta * field))
    else:  # heat bath: the new spin is +1 with probability 1 / (1 + exp(-2 field / T))
        plus = minus = 0.5 * (1.0 + np.tanh(beta * field))
    as_integers = lambda p: np.round(p * SCALE).astype(np.uint64)  # noqa: E731
    return direction, as_integers(plus), as_integers(minus)


# --- single-spin dynamics -----------------------------------------------------------------------
# Metropolis, Glauber and heat bath differ only in the probability with which a spin s with
# neighbour sum nb ends up flipped. For a given uniform random number u, the neighbour sums for
# which a +1 spin flips form a prefix of the ordered list of possible sums, and those for which
# a -1 spin flips form a suffix (the flip probability is monotone in the local field). So each
# random number is turned, before the sweep, into two ranks: the length of the prefix for +1
# spins and the start of the suffix for -1 spins. The sweep then decides each flip by comparing
# small integers, with no table look-up and no branch, which lets the compiler vectorise it.
# ``rank`` orders the sums: rank = (direction * nb + z) // 2, where z is the number of
# neighbours and direction is the sign of J.


_ALWAYS = np.uint64(2**32)  # a threshold every uniform32 number is below


@njit(cache=True)
def flip_counts(u, thresholds_plus, thresholds_minus, heat_bath, prefix, suffix):
    """Turn each random number u[m] into the ranks that flip a spin (see above).

    Metropolis and Glauber: a +1 spin of rank k flips when u < thresholds_plus[k], a -1 spin
    when u < thresholds_minus[k]. Heat bath sets the spin to +1 when u < thresholds_plus[k]
    (its probability of being +1), whatever it was, so a +1 spin flips when u is not below.
    Writes the length of the prefix of ranks that flip a +1 spin, and the first rank of the
    suffix that flips a -1 spin.
    """
    n_sums = thresholds_plus.size
    # A threshold of 0 or 2**32 decides every u alike (Metropolis at h = 0 flips a spin whose
    # energy does not rise, whatever u): count those at once, and compare u with the others.
    prefix[:] = np.sum(thresholds_plus >= _ALWAYS)
    suffix[:] = n_sums - np.sum(thresholds_minus >= _ALWAYS)
    for k in range(n_sums):  # the inner loops over m vectorise
        if 0 < thresholds_plus[k] < _ALWAYS:
            t = np.uint32(thresholds_plus[k])
            for m in range(u.size):
                prefix[m] += u[m] < t
        if 0 < thresholds_minus[k] < _ALWAYS:
            t = np.uint32(thresholds_minus[k])
            for m in range(u.size):
                suffix[m] -= u[m] < t
    if heat_bath:
        for m in range(u.size):
            prefix[m] = n_sums - prefix[m]


@njit(inline="always")
def _new_spin(s, rank, prefix, suffix):
    """A +1 spin flips when its rank is below the prefix length, a -1 spin when it is not below
    the suffix start: one comparison against the threshold for its sign, and no branch."""
    threshold = prefix if s > 0 else suffix
    return -s if (rank < threshold) == (s > 0) else s


@njit(inline="always")
def _update_row(row, other, above, below, prefix, suffix, vertical, direction, z,
                first, last, side):
    """Update row[first:last], whose horizontal neighbours are other[m] and other[m + side]."""
    d_m = 0
    d_bonds = 0
    for m in range(first, last):
        nb = np.int64(other[m]) + other[m + side] + vertical * (np.int64(above[m]) + below[m])
        s = np.int64(row[m])
        new = _new_spin(s, (direction * nb + z) >> 1, prefix[m], suffix[m])
        row[m] = new
        d_m += new - s
        d_bonds += (new - s) * nb
    return d_m, d_bonds


@njit(cache=True)
def checkerboard_half_sweep(a, b, colour, vertical, direction, prefix, suffix):
    """Update every spin of sublattice ``a`` of a bipartite periodic lattice, given ``b``.

    The lattice of shape (rows, L), L even, is stored as its two sublattices of shape
    (rows, L // 2); ``a`` holds the sites with (i + j) % 2 == colour. The neighbours of a[i, m]
    are b[i, m] and b[i, m - 1] or b[i, m + 1] (by the parity of i + colour), and, when
    ``vertical`` is 1, b[i - 1, m] and b[i + 1, m]. Spins of one colour do not interact, so
    the order of their updates does not matter, and the loops vectorise. ``prefix`` and
    ``suffix`` hold one entry per site of ``a``, row after row.

    Returns the change of the sum of spins and of the sum over bonds of s_i s_j.
    """
    rows, half = a.shape
    z = 2 + 2 * vertical
    d_m = 0
    d_bonds = 0
    for i in range(rows):
        row, other = a[i], b[i]
        above = b[i - 1 if i > 0 else rows - 1]
        below = b[i + 1 if i < rows - 1 else 0]
        pre = prefix[i * half:(i + 1) * half]
        suf = suffix[i * half:(i + 1) * half]
        if (i + colour) % 2 == 0:  # neighbours m - 1 and m; other[-1] wraps to the last site
            dm1, db1 = _update_row(row, other, above, below, pre, suf, vertical, direction,
                                   z, 0, half, -1)
            dm2, db2 = 0, 0
        else:  # neighbours m and m + 1; the last site's second neighbour is other[0]
            dm1, db1 = _update_row(row, other, above, below, pre, suf, vertical, direction,
                                   z, 0, half - 1, 1)
            dm2, db2 = _update_row(row, other, above, below, pre, suf, vertical, direction,
                                   z, half - 1, half, 1 - half)
        d_m += dm1 + dm2
        d_bonds += db1 + db2
    return d_m, d_bonds


@njit(cache=True)
def checkerboard_sweeps(a, b, vertical, direction, thresholds_plus, thresholds_minus,
                        heat_bath, sweeps, state, total_m, total_bonds, spin_sums, bond_sums):
    """Run ``sweeps`` sweeps of single-spin updates, first sublattice ``a``, then ``b``.

    Starting from the given sum of spins and sum over bonds of s_i s_j, records both after
    each sweep.
    """
    rows, half = a.shape
    u = np.empty(round_up(rows * half), np.uint32)
    prefix = np.empty(u.size, np.int8)
    suffix = np.empty(u.size, np.int8)
    for sweep in range(sweeps):
        for colour in range(2):
            uniform32(state, u)
            flip_counts(u, thresholds_plus, thresholds_minus, heat_bath, prefix, suffix)
            spins, other = (a, b) if colour == 0 else (b, a)
            d_m, d_bonds = checkerboard_half_sweep(spins, other, colour, vertical, direction,
                                                   prefix, suffix)
            total_m += d_m
            total_bonds += d_bonds
        spin_sums[sweep] = total_m
        bond_sums[sweep] = total_bonds


@njit(cache=True)
def random_site_sweeps(spins, vertical, direction, thresholds_plus, thresholds_minus, heat_bath,
                       sweeps, state, total_m, total_bonds, spin_sums, bond_sums):
    """Single-spin sweeps of N attempts each, every attempt at a site drawn at random.

    ``spins`` has shape (rows, L), rows = 1 for a chain. Each attempt is a reversible move, so
    the chain is ergodic on any lattice, odd or one-dimensional; decisions are made as in
    ``checkerboard_half_sweep``. Records the spin sum and bond sum after each sweep.
    """
    rows, length = spins.shape
    n = rows * length
    z = 2 + 2 * vertical
    sites = np.empty(round_up(n), np.uint32)
    u = np.empty(sites.size, np.uint32)
    prefix = np.empty(sites.size, np.int8)
    suffix = np.empty(sites.size, np.int8)
    for sweep in range(sweeps):
        uniform32(state, sites)
        uniform32(state, u)
        flip_counts(u, thresholds_plus, thresholds_minus, heat_bath, prefix, suffix)
        for t in range(n):
            site = np.int64((np.uint64(sites[t]) * np.uint64(n)) >> np.uint64(32))
            i = site // length
            j = site - i * length
            nb = (np.int64(spins[i, j - 1 if j > 0 else length - 1])
                  + spins[i, j + 1 if j < length - 1 else 0]
                  + vertical * (np.int64(spins[i - 1 if i > 0 else rows - 1, j])
                                + spins[i + 1 if i < rows - 1 else 0, j]))
            s = np.int64(spins[i, j])
            new = _new_spin(s, (direction * nb + z) >> 1, prefix[t], suffix[t])
            spins[i, j] = new
            total_m += new - s
            total_bonds += (new - s) * nb
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
