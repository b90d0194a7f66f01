"""Chapter 9: dense associative memory against its definition, the classical network, and
the capacities of Krotov & Hopfield (2016) and Demircigil et al. (2017)."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import hopfield_edu as hf
from hopfield_edu import reference
from hopfield_edu.dense import DenseAssociativeMemory
from hopfield_edu.theory import dense_capacity


def energy_by_definition(patterns, state, kind, degree, beta):
    overlaps = patterns.astype(float) @ state
    if kind == "exponential":
        return -np.sum(np.exp(beta * overlaps))  # fine at the small sizes used here
    if kind == "rectified":
        overlaps = np.maximum(overlaps, 0)
    return -np.sum(overlaps**degree)


@pytest.mark.parametrize("kind, degree, beta", [("polynomial", 2, 1.0), ("polynomial", 3, 1.0),
                                                ("polynomial", 5, 1.0), ("rectified", 4, 1.0),
                                                ("exponential", 2, 0.5)])
def test_kernel_matches_the_numpy_reference(kind, degree, beta):
    xi = hf.random_patterns(15, 40, rng=1)
    memory = DenseAssociativeMemory(xi, interaction="exponential" if kind == "exponential"
                                    else "polynomial", degree=degree,
                                    rectified=kind == "rectified", beta=beta)
    cue = hf.flip(xi[0], 0.35, rng=2)
    energy = lambda state: energy_by_definition(xi, state, kind, degree, beta)  # noqa: E731
    for stop in range(1, 5):  # the trajectory, step by step, against the true energy
        fast = memory.recall(cue, rng=3, max_steps=stop)
        slow = reference.energy_recall(energy, cue, rng=3, max_steps=stop)
        assert np.array_equal(fast.state, slow.state) and fast.steps == slow.steps


@pytest.mark.parametrize("seed", range(6))
def test_degree_two_is_the_classical_network_step_for_step(seed):
    xi = hf.random_patterns(25, 120, rng=seed)
    cue = hf.flip(xi[seed], 0.4, rng=seed)
    classical = hf.HopfieldNetwork.from_patterns(xi).recall(cue, rng=seed, record=True)
    dense = DenseAssociativeMemory(xi, degree=2).recall(cue, rng=seed, record=True)
    assert np.array_equal(classical.states, dense.states)
    # E_dense = -Σ (ξ·σ)² = -2N E_classical - pN: the same landscape
    n, p = 120, 25
    assert np.allclose(dense.energies, 2 * n * classical.energies - p * n)


@given(seed=st.integers(0, 2**32 - 1), degree=st.integers(2, 8), rectified=st.booleans(),
       exponential=st.booleans())
def test_energy_never_increases_under_asynchronous_updates(seed, degree, rectified, exponential):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(5, 50))
    xi = hf.random_patterns(int(rng.integers(1, 60)), n, rng=rng)
    memory = DenseAssociativeMemory(xi, degree=degree, rectified=rectified,
                                    interaction="exponential" if exponential else "polynomial",
                                    beta=float(rng.uniform(0.1, 3.0)))
    result = memory.recall(hf.random_patterns(1, n, rng=rng)[0], rng=rng, record=True)
    assert result.converged
    energies = result.energies
    assert np.all(np.diff(energies) <= 1e-9 * np.maximum(1.0, np.abs(energies[:-1])))


def test_degree_three_stores_far_beyond_the_classical_capacity():
    n, p = 100, 200  # load 2: fourteen times the classical 0.138
    xi = hf.random_patterns(p, n, rng=4)
    classical = hf.HopfieldNetwork.from_patterns(xi)
    dense = DenseAssociativeMemory(xi, degree=3)
    assert np.mean([np.array_equal(classical.recall(x, rng=0).state, x) for x in xi[:20]]) == 0
    assert all(np.array_equal(dense.recall(x, rng=0).state, x) for x in xi[:20])


def test_exponential_recalls_from_noise_with_many_more_patterns_than_neurons():
    n, k = 100, 20_000
    xi = hf.random_patterns(k, n, rng=5)
    memory = DenseAssociativeMemory(xi, interaction="exponential")
    for index in (0, 777, 19_999):
        result = memory.recall(hf.flip(xi[index], 0.1, rng=index), rng=index)
        assert np.array_equal(result.state, xi[index]) and result.steps <= 3


def test_nothing_overflows_at_large_sizes():
    n, k = 1000, 2000
    xi = hf.random_patterns(k, n, rng=6)
    for kwargs in (dict(degree=30), dict(interaction="exponential", beta=5.0)):
        memory = DenseAssociativeMemory(xi, **kwargs)
        result = memory.recall(hf.flip(xi[3], 0.2, rng=7), rng=8, record=True)
        assert np.array_equal(result.state, xi[3])
        assert np.all(np.isfinite(result.energies))


def test_synchronous_recall_retrieves_too():
    xi = hf.random_patterns(150, 100, rng=9)
    memory = DenseAssociativeMemory(xi, degree=4)
    result = memory.recall(hf.flip(xi[1], 0.1, rng=10), mode="sync")
    assert result.converged and np.array_equal(result.state, xi[1])


def test_capacity_formula():
    assert dense_capacity(1000, 2) == pytest.approx(1000 / (2 * math.log(1000)))  # McEliece
    assert dense_capacity(100, 3) == pytest.approx(100**2 / (2 * 3 * math.log(100)))
    assert dense_capacity(100, 4) == pytest.approx(100**3 / (2 * 15 * math.log(100)))


def test_exponential_and_high_degree_at_n_1000_and_k_100000():
    xi = hf.random_patterns(100_000, 1000, rng=11)
    for kwargs in (dict(interaction="exponential", beta=50.0), dict(degree=10)):
        result = DenseAssociativeMemory(xi, **kwargs).recall(hf.flip(xi[7], 0.2, rng=12),
                                                             rng=13, record=True)
        assert np.array_equal(result.state, xi[7]) and np.all(np.isfinite(result.energies))


# --- the chapter's exercise checks ------------------------------------------------------------

from hopfield_edu import checks  # noqa: E402
from hopfield_edu.checks import CheckFailed  # noqa: E402
from hopfield_edu.checks.dense import _half_stable_load  # noqa: E402
from hopfield_edu.experiments import dense_stable_fraction, one_update_correction  # noqa: E402


def _double_factorial(k):
    return math.prod(range(k, 0, -2))


def _stub(*args):
    raise NotImplementedError()


def _measured_crossing(n_neurons, degree, samples, seed, cued=False):
    """The load at which half the stored patterns are fixed points, measured with the library
    (or, with ``cued``, the mistake of asking a 20 % noisy cue to come back)."""
    rng = np.random.default_rng(seed)
    loads = np.unique(np.geomspace(0.3, 3, 9) * _half_stable_load(n_neurons, degree)).astype(int)
    loads = loads[loads >= 2]
    fractions = []
    for K in loads:
        trials = max(1, samples // int(K))
        if cued:
            fractions.append(np.mean([one_update_correction(
                n_neurons, int(K), 0.2, recalls=int(K), rng=rng, degree=degree)
                for _ in range(trials)]))
        else:
            fractions.append(dense_stable_fraction(n_neurons, int(K), trials=trials, rng=rng,
                                                   degree=degree))
    fractions = np.array(fractions)
    k = int(np.argmax(fractions < 0.5))
    return float(np.exp(np.interp(0.5, fractions[[k, k - 1]], np.log(loads[[k, k - 1]]))))


CHECK_CASES = {
    checks.check_dense_snr: ([
        lambda K, N, n: np.sqrt(N ** (n - 1) / ((K - 1) * _double_factorial(2 * n - 3))),
        lambda K, N, n: 2 * n * N ** (n - 1) / np.sqrt(
            (K - 1) * (2 * n) ** 2 * _double_factorial(2 * n - 3) * (N - 1) ** (n - 1)),
    ], [
        (lambda K, N, n: np.sqrt(N ** (n - 1) / (K * _double_factorial(2 * n - 3))),
         "only the other K - 1 patterns"),
        (lambda K, N, n: np.sqrt(N ** (n - 1) / ((K - 1) * _double_factorial(2 * n - 1))),
         "not E[x^(2n)]"),
        (lambda K, N, n: np.sqrt(N ** (n - 1) / (K - 1)), "that (2n-3)!! divides"),
        (lambda K, N, n: N ** (n - 1) / ((K - 1) * _double_factorial(2 * n - 3)), "take the root"),
        (lambda K, N, n: np.sqrt(N / (K - 1)), "add their variances"),
        (_stub, "still raises NotImplementedError"),
    ]),
    checks.check_dense_prediction: ([0, 18, 20.0, np.int64(11)], [
        (None, "before you run this cell"),
        ("most", "a number of patterns"),
        (21, "between 0 and 20"),
        (float("inf"), "between 0 and 20"),
    ]),
    checks.check_dense_capacity_experiment: ([
        (_measured_crossing(40, 3, 240, seed=1), 40, 3, 240),
        (_measured_crossing(24, 4, 300, seed=2), 24, 4, 300),
        (_measured_crossing(100, 2, 400, seed=3), np.int64(100), 2, 400),
    ], [
        ((_measured_crossing(40, 2, 240, seed=4), 40, 3, 240), "classical network's"),
        ((float(dense_capacity(40, 3)), 40, 3, 240), "Krotov and Hopfield's formula"),
        ((_measured_crossing(40, 3, 240, seed=5, cued=True), 40, 3, 240), "too low"),
        ((2.5 * _half_stable_load(40, 3), 40, 3, 240), "too high"),
        ((100.0, 40, 7, 240), "degree must be a whole number from 2 to 5"),
    ]),
}

BAD_INPUT = [
    ("checks.check_dense_snr", checks.check_dense_snr, 3.3, TypeError,
     ["snr must be a function snr(n_patterns, n_neurons, degree)", "got 3.3"]),
    ("checks.check_dense_prediction", checks.check_dense_prediction, "18", CheckFailed,
     ["predicted must be a number of patterns", "got '18'"]),
    ("checks.check_dense_capacity_experiment",
     lambda v: checks.check_dense_capacity_experiment(v, 40, 3, 200), float("nan"), CheckFailed,
     ["crossing must be a number of patterns, at least 1", "got nan"]),
    ("checks.check_dense_capacity_experiment",
     lambda v: checks.check_dense_capacity_experiment(100.0, v, 3, 200), 40.0, CheckFailed,
     ["n_neurons must be a whole number from 16 to 400", "got 40.0"]),
]


def test_every_check_of_the_chapter_has_cases():
    from hopfield_edu.checks import dense as chapter

    tested_in_test_checks = {"check_dense_energy", "check_dense_update",
                             "check_dense_capacity_point"}
    assert set(CHECK_CASES) == {getattr(checks, name) for name in chapter.__all__
                                if name not in tested_in_test_checks}
