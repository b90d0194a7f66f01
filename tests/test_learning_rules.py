"""Chapter 6: better learning rules, sparse codes and hetero-association."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import hopfield_edu as hf
from hopfield_edu import sparse
from hopfield_edu.experiments import basin_curve, stable_fraction
from hopfield_edu.hetero import BidirectionalMemory, SequenceMemory
from hopfield_edu.hopfield import HopfieldNetwork, hebbian, pseudoinverse, storkey


# --- Storkey and the pseudo-inverse -------------------------------------------------------------


def test_storkey_matches_its_definition_pattern_by_pattern():
    xi = hf.random_patterns(4, 12, rng=0).astype(float)
    n = 12
    w = np.zeros((n, n))
    for pattern in xi:  # the rule written out with explicit loops
        h = w @ pattern
        new = w.copy()
        for i in range(n):
            for j in range(n):
                if i != j:
                    h_ij = h[i] - w[i, j] * pattern[j]
                    h_ji = h[j] - w[j, i] * pattern[i]
                    new[i, j] += (pattern[i] * pattern[j] - pattern[i] * h_ji
                                  - h_ij * pattern[j]) / n
        w = new
    assert np.allclose(storkey(xi), w, atol=1e-12)


def test_storkey_keeps_patterns_stable_where_hebb_fails():
    n, p = 200, 50  # load 0.25: far beyond Hebb, below Storkey's N / √(2 ln N) ≈ 61
    hebb, store = [], []
    for seed in range(5):
        xi = hf.random_patterns(p, n, rng=seed)
        hebb.append(stable_fraction(hebbian(xi), xi))
        store.append(stable_fraction(storkey(xi), xi))
    assert np.mean(hebb) < 0.1 and np.mean(store) > 0.9


@pytest.mark.parametrize("p", [1, 20, 63, 99])
def test_pseudoinverse_stores_any_independent_set_below_n(p):
    xi = hf.random_patterns(p, 100, rng=p)
    assert stable_fraction(pseudoinverse(xi), xi) == 1.0


def test_pseudoinverse_stores_correlated_letters_where_hebb_and_storkey_fail():
    letters = hf.letters("HOPFIELD")
    assert stable_fraction(hebbian(letters), letters) == 0.0
    assert stable_fraction(storkey(letters), letters) < 1.0  # better, not enough
    assert stable_fraction(pseudoinverse(letters), letters) == 1.0
    network = HopfieldNetwork.from_patterns(letters, rule="pseudoinverse")
    recalled = network.recall(hf.flip(letters[4], 0.1, rng=1), rng=2).state
    assert hf.overlap(recalled, letters[4]) == 1.0


def test_stable_fraction_agrees_with_recall():
    xi = hf.random_patterns(25, 150, rng=10)
    network = HopfieldNetwork.from_patterns(xi)
    fixed = np.mean([np.array_equal(network.recall(p, rng=0).state, p) for p in xi])
    assert stable_fraction(network.weights, xi) == fixed


def test_storkey_and_pseudoinverse_widen_the_basins_at_high_load():
    noise = [0.1, 0.2]
    hebb = basin_curve(200, 30, noise, trials=3, recalls=10, rng=11, progress=False)
    pinv = basin_curve(200, 30, noise, trials=3, recalls=10, rule="pseudoinverse", rng=11,
                       progress=False)
    assert np.all(pinv >= hebb) and pinv[0] == 1.0


# --- sparse codes -------------------------------------------------------------------------------


def test_sparse_patterns_have_the_asked_activity():
    patterns = sparse.sparse_patterns(20, 400, 0.05, rng=0)
    assert patterns.dtype == np.int8 and set(np.unique(patterns)) == {0, 1}
    assert np.all(patterns.sum(axis=1) == 20)


def test_covariance_rule_definition():
    xi = sparse.sparse_patterns(5, 30, 0.2, rng=1)
    a = xi.mean()
    slow = np.zeros((30, 30))
    for pattern in xi:
        slow += np.outer(pattern - a, pattern - a)
    slow /= 30 * a * (1 - a)
    np.fill_diagonal(slow, 0)
    assert np.allclose(sparse.covariance_rule(xi), slow)


def test_sparse_capacity_grows_as_activity_falls():
    n, p = 500, 120
    stable = [np.mean([sparse.SparseNetwork(sparse.sparse_patterns(p, n, a, rng=s))
                       .stable_fraction() for s in range(3)]) for a in (0.5, 0.2, 0.1, 0.05)]
    assert stable[0] < 0.1 and stable[-1] > 0.9
    assert all(later >= earlier for earlier, later in zip(stable, stable[1:]))


def test_sparse_network_completes_a_partial_cue():
    xi = sparse.sparse_patterns(50, 500, 0.05, rng=2)
    network = sparse.SparseNetwork(xi)
    cue = xi[7].copy()
    cue[np.flatnonzero(cue)[:8]] = 0  # silence a third of its active units
    assert np.array_equal(network.recall(cue, rng=3).state, xi[7])


def test_sparse_kernel_matches_a_numpy_loop_with_the_same_seed():
    xi = sparse.sparse_patterns(20, 120, 0.1, rng=4)
    network = sparse.SparseNetwork(xi)
    cue = np.where(np.random.default_rng(5).random(120) < 0.15, 1 - xi[3], xi[3])
    rng, state = np.random.default_rng(6), cue.copy()
    for _ in range(100):  # the obvious loop: a new random order each sweep, each unit's field
        before = state.copy()
        for i in rng.permutation(state.size):
            h = network.weights[i] @ state
            state[i] = 1 if h > network.threshold else (0 if h < network.threshold else state[i])
        if np.array_equal(state, before):
            break
    assert not np.array_equal(state, cue)
    assert np.array_equal(network.recall(cue, rng=6).state, state)


# --- hetero-association -------------------------------------------------------------------------


def test_bam_recalls_pairs_from_corrupted_cues_in_both_directions():
    x = hf.random_patterns(6, 200, rng=4)
    y = hf.random_patterns(6, 120, rng=5)
    bam = BidirectionalMemory(x, y)
    for k in range(6):
        forward = bam.recall(hf.flip(x[k], 0.2, rng=k))
        backward = bam.recall(hf.flip(y[k], 0.2, rng=k), side="y")
        for result in (forward, backward):
            assert result.converged
            assert np.array_equal(result.x, x[k]) and np.array_equal(result.y, y[k])
    assert bam.energy(x[0], y[0]) < bam.energy(hf.flip(x[0], 0.3, rng=6), y[0])


@given(pairs=st.integers(1, 12), n=st.integers(1, 40), m=st.integers(1, 40),
       seed=st.integers(0, 2**32 - 1))
def test_bam_energy_never_rises_from_step_to_step(pairs, n, m, seed):
    rng = np.random.default_rng(seed)
    bam = BidirectionalMemory(hf.random_patterns(pairs, n, rng=rng),
                              hf.random_patterns(pairs, m, rng=rng))
    cue = hf.random_patterns(1, n, rng=rng)[0]
    energies = [bam.energy(result.x, result.y)
                for result in (bam.recall(cue, max_steps=steps) for steps in range(1, 8))]
    assert np.all(np.diff(energies) <= 0)


def test_bam_associates_letters_with_their_lowercase():
    upper, lower = hf.letters("AXO", size=12), hf.letters("axo", size=12)
    bam = BidirectionalMemory(upper, lower)
    assert np.array_equal(bam.recall(upper[1]).y, lower[1])


def test_sequence_memory_replays_its_sequence():
    xi = hf.random_patterns(7, 300, rng=7)
    memory = SequenceMemory(xi)
    states = memory.recall(hf.flip(xi[2], 0.1, rng=8), steps=14).states
    order = hf.overlap(states[1:], xi).argmax(axis=1)
    assert order.tolist() == [(3 + t) % 7 for t in range(14)]
    assert np.all(hf.overlap(states[2:], xi).max(axis=1) == 1.0)
    assert not np.allclose(memory.weights, memory.weights.T)  # asymmetric: no energy


def test_open_sequence_stops_at_its_end():
    xi = hf.random_patterns(4, 300, rng=9)
    states = SequenceMemory(xi, cyclic=False).recall(xi[0], steps=3).states
    assert [int(np.argmax(hf.overlap(xi, s))) for s in states] == [0, 1, 2, 3]


# --- the self-checks of issue 22 (run by tests/test_checks.py and tests/test_bad_input.py) --------

from hopfield_edu import checks  # noqa: E402


def _stability_measured():  # another method: build the orthogonal patterns and measure
    walsh = np.array([[1]])
    for _ in range(6):
        walsh = np.block([[walsh, walsh], [walsh, -walsh]])
    xi = walsh[1:17].astype(np.int8)  # 16 orthogonal rows of N = 64
    w = pseudoinverse(xi)
    return float(np.unique(np.round(xi * (xi @ w), 12))[0])


_RIGHT = {"hebbian": 0, "storkey": 7, "pseudoinverse": 10}

CHECK_CASES = {
    checks.check_projector_stability: ([0.75, 1 - 16 / 64, _stability_measured()], [
        (1.0, "diagonal kept"), (0.25, "W_ii = p/N itself"), (1 - 16 / 63, "not N - 1"),
        (-0.75, "sign"), (0.5, "ΞΞᵀ = N I")]),
    checks.check_rules_prediction: ([_RIGHT, {"hebbian": 10, "storkey": 10, "pseudoinverse": 10},
                                     {"hebbian": 0, "storkey": 0, "pseudoinverse": 0.0}], [
        ({"hebbian": 0, "storkey": 7}, "a count for each rule"),
        ({**_RIGHT, "storkey": "most"}, "prediction['storkey'] must be a number"),
        ({**_RIGHT, "hebbian": 11}, "whole number from 0 to 10"),
        ({**_RIGHT, "pseudoinverse": 9.5}, "whole number"), ([0, 7, 10], "must be a dict")]),
}

BAD_INPUT = [
    ("checks.check_projector_stability", checks.check_projector_stability, None,
     checks.CheckFailed, ["stability must be a number", "None"]),
    ("checks.check_rules_prediction", checks.check_rules_prediction, 7, checks.CheckFailed,
     ["prediction must be a dict", "got 7"]),
]


def _stabilities_by_library(rule, n, p, rng):
    xi = hf.random_patterns(p, n, rng=rng)
    network = HopfieldNetwork.from_patterns(xi, rule=rule)
    return np.array([x * network.local_field(x) for x in xi])


def _stabilities_by_hand(rule, n, p, rng):  # another method: the weights written out
    xi = hf.random_patterns(p, n, rng=rng).astype(float)
    w = xi.T @ xi / n if rule == "hebbian" else xi.T @ np.linalg.solve(xi @ xi.T, xi)
    np.fill_diagonal(w, 0.0)
    return (xi * (xi @ w)).ravel()


def _stabilities_keeping_the_diagonal(rule, n, p, rng):
    xi = hf.random_patterns(p, n, rng=rng).astype(float)
    w = xi.T @ xi / n if rule == "hebbian" else xi.T @ np.linalg.solve(xi @ xi.T, xi)
    return xi * (xi @ w)


def _fields_only(rule, n, p, rng):
    xi = hf.random_patterns(p, n, rng=rng)
    return np.array([HopfieldNetwork.from_patterns(xi, rule=rule).local_field(x) for x in xi])


def _hebb_over_p(rule, n, p, rng):
    values = _stabilities_by_hand(rule, n, p, rng)
    return values * n / p if rule == "hebbian" else values


CHECK_CASES[checks.check_rule_stabilities] = ([_stabilities_by_library, _stabilities_by_hand], [
    (_stabilities_keeping_the_diagonal, "kept diagonal"), (_fields_only, "pattern bit"),
    (_hebb_over_p, "not by p"), (lambda rule, n, p, rng: np.ones(n), "return ξ^μ_i h_i for all")])

BAD_INPUT.append(("checks.check_rule_stabilities", checks.check_rule_stabilities, "hebbian",
                  TypeError, ["stabilities must be a function stabilities(rule, n_neurons, "
                              "n_patterns, rng)", "got 'hebbian'"]))
