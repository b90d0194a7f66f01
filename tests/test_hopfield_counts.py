"""Hebb's rule as exact integer counts (population counts of packed patterns), and the networks
that switch to them from fields computed from the patterns: the same numbers, the same states."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import hopfield_edu as hf
from hopfield_edu import _kernels, reference
from hopfield_edu.hopfield import HopfieldNetwork, hebbian


def kernel_counts(xi, dtype=np.int16):
    bits = np.empty((-(-len(xi) // 64), xi.shape[1]), np.uint64)
    _kernels.pack_patterns(xi, bits)
    counts = np.full((xi.shape[1], xi.shape[1]), 99, dtype)  # every entry must be written
    _kernels.hebbian_counts(bits, len(xi), counts)
    return counts


@given(p=st.integers(1, 200), n=st.integers(1, 70), seed=st.integers(0, 2**32 - 1))
def test_the_counts_kernel_equals_the_sum_of_outer_products(p, n, seed):
    xi = hf.random_patterns(p, n, rng=seed)
    assert np.array_equal(kernel_counts(xi), reference.hebbian_counts(xi))


@pytest.mark.parametrize("p, n", [(63, 5), (64, 6), (65, 7), (511, 1), (512, 2), (513, 3),
                                  (700, 9), (3, 301)])  # words of 64, vectors of 8, rows of 4
@pytest.mark.parametrize("dtype", [np.int16, np.int32])
def test_the_counts_kernel_at_the_edges_of_words_and_blocks(p, n, dtype):
    xi = hf.random_patterns(p, n, rng=p + n)
    counts = kernel_counts(xi, dtype)
    assert counts.dtype == dtype and np.array_equal(counts, reference.hebbian_counts(xi))


def test_hebbian_weights_are_the_counts_over_n_and_many_patterns_take_int32():
    xi = hf.random_patterns(40, 30, rng=1)
    assert np.array_equal(hebbian(xi), reference.hebbian_counts(xi) / 30)
    many = hf.random_patterns(2**15, 3, rng=2)  # counts up to 2**15 need more than int16
    assert np.array_equal(hebbian(many) * 3, reference.hebbian_counts(many))


@given(p=st.integers(1, 60), n=st.integers(1, 40), seed=st.integers(0, 2**32 - 1))
def test_fields_from_the_counts_are_exact(p, n, seed):
    xi = hf.random_patterns(p, n, rng=seed)
    state = hf.random_patterns(1, n, rng=seed + 1)[0]
    fields = np.empty(n, np.int32)
    _kernels.count_fields(kernel_counts(xi), state, fields)
    assert np.array_equal(fields, reference.hebbian_counts(xi) @ state)


# --- networks that switch to counts ----------------------------------------------------------

N, P = 128, 40  # beyond the capacity: recall wanders for more sweeps than counting costs


def test_recall_is_the_reference_before_during_and_after_the_switch_to_counts():
    xi = hf.random_patterns(P, N, rng=3)
    counts = reference.hebbian_counts(xi)
    cue = hf.random_patterns(1, N, rng=4)[0]
    switched = False
    budget = HopfieldNetwork.from_patterns(xi)._sweeps_before_counting()
    # a fresh network each time, at zero temperature and at one where recall runs every sweep
    # it may, so that the switch falls within the recall once it may run more than the budget
    for temperature in (0.0, 0.5):
        for stop in range(1, budget + 4):
            network = HopfieldNetwork.from_patterns(xi)
            fast = network.recall(cue, temperature=temperature, max_steps=stop, rng=stop)
            slow = reference.hopfield_recall(counts, cue, temperature=temperature,
                                             max_steps=stop, scale=1 / N, rng=stop)
            assert np.array_equal(fast.state, slow.state) and fast.steps == slow.steps
            assert fast.converged == slow.converged
            switched |= network._numerator is not None
    assert switched
    network = HopfieldNetwork.from_patterns(xi)  # one network, its recalls before and after
    for seed in range(8):
        for temperature in (0.0, 0.3):
            fast = network.recall(cue, temperature=temperature, max_steps=12, rng=seed)
            slow = reference.hopfield_recall(counts, cue, temperature=temperature, max_steps=12,
                                             scale=1 / N, rng=seed)
            assert np.array_equal(fast.state, slow.state) and fast.steps == slow.steps
    assert network._numerator is not None and network._numerator.dtype == np.int16


def test_a_network_with_counts_steps_measures_and_runs_a_readers_rule_as_before():
    xi = hf.random_patterns(P, N, rng=5)
    cue = hf.flip(xi[0], 0.3, rng=6)
    fresh, counted = HopfieldNetwork.from_patterns(xi), HopfieldNetwork.from_patterns(xi)
    counted.recall(hf.random_patterns(1, N, rng=7)[0], temperature=0.5, max_steps=50, rng=8)
    assert counted._numerator is not None and fresh._numerator is None
    for network in (fresh, counted):
        assert np.array_equal(network.local_field(cue), reference.hebbian_counts(xi) @ cue / N)
        assert network.energy(cue) == fresh.energy(cue)
    by_hand = counted.dynamics(cue, rng=9)
    by_hand.step(units=5)
    by_hand.step()
    by_hand.run(20)
    whole = counted.recall(cue, max_steps=21, rng=9)
    assert np.array_equal(by_hand.state, whole.state) and by_hand.steps == whole.steps
    rule = lambda h, s: 1 if h > 0 else (-1 if h < 0 else s)  # noqa: E731
    assert np.array_equal(counted.recall(cue, update=rule, rng=10).state,
                          fresh.recall(cue, rng=10).state)


def test_many_patterns_keep_counts_from_the_start_with_exact_fields_and_energy():
    xi = hf.random_patterns(30, 40, rng=11)  # 2p >= N: counts, and integer fields, at once
    network = HopfieldNetwork.from_patterns(xi)
    counts = reference.hebbian_counts(xi)
    assert np.array_equal(network._numerator, counts)
    cue = hf.random_patterns(1, 40, rng=12)[0]
    assert np.array_equal(network.local_field(cue), counts @ cue * (1 / 40))  # h = scale · N W s
    assert network.energy(cue) == -0.5 * (1 / 40) * float(cue @ counts @ cue)
    for mode in ("async", "sync"):
        fast = network.recall(cue, mode=mode, rng=13)
        slow = reference.hopfield_recall(counts, cue, mode=mode, scale=1 / 40, rng=13)
        assert np.array_equal(fast.state, slow.state) and fast.steps == slow.steps
