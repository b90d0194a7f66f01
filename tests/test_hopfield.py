"""Chapter 3: the classical Hopfield network against its mathematics and a plain NumPy loop."""

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import hopfield_edu as hf
from hopfield_edu import reference
from hopfield_edu.hopfield import HopfieldNetwork, hebbian, pseudoinverse, storkey


def random_symmetric(n, rng):
    w = rng.normal(size=(n, n))
    w = (w + w.T) / 2
    np.fill_diagonal(w, 0.0)
    return w


# --- learning rules -----------------------------------------------------------------------------


def test_hebbian_is_the_sum_of_outer_products():
    xi = hf.random_patterns(4, 30, rng=0)
    slow = np.zeros((30, 30))
    for pattern in xi:
        for i in range(30):
            for j in range(30):
                if i != j:
                    slow[i, j] += pattern[i] * pattern[j] / 30
    assert np.allclose(hebbian(xi), slow, atol=1e-15)


def skip_dependent(build, patterns):
    """``build(patterns)``; the pseudo-inverse rule refuses linearly dependent patterns, which
    random patterns of few units can be: Hypothesis skips such draws."""
    try:
        return build(patterns)
    except ValueError as error:
        assume("linearly independent" not in str(error))
        raise


@given(rule=st.sampled_from([hebbian, storkey, pseudoinverse]), n=st.integers(2, 50),
       p=st.integers(1, 49), seed=st.integers(0, 2**32 - 1))
def test_every_rule_gives_symmetric_weights_with_zero_diagonal(rule, n, p, seed):
    patterns = hf.random_patterns(min(p, n - 1), n, rng=seed)  # fewer than n, for the inverse
    weights = skip_dependent(rule, patterns)
    assert weights.shape == (n, n) and weights.dtype == np.float64
    assert np.all(np.isfinite(weights))
    assert np.array_equal(weights, weights.T)
    assert np.all(np.diag(weights) == 0)


def test_storkey_is_incremental():
    xi = hf.random_patterns(5, 30, rng=2)
    # the first pattern alone: h = 0, so Storkey is Hebb
    assert np.allclose(storkey(xi[:1]), hebbian(xi[:1]))


def test_pseudoinverse_makes_correlated_patterns_fixed_points():
    letters = hf.letters("HOPFIELD", size=12)  # strongly correlated: Hebb fails on them
    network = HopfieldNetwork.from_patterns(letters, rule="pseudoinverse")
    for pattern in letters:
        assert np.array_equal(network.recall(pattern, rng=0).state, pattern)


# --- recall -------------------------------------------------------------------------------------


def same_trajectory(network, weights, cue, steps, rng, **options):
    """Recall stopped after 1, 2, ... steps equals reference.hopfield_recall stopped alike."""
    for stop in range(1, steps + 1):
        fast = network.recall(cue, max_steps=stop, rng=rng, **options)
        slow = reference.hopfield_recall(weights, cue, max_steps=stop, rng=rng,
                                         scale=1 / network.n_neurons if weights.dtype == int
                                         else 1.0, **options)
        assert np.array_equal(fast.state, slow.state) and fast.steps == slow.steps


@pytest.mark.parametrize("mode", ["async", "sync"])
@pytest.mark.parametrize("temperature", [0.0, 0.4])
def test_kernel_and_numpy_reference_give_the_same_trajectory(temperature, mode):
    xi = hf.random_patterns(12, 120, rng=3)
    network = HopfieldNetwork.from_patterns(xi)
    counts = xi.T.astype(int) @ xi.astype(int) - len(xi) * np.eye(120, dtype=int)
    same_trajectory(network, counts, hf.flip(xi[0], 0.3, rng=4), 6, 5, mode=mode,
                    temperature=temperature)


def test_kernel_matches_reference_on_random_symmetric_weights():
    weights = random_symmetric(80, np.random.default_rng(6))
    same_trajectory(HopfieldNetwork(weights), weights, hf.random_patterns(1, 80, rng=7)[0], 6, 8)


@given(n=st.integers(2, 60), patterns=st.integers(0, 20),
       rule=st.sampled_from(["hebbian", "storkey", "pseudoinverse"]),
       seed=st.integers(0, 2**32 - 1))
def test_energy_never_increases_under_asynchronous_updates(n, patterns, rule, seed):
    # property-based: weights of every rule at any load (the pseudo-inverse below n patterns),
    # or (patterns = 0) random symmetric weights
    rng = np.random.default_rng(seed)
    if patterns == 0:
        network = HopfieldNetwork(random_symmetric(n, rng))
    else:
        p = min(patterns, n - 1) if rule == "pseudoinverse" else patterns
        network = skip_dependent(lambda xi: HopfieldNetwork.from_patterns(xi, rule=rule),
                                 hf.random_patterns(p, n, rng=rng))
    cue = hf.random_patterns(1, n, rng=rng)[0]
    result = network.recall(cue, rng=rng, record=True)
    assert result.converged and result.cycle_length == 1
    assert np.all(np.diff(result.energies) <= 1e-12)
    # the end is a fixed point: every unit agrees with its field (or its field is zero)
    assert np.all(network.local_field(result.state) * result.state >= 0)
    assert result.energies[-1] == pytest.approx(network.energy(result.state))


def test_synchronous_dynamics_ends_in_period_one_or_two():
    rng = np.random.default_rng(10)
    lengths = []
    for _ in range(40):
        network = HopfieldNetwork(random_symmetric(30, rng))
        result = network.recall(hf.random_patterns(1, 30, rng=rng)[0], mode="sync",
                                max_steps=200, record=True)
        assert result.converged and result.cycle_length in (1, 2)
        if result.cycle_length == 2:
            assert np.array_equal(result.states[-1], result.states[-3])
            assert not np.array_equal(result.states[-1], result.states[-2])
        lengths.append(result.cycle_length)
    assert 2 in lengths  # random symmetric weights do produce two-cycles


def test_a_two_cycle_you_can_see():
    # two units that want to disagree, updated together, swap for ever
    network = HopfieldNetwork([[0.0, -1.0], [-1.0, 0.0]])
    result = network.recall([1, 1], mode="sync", record=True)
    assert result.cycle_length == 2 and result.steps == 2
    assert result.states.tolist() == [[1, 1], [-1, -1], [1, 1]]
    assert network.recall([1, 1], rng=0).cycle_length == 1  # asynchronously it settles


def test_stored_patterns_are_fixed_points_at_low_load():
    xi = hf.random_patterns(10, 500, rng=11)  # load 0.02, far below 0.138
    network = HopfieldNetwork.from_patterns(xi)
    for pattern in xi:
        for mode in ("async", "sync"):
            result = network.recall(pattern, mode=mode, rng=0)
            assert np.array_equal(result.state, pattern) and result.steps == 1
            assert np.array_equal(network.recall(-pattern, mode=mode, rng=0).state, -pattern)


def test_noisy_cue_is_completed():
    xi = hf.random_patterns(10, 400, rng=12)
    network = HopfieldNetwork.from_patterns(xi)
    result = network.recall(hf.flip(xi[3], 0.25, rng=13), rng=14)
    assert hf.overlap(result.state, xi[3]) == 1.0


def test_zero_field_keeps_the_state_exactly():
    # Two patterns that disagree on unit 0: its field from the other units cancels exactly,
    # which floating-point weights 1/3 - 1/3 would not guarantee.
    xi = np.array([[1, 1, 1], [-1, 1, 1]])
    network = HopfieldNetwork.from_patterns(xi)
    state = np.array([1, 1, -1])
    assert network.local_field(state)[0] == 0.0
    for start in ([1, 1, 1], [-1, 1, 1]):
        assert network.recall(start, rng=0).state[0] == start[0]


def test_temperature_runs_every_sweep_and_never_claims_convergence():
    xi = hf.random_patterns(3, 100, rng=15)
    network = HopfieldNetwork.from_patterns(xi)
    result = network.recall(xi[0], temperature=0.2, max_steps=7, rng=16)
    assert result.steps == 7 and not result.converged and result.cycle_length == 0
    assert hf.overlap(result.state, xi[0]) > 0.9  # below T = 1 the memory survives
    hot = network.recall(xi[0], temperature=5.0, max_steps=20, rng=16)
    assert abs(hf.overlap(hot.state, xi[0])) < 0.4  # far above it, it is lost


def test_same_seed_same_recall():
    xi = hf.random_patterns(20, 100, rng=17)
    network = HopfieldNetwork.from_patterns(xi)
    cue = hf.flip(xi[0], 0.4, rng=18)
    first, second = network.recall(cue, rng=19), network.recall(cue, rng=19)
    assert np.array_equal(first.state, second.state) and first.steps == second.steps


# --- theory and experiments (chapter 4) ---------------------------------------------------------

from hopfield_edu import experiments  # noqa: E402
from hopfield_edu.theory import (bit_error_probability, critical_load,  # noqa: E402
                                   retrieval_overlap)


def test_ags_critical_load_and_overlap():
    assert critical_load() == pytest.approx(0.1379, abs=0.0005)
    assert retrieval_overlap(critical_load() * (1 - 1e-9)) == pytest.approx(0.967, abs=0.001)
    alpha = np.array([0.06, 0.1, 0.13])  # where m is far enough below 1 to invert erf
    m = retrieval_overlap(alpha)
    # m solves the zero-temperature AGS equations: m = erf(y), y(√(2α) + 2/√π e^{-y²}) = m
    from math import erf, exp, pi, sqrt

    for a, value in zip(alpha, m):
        low, high = 0.0, 10.0
        for _ in range(200):  # invert erf by bisection
            middle = (low + high) / 2
            low, high = (middle, high) if erf(middle) < value else (low, middle)
        y = (low + high) / 2
        assert y * (sqrt(2 * a) + 2 / sqrt(pi) * exp(-y * y)) == pytest.approx(value, abs=1e-9)
    assert np.all(np.diff(m) < 0)
    assert np.isnan(retrieval_overlap(0.2))  # no retrieval state beyond α_c: no overlap at all
    assert retrieval_overlap(0.0) == 1.0


def test_bit_error_formula_values():
    assert bit_error_probability(0.105) == pytest.approx(0.001, rel=0.02)  # HKP §2.2


@pytest.mark.parametrize("n, p", [(400, 80), (400, 120), (1000, 300)])
def test_one_step_error_follows_erfc(n, p):
    # The formula treats the crosstalk as Gaussian with variance p/N: at these loads it is good
    # to a few per cent (with variance (p-1)/N and signal (N-1)/N it is closer still).
    measured = experiments.one_step_error(n, p, trials=20, rng=20)
    assert measured == pytest.approx(bit_error_probability(p / n), rel=0.1)


def test_capacity_transition_lies_between_010_and_020_at_n_1000():
    curve = experiments.capacity_curve([1000], [0.08, 0.2], trials=2, recalls=10, rng=21)
    assert curve.overlap.shape == curve.retrieval_rate.shape == (1, 2)
    assert curve.retrieval_rate[0, 0] == 1.0 and curve.overlap[0, 0] > 0.97
    assert curve.retrieval_rate[0, 1] < 0.5 and curve.overlap[0, 1] < 0.9


def test_basins_shrink_with_noise():
    rates = experiments.basin_curve(400, 20, [0.05, 0.3, 0.5], trials=3, recalls=10, rng=22)
    assert rates[0] == 1.0 and rates[0] >= rates[1] >= rates[2]
    # at 50 % noise the cue carries no information: it lands on the target only by chance,
    # as on any of the 2p = 40 stored states and their negatives
    assert rates[2] < 0.15


def test_three_pattern_mixture_is_a_spurious_attractor():
    n = 4000
    xi = hf.random_patterns(3, n, rng=23)
    mixture = experiments.mixture_state(xi)
    assert np.allclose(hf.overlap(xi, mixture), 0.5, atol=0.05)  # ⟨m⟩ = ½, spread 1/√N
    network = HopfieldNetwork.from_patterns(xi)
    assert network.energy(mixture) / n == pytest.approx(-3 / 8, abs=0.02)
    assert network.energy(xi[0]) / n == pytest.approx(-1 / 2, abs=0.02)
    assert hf.overlap(network.recall(mixture, rng=24).state, mixture) > 0.95


def test_recall_many_is_recall_one_after_another():
    xi = hf.random_patterns(30, 200, rng=25)
    network = HopfieldNetwork.from_patterns(xi)
    cues = hf.flip(xi[:5], 0.2, rng=26)
    together = network.recall(cues, rng=np.random.default_rng(27)).state
    generator = np.random.default_rng(27)
    one_by_one = [network.recall(cue, rng=generator).state for cue in cues]
    assert np.array_equal(together, np.array(one_by_one))


def test_your_own_update_rule_runs_through_the_same_loop():
    xi = hf.random_patterns(8, 100, rng=28)
    network = HopfieldNetwork.from_patterns(xi)
    cue = hf.flip(xi[2], 0.2, rng=29)

    def sign_rule(h, s):  # the built-in rule, written by a reader
        return np.where(h > 0, 1, np.where(h < 0, -1, s))

    for mode in ("async", "sync"):
        mine = network.recall(cue, mode=mode, rng=30, update=sign_rule, record=True)
        built_in = network.recall(cue, mode=mode, rng=30, record=True)
        assert np.array_equal(mine.states, built_in.states) and mine.steps == built_in.steps

    def contrarian(h, s):  # every unit takes the sign its field opposes: never a fixed point
        return np.where(h > 0, -1, 1)

    # the state and its reverse alternate: the loop detects the two-cycle, as for the built-in rule
    result = network.recall(cue, mode="sync", update=contrarian, max_steps=10, record=True)
    assert result.cycle_length == 2 and result.steps < 10
    assert np.array_equal(result.states[-1], -result.states[-2])
    assert np.array_equal(result.states[-1], xi[2]) or np.array_equal(result.states[-1], -xi[2])


def test_experiments_show_a_progress_bar_in_a_kernel(monkeypatch):
    import IPython
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython, "get_ipython", lambda: type("Shell", (), {"kernel": 1})())
    monkeypatch.setattr(IPython.display, "display", shown.append)
    experiments.basin_curve(50, 3, [0.1], trials=4, recalls=2, rng=0)
    experiments.capacity_curve([40], [0.1, 0.2], trials=3, recalls=2, rng=0)
    assert [(bar.value, bar.max) for bar in shown] == [(4, 4), (6, 6)]
    experiments.basin_curve(50, 3, [0.1], trials=2, recalls=2, rng=0, progress=False)
    assert len(shown) == 2


def test_error_free_recall_follows_mceliece():
    n = 500
    most, all_ = n / (2 * np.log(n)), n / (4 * np.log(n))  # 40 and 20 patterns
    patterns_ok, networks_ok = experiments.error_free_fraction(n, round(all_), trials=10, rng=31)
    assert patterns_ok == 1.0 and networks_ok >= 0.8
    patterns_ok, _ = experiments.error_free_fraction(n, round(most), trials=10, rng=32)
    assert patterns_ok > 0.8
    patterns_ok, networks_ok = experiments.error_free_fraction(n, round(3 * most), trials=5,
                                                               rng=33)
    assert patterns_ok < 0.2 and networks_ok == 0.0
    # and a pattern counted exact is indeed a fixed point of recall
    xi = hf.random_patterns(15, 200, rng=34)
    network = HopfieldNetwork.from_patterns(xi)
    stable = np.all(experiments._pattern_stabilities(xi) >= 0, axis=1)
    fixed = [np.array_equal(network.recall(p, rng=0).state, p) for p in xi]
    assert stable.tolist() == fixed


# --- the self-checks of issue 22 (run by tests/test_checks.py and tests/test_bad_input.py) --------

from hopfield_edu import checks  # noqa: E402


def _update_unit(w, s, i):
    new = s.copy()
    h = w[i] @ s
    if h != 0:
        new[i] = 1 if h > 0 else -1
    return new, -0.5 * new @ w @ new + 0.5 * s @ w @ s


def _update_unit_by_flip_rule(w, s, i):  # the same update, ΔE from 2 s_i h_i
    h = w[i] @ s
    new = s.copy()
    if s[i] * h < 0:
        new[i] = -s[i]
        return new, 2.0 * s[i] * h
    return new, 0.0


def _energy_quadratic(w, s):
    return -0.5 * s @ w @ s


def _energy_by_pairs(w, s):  # each pair once, plus a constant: still a Lyapunov function
    return -sum(w[i, j] * s[i] * s[j] for i in range(len(s)) for j in range(i + 1, len(s))) + 7.0


def _energy_of_network(w, s):
    return hf.HopfieldNetwork(w).energy(s)


def _update_uphill(w, s, i):
    new = s.copy()
    new[i] = -1 if w[i] @ s > 0 else 1  # against the field
    return new, -0.5 * new @ w @ new + 0.5 * s @ w @ s


def _update_flipping_ties(w, s, i):
    new = s.copy()
    new[i] = 1 if w[i] @ s >= 0 else -1
    return new, -0.5 * new @ w @ new + 0.5 * s @ w @ s


# --- the cue experiment (check_cue_experiment): designs a learner might write --------------------


def _flip_exactly(pattern, k, rng):
    cue = pattern.copy()
    cue[rng.choice(pattern.size, size=k, replace=False)] *= -1
    return cue


def _sync_step(w, s):
    h = w @ s.astype(np.float64)
    return np.where(h > 0, 1, np.where(h < 0, -1, s))


def _cue_several_patterns(n, p, flips, rng):
    """25 networks; every pattern of each cued, the overlaps averaged per network."""
    result = []
    for _ in range(25):
        xi = hf.random_patterns(p, n, rng=rng)
        w = hebbian(xi)
        result.append(np.mean([x.astype(int) @ _sync_step(w, _flip_exactly(x, flips, rng)) / n
                               for x in xi]))
    return result


def _cue_integer_weights(n, p, flips, rng):
    """40 networks, 20 cues each of patterns drawn at random, weights left as integer counts
    (the sign does not care), the fraction of agreeing bits turned into an overlap."""
    result = []
    for _ in range(40):
        xi = rng.choice(np.array([-1.0, 1.0]), size=(p, n))
        w = xi.T @ xi
        np.fill_diagonal(w, 0)
        agree = []
        for mu in rng.integers(0, p, size=20):
            cue = xi[mu].copy()
            cue[rng.permutation(n)[:flips]] *= -1
            h = w @ cue
            agree.append(np.mean(np.where(h == 0, cue, np.sign(h)) == xi[mu]))
        result.append(2 * np.mean(agree) - 1)
    return result


def _cue_library(n, p, flips, rng):
    """30 networks, every pattern cued through the library's local field."""
    result = []
    for _ in range(30):
        xi = hf.random_patterns(p, n, rng=rng)
        network = HopfieldNetwork.from_patterns(xi)
        cues = np.array([_flip_exactly(x, flips, rng) for x in xi])
        h = np.array([network.local_field(c) for c in cues])
        new = np.where(h > 0, 1, np.where(h < 0, -1, cues))
        result.append(np.mean(np.sum(new * xi, axis=1) / n))
    return result


def _cue_variant(step=None, flip=None, networks=25, scale=None, stored=None):
    def design(n, p, flips, rng):
        result = []
        for _ in range(networks):
            xi = hf.random_patterns(stored(p) if stored else p, n, rng=rng)
            w = hebbian(xi)
            cues = [(x, (flip or _flip_exactly)(x, flips, rng)) for x in xi]
            result.append(np.mean([x.astype(int) @ (step or _sync_step)(w, cue)
                                   / (scale(n) if scale else n) for x, cue in cues]))
        return result
    return design


def _copy_of_the_theory(n, p, flips, rng):
    from hopfield_edu.checks.hopfield import _exact_cue_overlap
    return [_exact_cue_overlap(n, p, flips)] * 8


def _async_sweep(w, s):
    s = s.copy()
    for i in range(s.size):
        h = w[i] @ s
        s[i] = 1 if h > 0 else (-1 if h < 0 else s[i])
    return s


def _full_recall(w, s):
    return HopfieldNetwork(w).recall(s, rng=0).state


def _cue_with_diagonal(n, p, flips, rng):
    """Weights (1/N) ξᵀξ with the diagonal p/N left in."""
    result = []
    for _ in range(20):
        xi = hf.random_patterns(p, n, rng=rng).astype(np.float64)
        w = xi.T @ xi / n
        result.append(np.mean([x @ _sync_step(w, _flip_exactly(x, flips, rng)) / n
                               for x in xi]))
    return result


def _flip_with_replacement(pattern, k, rng):
    cue = pattern.copy()
    cue[rng.integers(0, pattern.size, size=k)] *= -1
    return cue



@pytest.mark.parametrize("n, p, flips", [(5, 2, 1), (6, 2, 2), (5, 3, 2), (4, 3, 0)])
def test_the_exact_one_step_overlap_is_the_average_over_every_network_and_cue(n, p, flips):
    """Enumerate every set of the other p - 1 patterns (ξ¹ = all +1: a gauge choice) and every
    choice of flipped units: the mean overlap after one synchronous step, zero fields kept."""
    from itertools import combinations, product

    from hopfield_edu.checks.hopfield import _exact_cue_overlap

    total, count = 0.0, 0
    for others in product((-1, 1), repeat=(p - 1) * n):
        xi = np.vstack([np.ones(n, int), np.reshape(others, (p - 1, n))]).astype(int)
        counts = xi.T @ xi
        np.fill_diagonal(counts, 0)
        for flipped in combinations(range(n), flips):
            cue = np.ones(n, int)
            cue[list(flipped)] = -1
            h = counts @ cue
            total += np.where(h > 0, 1, np.where(h < 0, -1, cue)).sum() / n
            count += 1
    assert _exact_cue_overlap(n, p, flips) == pytest.approx(total / count, abs=1e-12)

CHECK_CASES = {
    checks.check_hebb_energy_drop: ([-49.5, -(100 - 1) / 2], [
        (-50.0, "N - 1, not N"), (-99.0, "factor ½"), (49.5, "check the sign"),
        (-0.495, "per unit"), (-4950.0, "1/N"), (-25.0, "ξᵀIξ = N")]),
    checks.check_energy_descent: ([(_energy_quadratic, _update_unit),
                                   (_energy_by_pairs, _update_unit_by_flip_rule),
                                   (_energy_of_network, _update_unit)], [
        ((lambda w, s: 0.5 * s @ w @ s, _update_unit), "check the sign"),
        ((lambda w, s: -s @ w @ s, _update_unit), "factor ½"),
        ((lambda w, s: 0.0, _update_unit), "never moves"),
        ((lambda w, s: -0.5 * s @ w @ s + np.random.default_rng().random(), _update_unit),
         "two values for the same W and s"),
        ((lambda w, s: -np.sum(w @ s), _update_unit), "rose"),
        ((_energy_quadratic, lambda w, s, i: (_update_unit(w, s, i)[0], 0.0)), "must agree"),
        ((_energy_quadratic, _update_uphill), "fix Exercise 2"),
        ((_energy_quadratic, _update_flipping_ties), "zero field"),
        ((_energy_quadratic, lambda w, s, i: s), "new state and the energy change")]),
    checks.check_cue_experiment: ([_cue_several_patterns, _cue_integer_weights, _cue_library], [
        (_cue_variant(step=_async_sweep), "an asynchronous sweep"),
        (_cue_variant(step=_full_recall), "a full recall"),
        (_cue_with_diagonal, "diagonal W_ii = p/N left in"),
        (_cue_variant(flip=_flip_with_replacement), "with replacement"),
        (_cue_variant(stored=lambda p: 1), "one pattern stored, not n_patterns"),
        (_cue_variant(step=lambda w, s: s), "no update"),
        (_cue_variant(networks=3), "at least 5 independent networks"),
        (_cue_variant(networks=5), "standard error is larger than"),  # too few networks
        (_cue_variant(scale=lambda n: 1), "divide by the number of neurons"),
        (_copy_of_the_theory, "the same for every network"),
        (lambda n, p, flips, rng: None, "returned None"),
    ]),
    checks.check_letters_prediction: ([0, 5, 2.0, np.int64(3)], [
        ("none", "must be a number"), (None, "must be a number"), (2.5, "whole number"),
        (6, "whole number"), (True, "must be a number"), (float("nan"), "finite")]),
}

BAD_INPUT = [
    ("checks.check_hebb_energy_drop", checks.check_hebb_energy_drop, "-49.5", checks.CheckFailed,
     ["delta_e must be a number", "'-49.5'"]),
    ("checks.check_energy_descent", lambda v: checks.check_energy_descent(v, _update_unit), 1.0,
     TypeError, ["energy must be a function energy(W, s)", "got 1.0"]),
    ("checks.check_cue_experiment", checks.check_cue_experiment, 0.9, TypeError,
     ["one_step_overlaps must be a function one_step_overlaps(n_neurons, n_patterns, flips, rng)",
      "got 0.9"]),
    ("checks.check_cue_experiment", checks.check_cue_experiment, lambda n, p, rng: 0.9,
     TypeError, ["called with 4 arguments"]),
    ("checks.check_letters_prediction", checks.check_letters_prediction, [3], checks.CheckFailed,
     ["prediction must be a number", "[3]"]),
]
