"""Chapter 1: the Ising model against its exact results, and the kernels against plain NumPy.

Statistical tests use fixed seeds and errors from batch means: a deviation of more than five
standard errors fails (a chance of about 1e-6 for a correct sampler).
"""

import math

import numpy as np
import pytest

from hopfield_edu import _kernels, ising, reference

TC = ising.CRITICAL_TEMPERATURE
SCALE = 2**32


def decides(u, p):
    """The kernels' rule: a uniform 32-bit u says yes to probability p when its top 31 bits,
    u >> 1, fall below round(p 2**31)."""
    return (int(u) >> 1) < round(p * 2**31)


def batch_mean(series, batches=50):
    """Mean and its standard error from ``batches`` consecutive batches."""
    means = np.array([chunk.mean() for chunk in np.array_split(np.asarray(series), batches)])
    return means.mean(), means.std(ddof=1) / np.sqrt(batches)


def energy_per_spin_by_bonds(spins, J=1.0, h=0.0):
    """Energy per spin computed from scratch, bond by bond (each bond counted once)."""
    s = spins.astype(np.int64)
    bonds = sum(np.sum(s * np.roll(s, -1, axis=axis)) for axis in range(s.ndim))
    return (-J * bonds - h * s.sum()) / s.size


# --- the kernels against obvious references -----------------------------------------------------


MASK = 2**64 - 1


def rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & MASK


SCRAMBLERS = {  # the two published output functions of the xoshiro256 family
    "**": lambda s: rotl((s[1] * 5) & MASK, 7) * 9 & MASK,
    "++": lambda s: (rotl((s[0] + s[3]) & MASK, 23) + s[0]) & MASK,
}


def xoshiro256(state, scrambler):
    """The published xoshiro256** or xoshiro256++ algorithm in Python integers: yields 64-bit
    outputs. The two share the state update and differ only in the output's scrambler."""
    s = [int(word) for word in state]
    output = SCRAMBLERS[scrambler]
    while True:
        result = output(s)
        t = (s[1] << 17) & MASK
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 45)
        yield result


def test_uniform32_is_two_interleaved_xoshiro256starstar_streams():
    state = np.random.default_rng(1).integers(1, 2**63, size=8, dtype=np.uint64)
    first, second = xoshiro256(state[:4], "**"), xoshiro256(state[4:], "**")
    expected = []
    for _ in range(5):
        a, b = next(first), next(second)
        expected += [a >> 32, a & 0xFFFFFFFF, b >> 32, b & 0xFFFFFFFF]
    out = np.empty(20, np.uint32)
    _kernels.uniform32(state, out)
    assert out.tolist() == expected


def splitmix64(seed):
    """The published SplitMix64 algorithm in Python integers: yields 64-bit outputs."""
    x = int(seed)
    while True:
        x = (x + 0x9E3779B97F4A7C15) & MASK
        z = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9 & MASK
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB & MASK
        yield z ^ (z >> 31)


def test_lanes_uniform32_are_xoshiro256plusplus_streams_side_by_side():
    lanes = _kernels.LANES
    words = _kernels.seed_state(np.random.default_rng(2))
    state = _kernels.seed_lanes(words)
    sequences = [splitmix64(word) for word in words]
    expected = [next(sequences[j]) for _ in range(4 * lanes // 8) for j in range(8)]
    assert state.reshape(-1).tolist() == expected
    streams = [xoshiro256(state[:, k].copy(), "++") for k in range(lanes)]
    out = np.empty(3 * 2 * lanes, np.uint32)
    _kernels.lanes_uniform32(state, out)
    expected = []
    for _ in range(3):
        words = [next(stream) for stream in streams]
        expected += [w & 0xFFFFFFFF for w in words] + [w >> 32 for w in words]
    assert out.tolist() == expected


def test_lanes_uniform64_gives_the_same_streams_whole():
    """Step t of generator k gives out[LANES t + k] its whole 64-bit output, the state
    advancing as lanes_uniform32's does."""
    lanes = _kernels.LANES
    state = _kernels.seed_lanes(_kernels.seed_state(np.random.default_rng(3)))
    streams = [xoshiro256(state[:, k].copy(), "++") for k in range(lanes)]
    out = np.empty(3 * lanes, np.uint64)
    _kernels.lanes_uniform64(state, out)
    assert out.tolist() == [next(stream) for _ in range(3) for stream in streams]
    later = np.empty(2 * lanes, np.uint32)
    _kernels.lanes_uniform32(state, later)
    assert later[:lanes].tolist() == [next(stream) & 0xFFFFFFFF for stream in streams]


@pytest.mark.parametrize("algorithm", ["metropolis", "heatbath"])
@pytest.mark.parametrize("L", [6, 16, 100])  # one block of rows; 100: blocks of 40 and 20 rows
def test_checkerboard_sweeps_match_half_sweeps_on_the_lanes_numbers(algorithm, L):
    rng = np.random.default_rng(7)
    a, b = (np.where(rng.random((L, L // 2)) < 0.5, 1, -1).astype(np.int8) for _ in range(2))
    lanes = _kernels.seed_lanes(_kernels.seed_state(rng))
    table = _kernels.flip_table(algorithm, 1 / 2.2, 1.0, 0.1, 4)
    heat_bath = algorithm == "heatbath"
    expected_a, expected_b, numbers = a.copy(), b.copy(), lanes.copy()
    half, sweeps = L // 2, 3
    block = min(L, max(1, _kernels.ising.BLOCK // half))
    for _ in range(sweeps):
        for colour, (spins, other) in enumerate([(expected_a, expected_b),
                                                 (expected_b, expected_a)]):
            for first in range(0, L, block):
                m = min(block, L - first)
                u = np.empty(-(-m * half // (2 * _kernels.LANES)) * 2 * _kernels.LANES, np.uint32)
                _kernels.lanes_uniform32(numbers, u)
                spins[first:first + m] = direct_half_sweep(
                    spins, other, colour, 1, np.concatenate(
                        [np.zeros(first * half, np.uint32), u[:m * half],
                         np.zeros((L - first - m) * half, np.uint32)]),
                    algorithm, 1 / 2.2, 1.0, 0.1)[first:first + m]
    sums = np.empty(sweeps, np.int64), np.empty(sweeps, np.int64)
    _kernels.checkerboard_sweeps(a, b, 1, table, heat_bath, sweeps, lanes,
                                 int(a.sum()) + int(b.sum()), 0, *sums)
    assert np.array_equal(a, expected_a) and np.array_equal(b, expected_b)
    assert np.array_equal(lanes, numbers)
    assert sums[0][-1] == expected_a.sum() + expected_b.sum()


def direct_neighbour_sums(b, colour, vertical):
    """The sum of the neighbours in ``b`` of every site of the other sublattice."""
    rows, half = b.shape
    nb = np.zeros((rows, half), np.int64)
    for i in range(rows):
        for m in range(half):
            side = -1 if (i + colour) % 2 == 0 else 1
            nb[i, m] = b[i, m] + b[i, (m + side) % half]
            if vertical:
                nb[i, m] += b[(i - 1) % rows, m] + b[(i + 1) % rows, m]
    return nb


def direct_half_sweep(a, b, colour, vertical, u, algorithm, beta, J, h):
    """One half-sweep written the obvious way: neighbour sum, probability, compare."""
    a = a.astype(np.int64)
    rows, half = a.shape
    for i in range(rows):
        for m in range(half):
            side = -1 if (i + colour) % 2 == 0 else 1
            nb = b[i, m] + b[i, (m + side) % half]
            if vertical:
                nb += b[(i - 1) % rows, m] + b[(i + 1) % rows, m]
            field = J * nb + h
            s = a[i, m]
            if algorithm == "metropolis":
                p_flip = min(1.0, math.exp(-2 * beta * s * field))
            elif algorithm == "glauber":
                p_flip = 1 / (1 + math.exp(2 * beta * s * field))
            else:  # heat bath: +1 with probability p_up, regardless of s
                p_up = 1 / (1 + math.exp(-2 * beta * field))
                a[i, m] = 1 if decides(u[i * half + m], p_up) else -1
                continue
            if decides(u[i * half + m], p_flip):
                a[i, m] = -s
    return a


@pytest.mark.parametrize("algorithm", ["metropolis", "glauber", "heatbath"])
@pytest.mark.parametrize("J, h", [(1.0, 0.0), (0.7, 0.4), (-1.0, 0.25), (0.0, -0.5)])
# chains and lattices; rows of one site (L = 2, both side neighbours the same) and of an odd
# number, which no vector fills
@pytest.mark.parametrize("rows, half", [(1, 8), (1, 1), (6, 4), (3, 5), (2, 1)])
def test_checkerboard_half_sweep_matches_direct_decisions(algorithm, J, h, rows, half):
    rng = np.random.default_rng(3)
    vertical = int(rows > 1)
    beta = 1 / 1.7
    table = _kernels.flip_table(algorithm, beta, J, h, 2 + 2 * vertical)
    for colour in (0, 1):
        a = np.where(rng.random((rows, half)) < 0.5, 1, -1).astype(np.int8)
        b = np.where(rng.random((rows, half)) < 0.5, 1, -1).astype(np.int8)
        u = rng.integers(0, SCALE, size=rows * half, dtype=np.uint32)
        extremes = [0, 1, SCALE - 2, SCALE - 1][:u.size]  # p = 0 never and p = 1 always
        u[:len(extremes)] = extremes
        expected = direct_half_sweep(a, b, colour, vertical, u, algorithm, beta, J, h)
        before = a.astype(np.int64)
        bonds = lambda x: np.sum(x * direct_neighbour_sums(b, colour, vertical))  # noqa: E731
        d_m, d_bonds = _kernels.checkerboard_half_sweep(a, b, colour, vertical, table,
                                                        algorithm == "heatbath", u)
        assert np.array_equal(a, expected)
        assert d_m == expected.sum() - before.sum()
        assert d_bonds == bonds(expected) - bonds(before)


def random_site_draws(state, n, sweeps):
    """The random-site kernels' draws, from their own generator (checked against xoshiro256**
    above): each sweep fills a buffer of site numbers, then one of uniforms; yields, attempt by
    attempt, the site picked and the uniform that decides it."""
    sites, u = (np.empty((n + 3) // 4 * 4, np.uint32) for _ in range(2))
    for _ in range(sweeps):
        _kernels.uniform32(state, sites)
        _kernels.uniform32(state, u)
        for t in range(n):
            yield int(sites[t]) * n >> 32, int(u[t])


def direct_random_site_sweeps(spins, state, sweeps, algorithm, beta, J, h):
    """Random-site sweeps written the obvious way, from the kernel's own random numbers: pick a
    site, sum its neighbours, compare a uniform number with the flip probability."""
    spins = spins.astype(np.int64)
    rows, length = spins.shape
    for site, u in random_site_draws(state, spins.size, sweeps):
        i, j = divmod(site, length)
        nb = spins[i, (j - 1) % length] + spins[i, (j + 1) % length]
        if rows > 1:
            nb += spins[(i - 1) % rows, j] + spins[(i + 1) % rows, j]
        field, s = J * nb + h, spins[i, j]
        if algorithm == "heatbath":
            p_up = 1 / (1 + math.exp(-2 * beta * field))
            spins[i, j] = 1 if decides(u, p_up) else -1
            continue
        if algorithm == "metropolis":
            p_flip = min(1.0, math.exp(-2 * beta * s * field))
        else:
            p_flip = 1 / (1 + math.exp(2 * beta * s * field))
        if decides(u, p_flip):
            spins[i, j] = -s
    return spins


@pytest.mark.parametrize("algorithm", ["metropolis", "glauber", "heatbath"])
@pytest.mark.parametrize("J, h", [(1.0, 0.0), (0.7, 0.4), (-1.0, 0.25)])
@pytest.mark.parametrize("shape", [(1, 9), (5, 5)])
def test_random_site_sweeps_match_direct_decisions(algorithm, J, h, shape):
    rng = np.random.default_rng(4)
    spins = np.where(rng.random(shape) < 0.5, 1, -1).astype(np.int8)
    state = rng.integers(0, 2**64, size=8, dtype=np.uint64, endpoint=False)
    vertical, beta, sweeps = int(shape[0] > 1), 1 / 1.7, 20
    expected = direct_random_site_sweeps(spins, state.copy(), sweeps, algorithm, beta, J, h)
    table = _kernels.flip_table(algorithm, beta, J, h, 2 + 2 * vertical)
    spin_sums, bond_sums = np.empty(sweeps, np.int64), np.empty(sweeps, np.int64)
    _kernels.random_site_sweeps(spins, vertical, table, algorithm == "heatbath",
                                sweeps, state, int(spins.sum()), 0, spin_sums, bond_sums)
    assert np.array_equal(spins, expected)
    assert spin_sums[-1] == expected.sum()


def kernel_numbers(state):
    """The kernel's random numbers one at a time, drawn 256 at a time as the Wolff kernel does."""
    u = np.empty(256, np.uint32)
    while True:
        _kernels.uniform32(state, u)
        yield from (int(x) for x in u)


def direct_wolff_steps(spins, state, steps, beta, J):
    """Wolff steps written the obvious way from the kernel's random numbers: a random seed site,
    then a breadth-first cluster in which each aligned neighbour outside it draws a number and
    joins with probability 1 - exp(-2 J / T); then the cluster flips."""
    spins = spins.astype(np.int64)
    rows, length = spins.shape
    add = round(-math.expm1(-2 * beta * J) * SCALE)
    stream = kernel_numbers(state)
    sizes = []
    for _ in range(steps):
        cluster = [divmod(next(stream) * spins.size >> 32, length)]
        spin = spins[cluster[0]]
        for i, j in cluster:  # the list grows as it is read: breadth first
            neighbours = [(i, (j + 1) % length), (i, (j - 1) % length)]
            if rows > 1:
                neighbours += [((i + 1) % rows, j), ((i - 1) % rows, j)]
            for site in neighbours:
                if site not in cluster and spins[site] == spin and next(stream) < add:
                    cluster.append(site)
        for site in cluster:
            spins[site] = -spin
        sizes.append(len(cluster))
    return spins, sizes


@pytest.mark.parametrize("shape", [(1, 12), (6, 6), (2, 2)])
@pytest.mark.parametrize("T", [1.5, 2.27, 4.0])
def test_wolff_steps_match_direct_clusters(shape, T):
    rng = np.random.default_rng(5)
    spins = np.where(rng.random(shape) < 0.5, 1, -1).astype(np.int8)
    state = rng.integers(0, 2**64, size=8, dtype=np.uint64, endpoint=False)
    steps = 40
    expected, sizes = direct_wolff_steps(spins, state.copy(), steps, 1 / T, 1.0)
    add = np.uint64(round(-math.expm1(-2 / T) * SCALE))
    spin_sums, bond_sums, kernel_sizes = (np.empty(steps, np.int64) for _ in range(3))
    _kernels.wolff_steps(spins, int(shape[0] > 1), add, steps, state, int(spins.sum()), 0,
                         spin_sums, bond_sums, kernel_sizes)
    assert kernel_sizes.tolist() == sizes
    assert np.array_equal(spins, expected)


def direct_curie_weiss_sweeps(spins, state, sweeps, beta, h):
    """Glauber sweeps of the complete graph written the obvious way, from the kernel's random
    numbers: the field on spin i is (M - s_i) / N + h, recomputed from the spins at every
    attempt."""
    spins = spins.astype(np.int64)
    for i, u in random_site_draws(state, spins.size, sweeps):
        s = spins[i]
        field = (spins.sum() - s) / spins.size + h
        if u < 1 / (1 + math.exp(2 * beta * s * field)) * SCALE:
            spins[i] = -s
    return spins


@pytest.mark.parametrize("T, h", [(0.7, 0.0), (1.0, 0.0), (1.6, 0.0), (0.7, -0.15), (1.6, 0.4)])
def test_curie_weiss_sweeps_match_direct_decisions(T, h):
    rng = np.random.default_rng(6)
    spins = np.where(rng.random(50) < 0.7, 1, -1).astype(np.int8)
    state = rng.integers(0, 2**64, size=8, dtype=np.uint64, endpoint=False)
    expected = direct_curie_weiss_sweeps(spins, state.copy(), 10, 1 / T, h)
    sums = np.empty(10, np.int64)
    _kernels.curie_weiss_sweeps(spins, 1 / T, h, 10, state, int(spins.sum()), sums)
    assert np.array_equal(spins, expected)
    assert sums[-1] == expected.sum()


# --- what every run must satisfy ----------------------------------------------------------------


LATTICES = [(2, 8, "auto"), (2, 7, "auto"), (1, 10, "auto"), (2, 2, "auto"), (2, 6, "random"),
            (1, 12, "checkerboard")]


@pytest.mark.parametrize("algorithm, dim, L, order", [
    (algorithm, *lattice) for algorithm in ising.ALGORITHMS for lattice in LATTICES
    if algorithm != "wolff" or lattice[2] == "auto"])  # Wolff has no site order
def test_recorded_energy_and_magnetization_match_the_final_lattice(algorithm, dim, L, order):
    h = 0.0 if algorithm == "wolff" else 0.3
    run = ising.simulate(L, 2.1, sweeps=50, algorithm=algorithm, dim=dim, h=h, start="hot",
                         order=order, rng=4)
    assert run.spins.shape == (L,) * dim and run.spins.dtype == np.int8
    assert run.energy.shape == run.magnetization.shape == (50,)
    assert run.energy[-1] == pytest.approx(energy_per_spin_by_bonds(run.spins, h=h), abs=1e-12)
    assert run.magnetization[-1] == pytest.approx(run.spins.mean(), abs=1e-12)


@pytest.mark.parametrize("shape", [(7,), (2,), (5, 5), (4, 6)])
def test_lattice_energy_counts_every_bond_once(shape):
    spins = np.where(np.random.default_rng(0).random(shape) < 0.5, 1, -1)
    J, h = 0.8, -0.3
    total = 0.0
    for index in np.ndindex(shape):  # the obvious double loop over sites and their neighbours
        for axis in range(len(shape)):
            neighbour = list(index)
            neighbour[axis] = (neighbour[axis] + 1) % shape[axis]
            total -= J * spins[index] * spins[tuple(neighbour)]
        total -= h * spins[index]
    assert ising.lattice_energy(spins, J=J, h=h) == pytest.approx(total)
    assert ising.lattice_energy(np.ones((4, 4))) == -32.0  # ground state: -2 per spin


def test_same_seed_same_run_and_runs_continue():
    first = ising.simulate(16, 2.3, sweeps=20, start="hot", rng=9)
    second = ising.simulate(16, 2.3, sweeps=20, start="hot", rng=9)
    assert np.array_equal(first.energy, second.energy)
    assert np.array_equal(first.spins, second.spins)
    continued = ising.simulate(16, 2.3, sweeps=5, start=first.spins, rng=1)
    assert continued.energy[0] != first.energy[0] or continued.spins.tolist() != first.spins.tolist()
    with pytest.raises(ValueError):
        first.energy[0] = 0.0  # results are read-only


def test_wolff_clusters_are_single_spins_when_hot_and_the_lattice_when_cold():
    hot = ising.simulate(16, 1e3, sweeps=500, algorithm="wolff", start="hot", rng=0)
    cold = ising.simulate(16, 0.2, sweeps=20, algorithm="wolff", rng=0)
    assert hot.cluster_size.mean() < 1.01  # p_add = 1 - exp(-2/1000): almost never joins
    assert np.all(cold.cluster_size == 256)  # p_add ≈ 1: the aligned lattice flips whole


# --- exact Boltzmann weights on tiny lattices ---------------------------------------------------


def level_zscores(run, exact):
    """z-scores of the visit frequencies of (energy, magnetisation) levels against exact ones."""
    n = run.n_spins
    key = lambda e, m: np.round(e * n).astype(int) * 10_000 + np.round(m * n).astype(int)  # noqa
    levels, inverse = np.unique(key(exact.energy, exact.magnetization), return_inverse=True)
    p = np.bincount(inverse, weights=exact.probability)
    visited = np.searchsorted(levels, key(run.energy, run.magnetization))
    assert np.all(levels[visited] == key(run.energy, run.magnetization)), "an impossible level"
    batches = np.stack([np.bincount(chunk, minlength=levels.size) / chunk.size
                        for chunk in np.array_split(visited, 50)])
    mean, error = batches.mean(0), batches.std(0, ddof=1) / np.sqrt(50)
    common = p > 0.005
    return (mean - p)[common] / error[common]


@pytest.mark.parametrize("algorithm, L, T, h", [
    (algorithm, L, T, h) for algorithm in ising.ALGORITHMS for L in (3, 4)
    for T, h in ((2.5, 0.0), (1.8, 0.3)) if algorithm != "wolff" or h == 0])  # Wolff: h = 0
def test_visit_frequencies_match_boltzmann_weights(algorithm, L, T, h):
    run = ising.simulate(L, T, sweeps=100_000, burn_in=100, algorithm=algorithm, h=h, rng=7)
    z = level_zscores(run, ising.enumerate_states(L, T, h=h))
    assert np.abs(z).max() < 5


def test_enumeration_is_normalised_and_symmetric():
    exact = ising.enumerate_states(3, 2.0)
    assert exact.probability.sum() == pytest.approx(1.0)
    assert np.sum(exact.probability * exact.magnetization) == pytest.approx(0.0, abs=1e-15)
    assert exact.states.shape == (512, 3, 3)


# --- the chain ----------------------------------------------------------------------------------


@pytest.mark.parametrize("L", [5, 6, 40])
@pytest.mark.parametrize("algorithm", ["metropolis", "glauber", "heatbath", "wolff"])
def test_chain_energy_is_exact(L, algorithm):
    run = ising.simulate(L, 1.0, dim=1, sweeps=40_000, burn_in=100, algorithm=algorithm, rng=2)
    mean, error = batch_mean(run.energy)
    assert abs(mean - ising.chain_energy(1.0, L=L)) < 5 * error


def test_chain_correlations_decay_as_tanh_to_the_r():
    L, T = 64, 1.0
    samples = ising.sample_configurations(L, T, samples=2000, sweeps_between=4, burn_in=200,
                                          dim=1, algorithm="wolff", start="hot", rng=5)
    assert samples.shape == (2000, L) and samples.dtype == np.int8
    s = samples.astype(float)
    r = np.arange(12)
    measured = np.stack([np.mean(s * np.roll(s, -k, axis=1), axis=1) for k in r], axis=1)
    exact = ising.chain_correlation(r, T, L=L)
    errors = np.array([batch_mean(measured[:, k], 40)[1] for k in r[1:]])
    assert np.all(np.abs(measured[:, 1:].mean(0) - exact[1:]) < 5 * errors)
    assert np.all(measured[:, 0] == 1.0)


def test_checkerboard_metropolis_is_not_ergodic_on_a_chain():
    # A spin between opposite neighbours (ΔE = 0) always flips, so a fixed order of updates
    # moves domain walls in lockstep: the energy is far from the exact one. Random order is fine.
    exact = ising.chain_energy(1.0, L=6)
    fixed = ising.simulate(6, 1.0, dim=1, sweeps=40_000, order="checkerboard", rng=1)
    mean, error = batch_mean(fixed.energy)
    assert abs(mean - exact) > 20 * error


def test_reference_sweep_samples_boltzmann_weights_on_a_ring():
    L, T, h = 4, 1.5, 0.2
    exact = ising.enumerate_states(L, T, dim=1, h=h)
    codes = lambda states: ((states > 0) * (1 << np.arange(L))).sum(axis=-1)  # noqa: E731
    p = np.zeros(2**L)
    p[codes(exact.states)] = exact.probability
    for algorithm in ("metropolis", "glauber", "heatbath"):
        chain = reference.ising_sweep(np.ones(L, np.int8), T, algorithm=algorithm, h=h,
                                      attempts=20_000 * L, record=True, rng=6)
        visits = codes(chain[L::L])  # after each sweep of L attempts
        batches = np.stack([np.bincount(chunk, minlength=2**L) / chunk.size
                            for chunk in np.array_split(visits, 40)])
        z = (batches.mean(0) - p) / (batches.std(0, ddof=1) / np.sqrt(40))
        assert np.abs(z[p > 0.01]).max() < 5, algorithm


def test_reference_sweep_records_the_chain_attempt_by_attempt():
    spins = np.where(np.random.default_rng(0).random((3, 4)) < 0.5, 1, -1)
    chain = reference.ising_sweep(spins, 2.0, attempts=50, record=True, rng=7)
    rng = np.random.default_rng(7)
    assert chain.shape == (51, 3, 4)
    assert np.array_equal(chain[0], spins)
    for before, after in zip(chain[:-1], chain[1:]):
        assert np.array_equal(reference.ising_sweep(before, 2.0, attempts=1, rng=rng), after)
        assert np.sum(before != after) <= 1  # one attempt flips at most one spin
    assert np.array_equal(chain[-1], reference.ising_sweep(spins, 2.0, attempts=50, rng=7))


def test_reference_sweep_leaves_its_input_alone():
    spins = np.ones((3, 3), np.int8)
    assert np.array_equal(reference.ising_sweep(spins, 2.0, attempts=0), spins)
    reference.ising_sweep(spins, 100.0, rng=0)
    assert np.all(spins == 1)


# --- the complete graph: one stored pattern -----------------------------------------------------


def test_curie_weiss_visits_magnetisations_with_exact_weights():
    N, T = 10, 0.8
    M = np.arange(-N, N + 1, 2)
    log_weight = np.array([math.lgamma(N + 1) - math.lgamma((N + k) / 2 + 1)
                           - math.lgamma((N - k) / 2 + 1) for k in M]) + (M**2 - N) / (2 * N * T)
    p = np.exp(log_weight - log_weight.max())
    p /= p.sum()
    run = ising.simulate_curie_weiss(N, T, sweeps=200_000, rng=8)
    visited = np.round((run.magnetization * N + N) / 2).astype(int)
    batches = np.stack([np.bincount(chunk, minlength=N + 1) / chunk.size
                        for chunk in np.array_split(visited, 50)])
    z = (batches.mean(0) - p) / (batches.std(0, ddof=1) / np.sqrt(50))
    assert np.abs(z[p > 0.005]).max() < 5


@pytest.mark.parametrize("T", [0.5, 0.8, 1.5])
def test_curie_weiss_follows_mean_field_at_large_n(T):
    # m = tanh(m/T) holds as N → ∞; at N = 4000 |m| fluctuates by about 1/√N = 0.016
    run = ising.simulate_curie_weiss(4000, T, sweeps=1000, burn_in=200, rng=9)
    assert abs(np.abs(run.magnetization).mean() - ising.mean_field_magnetization(T)) < 0.03


def test_mean_field_magnetization_solves_its_equation():
    T = np.array([0.3, 0.7, 0.95, 0.9999])
    m = ising.mean_field_magnetization(T)
    assert np.allclose(m, np.tanh(m / T), atol=1e-12) and np.all(m > 0)
    assert m[-1] == pytest.approx(math.sqrt(3 * 1e-4), rel=0.01)  # √(3(1 - T)) near T = 1
    assert ising.mean_field_magnetization(1.2) == 0.0
    with_field = ising.mean_field_magnetization(1.2, h=0.1)
    assert with_field == pytest.approx(math.tanh((with_field + 0.1) / 1.2), abs=1e-12)
    assert ising.mean_field_magnetization(1.2, h=-0.1) == pytest.approx(-with_field)


def test_scan_continues_one_lattice_through_the_temperatures():
    scan = ising.scan_temperatures(8, [3.0, 2.0], sweeps=200, burn_in=50, rng=5)
    generator = np.random.default_rng(5)
    first = ising.simulate(8, 3.0, sweeps=200, burn_in=50, start="hot", rng=generator)
    second = ising.simulate(8, 2.0, sweeps=200, burn_in=50, start=first.spins, rng=generator)
    assert scan.energy.tolist() == [first.energy.mean(), second.energy.mean()]
    assert scan.binder[1] == ising.binder_cumulant(second)
    assert scan.specific_heat[0] == ising.specific_heat(first)


# --- the square lattice against Onsager, Yang and Kaufman ---------------------------------------


@pytest.mark.parametrize("T", [1.8, 3.0])
@pytest.mark.parametrize("algorithm", ["metropolis", "wolff"])
def test_square_lattice_matches_exact_results_away_from_tc(T, algorithm):
    L = 32
    sweeps = 6000 if algorithm == "metropolis" else 20_000
    run = ising.simulate(L, T, sweeps=sweeps, burn_in=500, algorithm=algorithm, rng=11)
    energy, energy_error = batch_mean(run.energy)
    assert abs(energy - ising.torus_energy(L, T)) < 5 * energy_error
    # at L = 32, 1.8 and 3.0 lie far enough from T_c that the torus is the infinite lattice
    assert abs(ising.torus_energy(L, T) - ising.exact_energy(T)) < 1e-6
    magnetization, m_error = batch_mean(np.abs(run.magnetization))
    if T < TC:
        assert abs(magnetization - ising.exact_magnetization(T)) < 5 * m_error + 1e-3
    else:  # above T_c |m| is of order 1/L, not 0
        assert magnetization < 0.1


def test_metropolis_and_wolff_agree_at_tc_with_the_exact_finite_lattice():
    L = 16
    exact = ising.torus_energy(L, TC)
    for algorithm, sweeps in (("metropolis", 40_000), ("wolff", 40_000)):
        run = ising.simulate(L, TC, sweeps=sweeps, burn_in=500, algorithm=algorithm, rng=12)
        mean, error = batch_mean(run.energy)
        assert abs(mean - exact) < 5 * error, algorithm


def test_wolff_beats_critical_slowing_down():
    L = 32
    metropolis = ising.simulate(L, TC, sweeps=20_000, burn_in=1000, rng=13)
    wolff = ising.simulate(L, TC, sweeps=20_000, burn_in=1000, algorithm="wolff", rng=13)
    tau_metropolis = ising.autocorrelation_time(np.abs(metropolis.magnetization))
    # a Wolff step flips <cluster size> spins: measure its time in sweeps of N attempts
    steps_per_sweep = L * L / wolff.cluster_size.mean()
    tau_wolff = ising.autocorrelation_time(np.abs(wolff.magnetization)) / steps_per_sweep
    assert tau_metropolis > 10 * tau_wolff


def test_binder_cumulants_of_two_sizes_cross_near_tc():
    def u4(L, T):
        run = ising.simulate(L, T, sweeps=20_000, burn_in=500, algorithm="wolff", rng=14)
        return ising.binder_cumulant(run)

    below, above = 2.15, 2.40
    assert u4(16, below) > u4(8, below)  # ordered: larger lattices are closer to 2/3
    assert u4(16, above) < u4(8, above)  # disordered: larger lattices are closer to 0
    assert 0.55 < u4(16, TC) < 0.66  # U* ≈ 0.611 (Binder 1981), with finite-size spread


# --- exact formulas -----------------------------------------------------------------------------


def test_onsager_and_yang_values():
    assert TC == pytest.approx(2.269185314, abs=1e-9)
    assert ising.exact_magnetization(2.0) == pytest.approx(0.911319, abs=1e-6)
    assert ising.exact_energy(TC) == pytest.approx(-math.sqrt(2), abs=1e-12)
    assert ising.exact_magnetization(TC + 1e-9) == 0.0
    assert ising.exact_energy(1e-3) == pytest.approx(-2.0)
    temperatures = np.array([1.0, 2.0, 2.5])
    assert ising.exact_energy(temperatures).shape == (3,)


@pytest.mark.parametrize("L", [2, 3, 4])
@pytest.mark.parametrize("T", [1.0, TC, 3.5])
def test_kaufman_torus_matches_enumeration(L, T):
    exact = ising.enumerate_states(L, T)
    energy = np.sum(exact.probability * exact.energy)
    variance = np.sum(exact.probability * exact.energy**2) - energy**2
    assert ising.torus_energy(L, T) == pytest.approx(energy, abs=1e-12)
    assert ising.torus_specific_heat(L, T) == pytest.approx(L * L * variance / T**2, abs=1e-12)


def test_torus_approaches_onsager_and_its_finite_size_shift_at_tc():
    for T in (2.0, 3.0):
        assert ising.torus_energy(256, T) == pytest.approx(ising.exact_energy(T), abs=1e-12)
    # e(T_c, L) = -√2 + a/L with a = -0.62244 (Ferdinand & Fisher 1969)
    for L in (32, 64, 128):
        assert L * (ising.torus_energy(L, TC) + math.sqrt(2)) == pytest.approx(-0.6224, abs=3e-4)


def test_specific_heat_peak_grows_logarithmically_and_sits_above_tc():
    temperatures = np.linspace(2.2, 2.5, 3001)
    peaks = {L: temperatures[np.argmax(ising.torus_specific_heat(L, temperatures))]
             for L in (16, 32, 64)}
    assert TC < peaks[64] < peaks[32] < peaks[16]
    heights = [ising.torus_specific_heat(L, TC) for L in (64, 128)]
    slope = (heights[1] - heights[0]) / math.log(2)
    assert slope == pytest.approx(2 / math.pi * math.log(1 + math.sqrt(2)) ** 2, rel=0.01)


@pytest.mark.parametrize("L", [4, 7])
def test_chain_formulas_match_enumeration(L):
    T = 1.3
    exact = ising.enumerate_states(L, T, dim=1)
    assert ising.chain_energy(T, L=L) == pytest.approx(np.sum(exact.probability * exact.energy))
    s = exact.states.astype(float)
    for r in range(L + 1):
        measured = np.sum(exact.probability * s[:, 0] * s[:, r % L])
        assert ising.chain_correlation(r, T, L=L) == pytest.approx(measured)
    assert ising.chain_energy(T) == pytest.approx(-math.tanh(1 / T))


# --- observables --------------------------------------------------------------------------------


def fake_run(magnetization, energy=None, T=2.0, L=4):
    magnetization = np.asarray(magnetization, dtype=float)
    energy = np.zeros_like(magnetization) if energy is None else np.asarray(energy, dtype=float)
    return ising.IsingRun(magnetization=magnetization, energy=energy,
                          spins=np.ones((L, L), np.int8), T=T, L=L, dim=2, algorithm="metropolis")


def test_binder_cumulant_limits():
    ordered = fake_run(np.tile([0.8, -0.8], 500))
    assert ising.binder_cumulant(ordered) == pytest.approx(2 / 3)
    gaussian = fake_run(np.random.default_rng(0).normal(size=200_000))
    assert ising.binder_cumulant(gaussian) == pytest.approx(0.0, abs=0.02)


def test_specific_heat_and_susceptibility_are_scaled_variances():
    rng = np.random.default_rng(1)
    energy, magnetization = rng.normal(-1, 0.1, 10_000), rng.normal(0.5, 0.2, 10_000)
    run = fake_run(magnetization, energy, T=2.0, L=4)
    assert ising.specific_heat(run) == pytest.approx(16 * np.var(energy) / 4)
    m = np.abs(magnetization)
    assert ising.susceptibility(run) == pytest.approx(16 * (np.mean(m**2) - np.mean(m) ** 2) / 2)


@pytest.mark.parametrize("phi", [0.0, 0.5, 0.9])
def test_autocorrelation_time_of_an_ar1_process(phi):
    rng = np.random.default_rng(2)
    noise = rng.normal(size=200_000)
    x = np.empty_like(noise)
    x[0] = noise[0]
    for t in range(1, x.size):
        x[t] = phi * x[t - 1] + noise[t]
    expected = (1 + phi) / (2 * (1 - phi))  # ½ + Σ φ^t
    assert ising.autocorrelation_time(x) == pytest.approx(expected, rel=0.1)


# --- the self-checks of issue 22 (run by tests/test_checks.py and tests/test_bad_input.py) --------

from hopfield_edu import checks  # noqa: E402


def _metropolis(delta_e, T, rng):
    return bool(delta_e <= 0 or rng.random() < np.exp(-delta_e / T))


def _glauber(delta_e, T, rng):  # another rule in detailed balance
    return bool(rng.random() < 1.0 / (1.0 + np.exp(delta_e / T)))


def _metropolis_unclipped(delta_e, T, rng):  # exp(-ΔE/T) > 1 for downhill moves: always taken
    return bool(rng.random() < np.exp(-delta_e / T))


# --- the correlation-length experiment (chapter 1's exercise 4): designs a learner might write

def _rings(n, T, rng, samples=200, burn_in=100):
    return ising.sample_configurations(n, T, samples=samples, sweeps_between=5, burn_in=burn_in,
                                       dim=1, algorithm="wolff", rng=rng).astype(float)


def _xi_nearest(T, rng, n=200, repeats=8, samples=200, burn_in=100):
    return np.array([-1 / np.log(np.mean(s * np.roll(s, -1, axis=1)))
                     for s in (_rings(n, T, rng, samples, burn_in) for _ in range(repeats))])


def _xi_fit(T, rng):  # a straight line through ln C(r), where C(r) > 0.1
    estimates = []
    for _ in range(10):
        s = _rings(300, T, rng, samples=600)
        c = np.array([np.mean(s * np.roll(s, -r, axis=1)) for r in range(1, 40)])
        keep = np.flatnonzero(c > 0.1)
        estimates.append(-1 / np.polyfit(keep + 1, np.log(c[keep]), 1)[0])
    return estimates


def _xi_second_neighbour(T, rng):  # C(2) = e^(-2/ξ), in a loop over the rings
    estimates = []
    for _ in range(6):
        s = _rings(150, T, rng, samples=300)
        c2 = sum(np.mean(s[:, i] * s[:, (i + 2) % 150]) for i in range(150)) / 150
        estimates.append(-2 / np.log(c2))
    return estimates


CHECK_CASES = {
    checks.check_correlation_length_experiment: ([_xi_nearest, _xi_fit, _xi_second_neighbour], [
        (lambda T, rng: _xi_nearest(T, rng, n=40, samples=800), "comes back around"),
        (lambda T, rng: _xi_nearest(T, rng, burn_in=0, samples=20, repeats=20), "cold"),
        (lambda T, rng: 1 / np.asarray(_xi_nearest(T, rng)), "that is 1/ξ"),
        (lambda T, rng: np.full(8, -1 / np.log(np.tanh(1 / T))), "the same in every"),
        (lambda T, rng: _xi_nearest(T, rng, repeats=3), "at least 5 independent repetitions"),
        (lambda T, rng: _xi_nearest(T, rng, samples=10), "standard error over 3%"),
        (lambda T, rng: -_xi_nearest(T, rng), "positive length")]),
    checks.check_acceptance_probability: ([np.exp(-4.0), np.exp(-8 / 2), 0.0183156], [
        (np.exp(-2.0), "factor 2"), (np.exp(-16.0), "β = 1/T"), (np.exp(-8.0), "divide ΔE by T"),
        (1.0, "not always accepted"), (1 / (1 + np.exp(4.0)), "Glauber"), (0.3, "min(1")]),
    checks.check_detailed_balance: ([_metropolis, _glauber, _metropolis_unclipped], [
        (lambda d, T, rng: bool(d <= 0 or rng.random() < np.exp(-d * T)), "exp(-ΔE · T)"),
        (lambda d, T, rng: bool(d <= 0 or rng.random() < np.exp(-d / (2 * T))), "half"),
        (lambda d, T, rng: bool(rng.random() < np.exp(-abs(d) / T)), "equally often"),
        (lambda d, T, rng: bool(d <= 0), "never accepted a move that raises"),
        (lambda d, T, rng: bool(d <= 0 or rng.random() < 0.5 * np.exp(-d / T)), "Glauber"),
        (lambda d, T, rng: 1.0, "True or False")]),
    checks.check_hot_lattice_prediction: ([0.0, 0.16, 1.0, np.float64(0.5)], [
        ("small", "must be a number"), (-0.1, "[0, 1]"), (None, "must be a number")]),
}

BAD_INPUT = [
    ("checks.check_acceptance_probability", checks.check_acceptance_probability, "e^-4",
     checks.CheckFailed, ["probability must be a number", "'e^-4'"]),
    ("checks.check_detailed_balance", checks.check_detailed_balance, 0.5, TypeError,
     ["accept must be a function accept(delta_e, T, rng)", "got 0.5"]),
    ("checks.check_hot_lattice_prediction", checks.check_hot_lattice_prediction, [0.2],
     checks.CheckFailed, ["prediction must be a number", "[0.2]"]),
]
