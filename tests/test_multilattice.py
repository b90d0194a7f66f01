"""Many lattices at once (ising.simulate_many, multi-spin coding) against exact enumeration and
against the single-lattice Metropolis kernel."""

import numpy as np
import pytest

from hopfield_edu import ising


@pytest.mark.parametrize("T", [2.0, 2.269, 3.0])
def test_replicas_sample_the_boltzmann_distribution_of_a_4x4_torus(T):
    """The replicas' mean energy and mean |m| agree with the exact averages over all 2**16
    states within 4 standard errors, each replica's time average counted as one independent
    measurement (the replicas are independent chains)."""
    run = ising.simulate_many(4, T, replicas=128, sweeps=2000, burn_in=200, start="hot",
                              rng=11)
    exact = ising.enumerate_states(4, T)
    for series, values in ((run.energy, exact.energy),
                           (np.abs(run.magnetization), np.abs(exact.magnetization))):
        per_replica = series.mean(axis=1)
        error = per_replica.std(ddof=1) / np.sqrt(per_replica.size)
        assert abs(per_replica.mean() - exact.probability @ values) < 4 * error


def _differ_by_standard_errors(x, y):
    """|mean(x) - mean(y)| in standard errors of the difference, x and y independent samples."""
    return abs(x.mean() - y.mean()) / np.sqrt(x.var(ddof=1) / x.size + y.var(ddof=1) / y.size)


def test_one_replica_is_distributed_as_the_single_lattice_kernel():
    """The energy and |m| of 448 replicas after 3 sweeps from a cold 6 × 6 start, far from
    equilibrium, where the dynamics shows, against those of 400 single-lattice runs
    (ising.simulate, Metropolis on the checkerboard): the means agree within 4 standard errors.
    The same comparison with runs at another temperature (T = 2.6) must fail, or the test
    could not tell the kernels apart."""
    many = [ising.simulate_many(6, 2.2, replicas=64, sweeps=3, rng=seed) for seed in range(7)]
    many = [np.concatenate([getattr(run, name)[:, -1] for run in many])
            for name in ("energy", "magnetization")]

    def single(T, seed):
        runs = [ising.simulate(6, T, sweeps=3, order="checkerboard", rng=seed + s)
                for s in range(400)]
        return [np.array([getattr(run, name)[-1] for run in runs])
                for name in ("energy", "magnetization")]

    for x, y in zip(many, single(2.2, 100)):
        assert _differ_by_standard_errors(x, y) < 4
    assert max(_differ_by_standard_errors(x, y) for x, y in zip(many, single(2.6, 900))) > 4


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
]

REPRODUCIBLE = [
    ("ising.simulate_many", lambda: ising.simulate_many(6, 2.3, replicas=80, sweeps=4,
                                                        burn_in=2, start="hot", rng=31)),
]
