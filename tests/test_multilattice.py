"""Many lattices at once (ising.simulate_many, multi-spin coding) against exact enumeration and
against the single-lattice Metropolis kernel."""

import numpy as np
import pytest

from hopfield_edu import _kernels, ising


def test_replicas_sample_the_boltzmann_distribution_of_a_4x4_torus():
    """At each of three temperatures run in one call (100 replicas each, so that words hold
    replicas of two temperatures), the replicas' mean energy and mean |m| agree with the exact
    averages over all 2**16 states within 4 standard errors, each replica's time average
    counted as one independent measurement (the replicas are independent chains)."""
    temperatures = [2.0, 2.269, 3.0]
    run = ising.simulate_many(4, temperatures, replicas=100, sweeps=2000, burn_in=200,
                              start="hot", rng=11)
    assert run.energy.shape == (3, 100, 2000) and run.replicas == 100
    for t, T in enumerate(temperatures):
        exact = ising.enumerate_states(4, T)
        for series, values in ((run.energy[t], exact.energy),
                               (np.abs(run.magnetization[t]), np.abs(exact.magnetization))):
            per_replica = series.mean(axis=1)
            error = per_replica.std(ddof=1) / np.sqrt(per_replica.size)
            assert abs(per_replica.mean() - exact.probability @ values) < 4 * error


def _differ_by_standard_errors(x, y):
    """|mean(x) - mean(y)| in standard errors of the difference, x and y independent samples."""
    return abs(x.mean() - y.mean()) / np.sqrt(x.var(ddof=1) / x.size + y.var(ddof=1) / y.size)


def test_replicas_at_each_temperature_are_distributed_as_the_single_lattice_kernel():
    """The energy and |m| of 448 replicas at each of T = 2.2 and 2.6, run in one call (224
    of each per 7 seeds, so that one word holds both temperatures), after 3 sweeps from a cold
    6 × 6 start, far from equilibrium, where the dynamics shows, against those of 400
    single-lattice runs at the same temperature (ising.simulate, Metropolis on the
    checkerboard): the means agree within 4 standard errors. Against the runs at the other
    temperature they must differ by more, or the test could not tell the temperatures apart."""
    temperatures = (2.2, 2.6)
    many = [ising.simulate_many(6, temperatures, replicas=64, sweeps=3, rng=seed)
            for seed in range(7)]
    many = {T: [np.concatenate([getattr(run, name)[t, :, -1] for run in many])
                for name in ("energy", "magnetization")] for t, T in enumerate(temperatures)}

    def single(T, seed):
        runs = [ising.simulate(6, T, sweeps=3, order="checkerboard", rng=seed + s)
                for s in range(400)]
        return [np.array([getattr(run, name)[-1] for run in runs])
                for name in ("energy", "magnetization")]

    singles = {T: single(T, 100 + 1000 * t) for t, T in enumerate(temperatures)}
    for T in temperatures:
        for x, y in zip(many[T], singles[T]):
            assert _differ_by_standard_errors(x, y) < 4
    for T, other in zip(temperatures, temperatures[::-1]):
        assert max(_differ_by_standard_errors(x, y)
                   for x, y in zip(many[T], singles[other])) > 4


def _twin_sweeps(spins, temperatures, sweeps, lanes):
    """The multi-spin kernel written the obvious way, one replica at a time (NumPy over
    replicas): spins (replicas, L, L) of ±1 in groups of 64, replica r at temperatures[r];
    returns the spins and, per sweep, the +1 spins and anti-aligned bonds of each replica.
    Site m of row i of colour c is column 2 m + (i + c) % 2; each chunk of up to
    MULTISPIN_CHUNK sites of it (MULTISPIN_CHUNK // (L / 2) rows, or MULTISPIN_CHUNK sites of
    a row) takes MULTISPIN_DIGITS × MULTISPIN_CHUNK words from the lanes (digit k of its c-th
    site, row after row, in word k × MULTISPIN_CHUNK + c, bit r for replica r); a replica with
    k ≤ 1 anti-aligned neighbours flips when its uniform number u, digit by digit from the most
    significant, is below p = floor(2**32 exp(-4/T)) (k = 1) or q = floor(2**32 exp(-8/T))
    (k = 0); a site where one is still undecided then draws a word more at a time from a
    buffer of MULTISPIN_EXTRA words, the chunk's such sites in order. The groups run one after
    another from the same lanes."""
    kernels = _kernels.multispin
    chunk, digits = kernels.MULTISPIN_CHUNK, kernels.MULTISPIN_DIGITS
    n, L = spins.shape[0], spins.shape[1]
    groups = -(-n // 64)
    T = np.concatenate([temperatures, np.full(64 * groups - n, np.inf)])
    s = np.concatenate([spins, np.ones((64 * groups - n, L, L), spins.dtype)]).copy()
    p = np.floor(np.exp(-4.0 / T) * 2.0**32).astype(np.uint64)
    q = np.floor(np.exp(-8.0 / T) * 2.0**32).astype(np.uint64)
    p[n:] = q[n:] = 0
    bits = np.arange(64, dtype=np.uint64)
    extra = np.empty(kernels.MULTISPIN_EXTRA, np.uint64)
    ups = np.empty((groups * 64, sweeps), np.int64)
    bad = np.empty((groups * 64, sweeps), np.int64)
    for g in range(groups):
        x, pg, qg = s[64 * g:64 * (g + 1)], p[64 * g:64 * (g + 1)], q[64 * g:64 * (g + 1)]
        used = extra.size  # each group's kernel call starts with an empty buffer
        for sweep in range(sweeps):
            for colour in range(2):
                rows = max(1, chunk // (L // 2))  # rows in a chunk
                for top in range(0, L, rows):
                    for first in range(0, L // 2, chunk):
                        drawn = np.empty(digits * chunk, np.uint64)
                        _kernels.lanes_uniform64(lanes, drawn)
                        sites = [(i, m) for i in range(top, min(L, top + rows))
                                 for m in range(first, min(L // 2, first + chunk))]
                        pending = []
                        for c, (i, m) in enumerate(sites):
                            j = 2 * m + (i + colour) % 2
                            neighbours = (x[:, i, j - 1], x[:, i, (j + 1) % L],
                                          x[:, i - 1, j], x[:, (i + 1) % L, j])
                            k = sum(x[:, i, j] != nb for nb in neighbours)
                            threshold = np.where(k == 1, pg, qg)
                            u = [(drawn[d * chunk + c] >> bits) & np.uint64(1)
                                 for d in range(digits)]
                            decision = np.zeros(64, int)  # 1: below, -1: above, 0: open
                            for d in range(digits):
                                t = (threshold >> np.uint64(31 - d)) & np.uint64(1)
                                decision = np.where((decision == 0) & (u[d] != t),
                                                    np.where(u[d] < t, 1, -1), decision)
                            x[:, i, j] *= np.where((k >= 2) | ((k <= 1) & (decision == 1)),
                                                   -1, 1).astype(x.dtype)
                            if ((k <= 1) & (decision == 0)).any():
                                pending.append((i, j, k <= 1, threshold, decision))
                        for i_, j, needs, threshold, decision in pending:
                            was_open = decision == 0
                            for d in range(digits, 32):
                                if used == extra.size:
                                    _kernels.lanes_uniform64(lanes, extra)
                                    used = 0
                                u, used = (extra[used] >> bits) & np.uint64(1), used + 1
                                t = (threshold >> np.uint64(31 - d)) & np.uint64(1)
                                decision = np.where((decision == 0) & (u != t),
                                                    np.where(u < t, 1, -1), decision)
                                if not (needs & (decision == 0)).any():
                                    break
                            flips = needs & was_open & (decision == 1)
                            x[:, i_, j] *= np.where(flips, -1, 1).astype(x.dtype)
            ups[64 * g:64 * (g + 1), sweep] = (x > 0).sum(axis=(1, 2))
            bad[64 * g:64 * (g + 1), sweep] = ((x != np.roll(x, 1, axis=1)).sum(axis=(1, 2))
                                               + (x != np.roll(x, 1, axis=2)).sum(axis=(1, 2)))
    return s[:n], ups[:n], bad[:n]


# chunks (of 64 sites) of 4 rows of 2 sites, of 10 rows of 5 sites, of a row of 33 sites, and
# L = 130: of 64 sites and of 1 site of a row
@pytest.mark.parametrize("L", [4, 10, 66, 130])
def test_kernel_equals_its_twin_written_replica_by_replica(L):
    """simulate_many, 70 lattices at 70 temperatures from 1.5 to 4 (two words, replicas of
    different temperatures side by side), equals the twin above bit for bit: the spins, and
    the energy and magnetisation of every sweep."""
    temperatures = np.linspace(1.5, 4.0, 70)
    start = np.where(np.random.default_rng(8).random((70, L, L)) < 0.3, -1, 1).astype(np.int8)
    sweeps = 2
    run = ising.simulate_many(L, temperatures, replicas=1, sweeps=sweeps,
                              start=start[:, None], rng=21)
    generator = np.random.default_rng(21)
    lanes = _kernels.seed_lanes(_kernels.seed_state(generator))
    spins, ups, bad = _twin_sweeps(start, temperatures, sweeps, lanes)
    n = L * L
    assert np.array_equal(run.spins[:, 0], spins)
    assert np.array_equal(run.magnetization[:, 0], (2 * ups - n) / n)
    assert np.array_equal(run.energy[:, 0], -(2 * n - 2 * bad) / n)


def test_a_scan_of_equal_temperatures_is_one_run():
    """Temperatures [2.1, 2.1] with 32 replicas each are 64 lattices at 2.1, packed in the
    same order: the same seed gives the same result as one temperature with 64 replicas."""
    scan = ising.simulate_many(8, [2.1, 2.1], replicas=32, sweeps=4, start="hot", rng=6)
    one = ising.simulate_many(8, 2.1, replicas=64, sweeps=4, start="hot", rng=6)
    assert scan.spins.shape == (2, 32, 8, 8) and scan.T.tolist() == [2.1, 2.1]
    for name in ("spins", "energy", "magnetization"):
        assert np.array_equal(getattr(scan, name).reshape(getattr(one, name).shape),
                              getattr(one, name))
    again = ising.simulate_many(8, [2.1, 2.1], replicas=32, sweeps=2, start=scan.spins, rng=1)
    assert again.spins.shape == scan.spins.shape


def test_measured_series_match_the_final_configurations():
    """The last recorded energy and magnetisation of each replica are those of its final
    lattice, worked out from the spins by lattice_energy; shapes follow ising.simulate."""
    run = ising.simulate_many(8, 2.5, replicas=70, sweeps=5, burn_in=3, start="hot", rng=3)
    assert run.energy.shape == run.magnetization.shape == (70, 5)
    assert run.spins.shape == (70, 8, 8) and run.spins.dtype == np.int8
    assert run.replicas == 70
    for r in range(70):
        assert run.energy[r, -1] == ising.lattice_energy(run.spins[r]) / 64
        assert run.magnetization[r, -1] == run.spins[r].mean()


def test_given_lattices_are_where_each_replica_starts():
    """Stripes two columns (or rows) wide are fixed points of Metropolis at T = 0.01: every
    spin has one anti-aligned neighbour, and flips with probability e^-400. Seventy replicas
    started from different stripes (70 spans two words) end where they started, and record
    the stripes' energy, -1 per spin, and magnetisation, 0."""
    columns = np.where((np.arange(8) + np.arange(4)[:, None]) % 4 < 2, 1, -1)  # 4 phases
    stripes = np.concatenate([np.broadcast_to(c, (8, 8)) for c in columns]
                             + [np.broadcast_to(c[:, None], (8, 8)) for c in columns])
    stripes = np.concatenate([stripes.reshape(8, 8, 8), -stripes.reshape(8, 8, 8)])
    start = stripes[np.random.default_rng(4).integers(0, 16, size=70)].astype(np.int8)
    run = ising.simulate_many(8, 0.01, replicas=70, sweeps=3, start=start, rng=1)
    assert (run.spins == start).all()
    assert (run.energy == -1).all() and (run.magnetization == 0).all()


def test_replicas_are_independent():
    """Distinct replicas, hot started, end in distinct states at T = 5 (where the likeliest
    states, all +1 or all -1, have probability below e^-15 each); a cold start at a very low
    temperature stays all +1 (every flip costs ΔE = 8, accepted with probability e^-80)."""
    run = ising.simulate_many(8, 5.0, replicas=64, sweeps=20, start="hot", rng=5)
    assert len({s.tobytes() for s in run.spins}) == 64
    cold = ising.simulate_many(8, 0.1, replicas=64, sweeps=20, rng=5)
    assert (cold.spins == 1).all() and (cold.energy == -2).all()


def test_scan_replicas_agrees_with_enumeration_within_its_error_bars():
    """scan_replicas of 64 replicas at three temperatures of a 4 × 4 torus: each of the five
    quantities (energy, |m|, specific heat, susceptibility, Binder's cumulant) agrees with the
    exact average over all 2**16 states within 4 of its jackknife errors; for the mean
    energy the jackknife is the standard error of the replicas' means (an identity)."""
    temperatures = [2.0, 2.4, 3.0]
    run = ising.simulate_many(4, temperatures, replicas=64, sweeps=1000, burn_in=200, rng=12)
    scan = ising.scan_replicas(run)
    assert scan.T.tolist() == temperatures and scan.L == 4
    for t, T in enumerate(temperatures):
        exact = ising.enumerate_states(4, T)
        w, e, m = exact.probability, exact.energy, exact.magnetization
        mean = lambda x: w @ x  # noqa: E731
        expected = {"energy": mean(e), "abs_magnetization": mean(np.abs(m)),
                    "specific_heat": 16 * (mean(e**2) - mean(e)**2) / T**2,
                    "susceptibility": 16 * (mean(m**2) - mean(np.abs(m))**2) / T,
                    "binder": 1 - mean(m**4) / (3 * mean(m**2)**2)}
        for name, value in expected.items():
            error = scan.errors[name][t]
            assert 0 < error and abs(getattr(scan, name)[t] - value) < 4 * error, name
        replica_means = run.energy[t].mean(axis=1)
        assert np.isclose(scan.errors["energy"][t], replica_means.std(ddof=1) / 8)


BAD_INPUT = [
    ("ising.simulate_many", lambda L: ising.simulate_many(L, 2.0, sweeps=2), 7, ValueError,
     ["even L", "L=7"]),
    ("ising.simulate_many", lambda T: ising.simulate_many(8, T, sweeps=2), -1.0, ValueError,
     ["T", "-1"]),
    ("ising.simulate_many", lambda n: ising.simulate_many(8, 2.0, replicas=n, sweeps=2), 0,
     ValueError, ["replicas", "0"]),
    ("ising.simulate_many", lambda n: ising.simulate_many(4096, 2.0, replicas=n, sweeps=2),
     17, ValueError, ["replicas × L²", "replicas=17"]),
    ("ising.simulate_many", lambda s: ising.simulate_many(8, 2.0, sweeps=2, start=s), "warm",
     ValueError, ["start", "warm"]),
    ("ising.simulate_many", lambda s: ising.simulate_many(8, 2.0, replicas=3, sweeps=2,
                                                          start=s), np.ones((2, 8, 8)),
     ValueError, ["start", "(3, 8, 8)", "(2, 8, 8)"]),
    ("ising.simulate_many", lambda T: ising.simulate_many(8, T, sweeps=2), [2.0, -1.0],
     ValueError, ["T", "positive", "-1"]),
    ("ising.simulate_many", lambda T: ising.simulate_many(8, T, sweeps=2), [], ValueError,
     ["T", "empty"]),
    ("ising.simulate_many", lambda T: ising.simulate_many(8, T, sweeps=2), [[2.0, 3.0]],
     ValueError, ["T", "1-D", "(1, 2)"]),
    ("ising.simulate_many", lambda T: ising.simulate_many(8, T, sweeps=2), "2.0", TypeError,
     ["T", "'2.0'"]),
    ("ising.simulate_many", lambda n: ising.simulate_many(2, [2.0, 3.0], replicas=n,
                                                          sweeps=2), 40000, ValueError,
     ["65536 lattices", "2 temperatures", "replicas=40000"]),
    ("ising.simulate_many", lambda s: ising.simulate_many(8, [2.0, 3.0], replicas=3, sweeps=2,
                                                          start=s), np.ones((3, 8, 8)),
     ValueError, ["start", "(2, 3, 8, 8)", "(3, 8, 8)"]),
    ("ising.scan_replicas", ising.scan_replicas, "run", TypeError,
     ["IsingReplicas", "str"]),
    ("ising.scan_replicas", ising.scan_replicas,
     ising.simulate_many(4, 2.0, replicas=2, sweeps=2, rng=0), ValueError,
     ["sequence of temperatures", "T=2.0"]),
    ("ising.scan_replicas", ising.scan_replicas,
     ising.simulate_many(4, [2.0, 3.0], replicas=1, sweeps=2, rng=0), ValueError,
     ["2 replicas", "got 1"]),
]

REPRODUCIBLE = [
    ("ising.simulate_many", lambda: ising.simulate_many(6, 2.3, replicas=80, sweeps=4,
                                                        burn_in=2, start="hot", rng=31)),
    ("ising.simulate_many(T=[...])", lambda: ising.simulate_many(6, [2.0, 2.5, 3.0],
                                                                 replicas=30, sweeps=4,
                                                                 start="hot", rng=32)),
]
