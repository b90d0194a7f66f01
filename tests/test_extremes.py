"""The largest settings the course promises: N = 4096, K = 10⁵, β = 10⁴, degree 10, L = 512.

At each one the library must give finite and right answers in bounded memory. Memory is the
peak of NumPy's allocations while the call runs (tracemalloc), which must stay below the size
of the big temporary array a direct implementation would build: a float64 copy of all the
patterns, or the full (units × patterns) or (queries × patterns) matrix. Asynchronous dense
recall at K = 10⁵ with degree 10 and the exponential is in test_dense.py.
"""

import tracemalloc

import numpy as np
import pytest

import hopfield_edu as hf
from hopfield_edu import ising
from hopfield_edu.dense import DenseAssociativeMemory
from hopfield_edu.modern import ModernHopfield


def with_peak_memory(call):
    """The result of ``call()`` and the peak bytes NumPy allocated while it ran."""
    tracemalloc.start()
    try:
        return call(), tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_4096_neurons_recall_a_pattern_with_hebbian_and_degree_10_energies():
    xi = hf.random_patterns(100, 4096, rng=0)
    cue = hf.flip(xi[5], 0.3, rng=1)
    for memory in (hf.HopfieldNetwork.from_patterns(xi), DenseAssociativeMemory(xi, degree=10)):
        result = memory.recall(cue, rng=2, record=True)
        assert np.array_equal(result.state, xi[5])
        assert np.all(np.isfinite(result.energies)) and np.all(np.diff(result.energies) <= 0)
    # degree 10 at N = 4096: the energy reaches -N**10 ≈ -1.3e36 and stays exact enough
    assert result.energies[-1] <= -(4096.0**10)


def test_hebbian_weights_of_100000_patterns_without_a_float_copy_of_them():
    xi = hf.random_patterns(100_000, 64, rng=3)
    network, peak = with_peak_memory(lambda: hf.HopfieldNetwork.from_patterns(xi))
    assert peak < xi.size * 8
    rng = np.random.default_rng(4)
    for i, j in rng.integers(0, 64, size=(5, 2)):  # integer sums, exact
        expected = 0 if i == j else int(np.sum(xi[:, i].astype(np.int64) * xi[:, j]))
        assert network.weights[i, j] * 64 == expected


def test_overlaps_with_100000_patterns_without_a_float_copy_of_them():
    xi = hf.random_patterns(100_000, 64, rng=10)
    expected = (xi.astype(np.int64) @ xi[1].astype(np.int64)) / 64  # with xi[1], exactly
    rows_with_one, peak_a = with_peak_memory(lambda: hf.overlap(xi, xi[1]))
    one_with_rows, peak_b = with_peak_memory(lambda: hf.overlap(xi[1], xi))
    matrix, peak_c = with_peak_memory(lambda: hf.overlap(xi, xi[:3]))
    assert np.array_equal(rows_with_one, expected) and np.array_equal(one_with_rows, expected)
    assert matrix.shape == (100_000, 3) and np.array_equal(matrix[:, 1], expected)
    assert max(peak_a, peak_b, peak_c) < xi.size * 8


def test_synchronous_dense_recall_of_100000_patterns_at_beta_10000_in_bounded_memory():
    xi = hf.random_patterns(100_000, 100, rng=5)
    memory = DenseAssociativeMemory(xi, interaction="exponential", beta=1e4)
    cue = hf.flip(xi[3], 0.1, rng=6)
    result, peak = with_peak_memory(lambda: memory.recall(cue, mode="sync", record=True))
    assert np.array_equal(result.state, xi[3]) and result.cycle_length == 1
    assert np.all(np.isfinite(result.energies))
    assert peak < xi.size * 8  # one float64 (units × patterns) array


def test_modern_network_of_100000_patterns_retrieves_exactly_at_beta_10000():
    xi = hf.random_patterns(100_000, 64, rng=7)
    X = xi.astype(np.float64)
    network = ModernHopfield(X, beta=1e4)
    queries = hf.flip(xi[:100], 4 / 64, rng=8).astype(np.float64)  # 4 of 64 units flipped
    new, peak = with_peak_memory(lambda: network.update(queries))
    # X ξ is 56 for the pattern a query came from and, unless a random pattern agrees with a
    # query on 60 of 64 units (a chance below 10⁻⁶ for all of them), at most 54 for the others:
    # their weight is at most exp(-2·10⁴), which is 0 in floating point
    assert np.array_equal(new, X[:100])
    assert peak < len(queries) * len(X) * 8  # the (queries × patterns) matrix of scores
    energies = network.energy(queries)
    assert np.all(np.isfinite(energies)) and np.all(energies >= 0)


@pytest.mark.parametrize("algorithm", ising.ALGORITHMS)
def test_ising_lattice_of_side_512(algorithm):
    run = ising.simulate(512, 2.0, sweeps=5, algorithm=algorithm, start="hot", rng=9)
    assert np.all(np.isfinite(run.energy)) and np.all(np.abs(run.magnetization) <= 1)
    assert run.energy[-1] == ising.lattice_energy(run.spins) / 512**2
    assert run.magnetization[-1] == run.spins.mean()
