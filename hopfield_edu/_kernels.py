"""Every Numba-compiled function of the course, in one place.

The kernels are pure functions: arrays and scalars in, arrays out. They do no input checking;
the model classes validate their arguments and then call these. Each is compiled on first use
and cached on disk (``cache=True``), so a notebook compiles only what it uses, and only once.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def _writable(folder: Path) -> bool:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            return True
    except OSError:
        return False


def _choose_cache_dir() -> str | None:
    """Where Numba should keep its cache, or None when its own default works.

    Numba writes its cache next to this file, else under the user's cache folder, and fails
    with a RuntimeError at import when neither is writable (a read-only install with an
    unwritable home). Then fall back to a folder in the temporary directory.
    """
    if os.environ.get("NUMBA_CACHE_DIR"):
        return None
    if _writable(Path(__file__).parent / "__pycache__"):
        return None
    user_cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "numba"
    if _writable(user_cache):
        return None
    user = os.getuid() if hasattr(os, "getuid") else os.getlogin()
    return str(Path(tempfile.gettempdir()) / f"hopfield_edu-numba-{user}")


_cache_dir = _choose_cache_dir()
if _cache_dir is not None:
    import numba.core.config

    os.environ["NUMBA_CACHE_DIR"] = _cache_dir
    numba.core.config.CACHE_DIR = _cache_dir

import numpy as np  # noqa: E402
from numba import njit  # noqa: E402  (imported once the cache folder is settled)


# --- random numbers ------------------------------------------------------------------------------
# The kernels draw from two interleaved xoshiro256** generators (Blackman & Vigna 2021), seeded
# from the caller's NumPy Generator, so a seed fixes every result. Two independent generators
# advance in parallel on one core, which doubles the rate of this short dependency chain.


@njit(inline="always")
def _rotl(x, k):
    return (x << np.uint64(k)) | (x >> np.uint64(64 - k))


@njit(inline="always")
def _xoshiro_step(s0, s1, s2, s3):
    """One step of xoshiro256**: returns the output and the new state."""
    result = _rotl(s1 * np.uint64(5), 7) * np.uint64(9)
    t = s1 << np.uint64(17)
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    return result, s0, s1, s2, _rotl(s3, 45)


@njit(inline="always")
def _round_up(n):
    """The smallest multiple of 4 that is at least n: the buffer size uniform32 fills."""
    return (n + 3) // 4 * 4


@njit(cache=True)
def uniform32(state, out):
    """Fill ``out`` (uint32, size a multiple of 4) with uniform integers in [0, 2**32).

    ``state`` holds the eight words of the two generators and is advanced in place.
    """
    a0, a1, a2, a3, b0, b1, b2, b3 = state
    mask = np.uint64(0xFFFFFFFF)
    for m in range(0, out.size, 4):
        ra, a0, a1, a2, a3 = _xoshiro_step(a0, a1, a2, a3)
        rb, b0, b1, b2, b3 = _xoshiro_step(b0, b1, b2, b3)
        out[m] = np.uint32(ra >> np.uint64(32))
        out[m + 1] = np.uint32(ra & mask)
        out[m + 2] = np.uint32(rb >> np.uint64(32))
        out[m + 3] = np.uint32(rb & mask)
    state[0], state[1], state[2], state[3] = a0, a1, a2, a3
    state[4], state[5], state[6], state[7] = b0, b1, b2, b3


# --- Ising model: single-spin dynamics ----------------------------------------------------------
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
    u = np.empty(_round_up(rows * half), np.uint32)
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
    sites = np.empty(_round_up(n), np.uint32)
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


# --- Ising model: Wolff cluster updates ---------------------------------------------------------


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


# --- Ising model: the complete graph (Curie-Weiss) ---------------------------------------------


@njit(cache=True)
def curie_weiss_sweeps(spins, beta, sweeps, state, total_m, spin_sums):
    """Glauber dynamics of N spins that all couple to all, J_ij = 1/N, at random sites.

    The local field of spin i is (M - s_i) / N, M = Σ s: keeping M up to date makes each
    attempt O(1), and its flip probability, which depends only on s_i and M, is worked out
    once for every pair. Records M after each sweep of N attempts.
    """
    n = spins.size
    threshold = np.empty((2, 2 * n + 1))  # [(s + 1) // 2, M + n]: 2**32 × P(flip s at M)
    for k in range(2):
        s = np.int64(2 * k - 1)
        for m in range(-n, n + 1):
            field = (m - s) / n
            threshold[k, m + n] = 1.0 / (1.0 + np.exp(2.0 * beta * s * field)) * 4294967296.0
    sites = np.empty(_round_up(n), np.uint32)
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


# --- classical Hopfield network -----------------------------------------------------------------


@njit(cache=True)
def async_sweep(weights, scale, state, fields, order, uniforms, beta):
    """One asynchronous sweep of a Hopfield network: each unit once, in the order given.

    ``fields`` holds weights @ state and is kept up to date as units flip (O(N) per flip,
    nothing per unit that stays). With beta = 0 a unit takes the sign of its field and keeps
    its state when the field is exactly zero; with beta > 0 it becomes +1 with probability
    1 / (1 + exp(-2 beta h)), h = scale * field (Glauber), decided by ``uniforms``. The weights
    are symmetric, so a row serves as the column of the unit that flipped. Returns the number
    of flips.
    """
    n = state.size
    flips = 0
    for t in range(n):
        i = order[t]
        s = state[i]
        h = fields[i]
        if beta == 0.0:
            new = 1 if h > 0 else (-1 if h < 0 else s)
        else:
            new = 1 if uniforms[t] < 1.0 / (1.0 + np.exp(-2.0 * beta * scale * h)) else -1
        if new != s:
            state[i] = new
            flips += 1
            change = 2.0 * new
            row = weights[i]
            for j in range(n):
                fields[j] += change * row[j]
    return flips


@njit(cache=True)
def hebbian_fields(patterns, state, fields):
    """fields = Σ_μ ξ^μ (ξ^μ·s) - p s: the Hebbian counts Σ_μ ξ_i^μ ξ_j^μ, zero on the diagonal,
    times the state, computed from the p stored patterns (rows) in O(pN) instead of O(N²):
    the counts matrix is only read a row at a time, for the units that flip.

    Integer sums, exact: the same fields as the counts matrix gives.
    """
    p, n = patterns.shape
    for i in range(n):
        fields[i] = -p * state[i]
    for mu in range(p):
        row = patterns[mu]
        overlap = 0
        for i in range(n):
            overlap += row[i] * state[i]
        for i in range(n):
            fields[i] += overlap * row[i]


@njit(cache=True)
def threshold_sweep(weights, state, fields, order, threshold):
    """One asynchronous sweep of 0/1 units: V_i = 1 above the threshold, 0 below, kept at it.

    ``fields`` holds weights @ state and follows every change (weights symmetric). Returns the
    number of units that changed.
    """
    changes = 0
    for t in range(state.size):
        i = order[t]
        h = fields[i]
        new = 1 if h > threshold else (0 if h < threshold else state[i])
        if new != state[i]:
            step = new - state[i]
            state[i] = new
            changes += 1
            row = weights[i]
            for j in range(state.size):
                fields[j] += step * row[j]
    return changes


# --- dense associative memory -------------------------------------------------------------------
# Unit i in state s changes its overlap with pattern μ from o to o - 2 ξ_i^μ s if it flips, so
# keeping it gains Σ_μ [F(o_μ) - F(o_μ - 2 ξ_i^μ s)]. Split each term into a part common to all
# units and a part proportional to ξ_i^μ s: then a unit's decision is one dot product of its
# bits with a cached vector, which the compiler vectorises. The caches are rebuilt only when a
# unit flips.


@njit(inline="always")
def _interaction(x, kind, degree):
    """F(x) = x**degree (kind 0) or max(x, 0)**degree (kind 1)."""
    if kind == 1 and x <= 0.0:
        return 0.0
    return x**degree


@njit(cache=True)
def _dense_caches(overlaps, kind, degree, beta, weight):
    """Fill ``weight`` and return the common total.

    Polynomial: F(o - 2 ξ s) = mid - ξ s half_diff with mid = (F(o-2) + F(o+2)) / 2 and
    half_diff = (F(o+2) - F(o-2)) / 2; returns Σ (F(o) - mid) and weight = half_diff, so that
    keeping a unit gains total + s (bits · weight). Exponential: weight = exp(β(o - max o))
    (the largest term is exactly 1) and returns its sum.
    """
    total = 0.0
    if kind == 2:
        top = overlaps.max()
        for mu in range(overlaps.size):
            weight[mu] = np.exp(beta * (overlaps[mu] - top))
            total += weight[mu]
        return total
    for mu in range(overlaps.size):
        low = _interaction(overlaps[mu] - 2.0, kind, degree)
        high = _interaction(overlaps[mu] + 2.0, kind, degree)
        total += _interaction(overlaps[mu], kind, degree) - 0.5 * (low + high)
        weight[mu] = 0.5 * (high - low)
    return total


@njit(cache=True, fastmath={"reassoc"})  # lets the dot products vectorise; integer sums stay exact
def dense_async_sweep(patterns_t, state, overlaps, order, kind, degree, beta):
    """One asynchronous sweep of a dense associative memory (Krotov & Hopfield 2016).

    ``patterns_t`` holds the K stored patterns as columns (N, K), so that a unit's bits are
    contiguous; ``overlaps`` holds ξ^μ·σ and follows every flip. Unit i takes the state of
    lower energy E = -Σ_μ F(ξ^μ·σ) and keeps its state on a tie. For the exponential the
    gain is proportional to A - e^(2β) B, A and B the sums of exp(β o_μ) over the patterns
    whose bit agrees and disagrees with the unit, and is compared in logarithms. Returns the
    number of flips.
    """
    n, k = patterns_t.shape
    weight = np.empty(k)
    total = _dense_caches(overlaps, kind, degree, beta, weight)
    flips = 0
    for t in range(n):
        i = order[t]
        s = state[i]
        bits = patterns_t[i]
        dot = 0.0
        for mu in range(k):
            dot += bits[mu] * weight[mu]
        if kind == 2:
            agree = 0.5 * (total + s * dot)
            disagree = 0.5 * (total - s * dot)
            if disagree <= 0.0:
                keep = 1.0
            elif agree <= 0.0:
                keep = -1.0
            else:
                keep = np.sign(np.log(agree) - np.log(disagree) - 2.0 * beta)
        else:
            keep = total + s * dot
        gain = s * keep  # the energy advantage of σ_i = +1 over σ_i = -1
        new = 1 if gain > 0.0 else (-1 if gain < 0.0 else s)
        if new != s:
            state[i] = new
            flips += 1
            for mu in range(k):
                overlaps[mu] += 2.0 * new * bits[mu]
            if kind == 2 and beta < 100.0:
                # exp(β o) changes by the factor exp(±2β): only the ratio of the two sums
                # matters, so the weights may drift in scale; rebuild them when they stray
                grow, shrink = np.exp(2.0 * beta), np.exp(-2.0 * beta)
                total = 0.0
                largest = 0.0
                for mu in range(k):
                    weight[mu] *= grow if bits[mu] * new > 0 else shrink
                    total += weight[mu]
                    largest = max(largest, weight[mu])
                if not 1e-200 < largest < 1e200:
                    total = _dense_caches(overlaps, kind, degree, beta, weight)
            else:
                total = _dense_caches(overlaps, kind, degree, beta, weight)
    return flips


@njit(cache=True, fastmath={"reassoc"})
def dense_overlaps(patterns_t, state, out):
    """out[μ] = ξ^μ·σ for the patterns stored as the columns of ``patterns_t`` (N, K)."""
    out[:] = 0.0
    for i in range(patterns_t.shape[0]):
        bits = patterns_t[i]
        s = state[i]
        for mu in range(out.size):
            out[mu] += s * bits[mu]
