"""Chapter 8: Boltzmann machines against exact enumeration, the Gibbs kernel against its twin,
the digits, the self-checks and the explorer.

Statistical tests use fixed seeds and thresholds with a false-alarm probability of about 1e-4
or less for a correct sampler (stated at each test), never thresholds tuned to the outcome.
"""

import hashlib
import math
import re
import sys
from importlib import resources

import numpy as np
import pytest
from numba import njit

import hopfield_edu as hf
from hopfield_edu import _kernels, boltzmann, checks, ising, reference
from hopfield_edu.boltzmann import RBM, BoltzmannMachine, HopfieldRBM, hopfield_as_rbm
from hopfield_edu.widgets import DreamExplorer

import event_loop

SCALE = 2**32


def reference_sigmoid(x: float) -> float:
    """σ(x) = 1 / (1 + exp(-x)) in double precision as the kernel's rule writes it: through
    exp(x) / (1 + exp(x)) for x < 0, so that it never overflows."""
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    return math.exp(x) / (1.0 + math.exp(x))


def random_couplings(n, scale, rng):
    upper = np.triu(rng.normal(0.0, scale / np.sqrt(n), (n, n)), 1)
    return upper + upper.T


def all_spins(n):
    return BoltzmannMachine(n).distribution()[0]


def chi_square(counts, probabilities):
    """Pearson's statistic over the states expected at least 5 times (the rest pooled), and its
    degrees of freedom."""
    expected = probabilities * counts.sum()
    kept = expected >= 5
    observed = np.append(counts[kept], counts[~kept].sum())
    expected = np.append(expected[kept], expected[~kept].sum())
    if expected[-1] < 5:
        observed, expected = observed[:-1], expected[:-1]
    return float(np.sum((observed - expected) ** 2 / expected)), len(observed) - 1


def chi_square_limit(dof, z=4.5):
    """The Wilson-Hilferty quantile of χ² with ``dof`` degrees of freedom, z standard deviations
    up (z = 4.5: a false alarm about 3e-6 of the time)."""
    return dof * (1 - 2 / (9 * dof) + z * math.sqrt(2 / (9 * dof))) ** 3


def state_index(states, low):
    """The enumeration index of each row: unit i in its upper state sets bit i."""
    return ((np.asarray(states) != low) * (1 << np.arange(states.shape[1]))).sum(axis=1)


# --- the data -----------------------------------------------------------------------------------


def test_digits_are_the_uci_test_set_binarised_at_the_stated_threshold():
    patterns, labels = hf.digits()
    assert patterns.shape == (1797, 64) and patterns.dtype == np.int8
    assert set(np.unique(patterns)) == {-1, 1}
    # the class counts of the UCI test set (optdigits.tes)
    assert np.bincount(labels).tolist() == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]
    assert np.mean(patterns == 1) == pytest.approx(0.3230, abs=5e-5)
    counts, _ = hf.datasets._digit_counts()
    for threshold in (1, 8, 16):
        ink = hf.digits(threshold=threshold)[0] == 1
        assert np.array_equal(ink, counts >= threshold)
    assert (hf.digits(threshold=4)[0] >= hf.digits(threshold=12)[0]).all()
    assert not patterns.flags.writeable or patterns is not hf.digits()[0]  # a fresh array


def test_the_shipped_file_is_the_one_the_readme_describes():
    folder = resources.files("hopfield_edu").joinpath("data")
    data = folder.joinpath("digits.csv.gz").read_bytes()
    readme = folder.joinpath("README.md").read_text(encoding="utf-8")
    assert hashlib.sha256(data).hexdigest() in readme
    assert f"{len(data):,}".replace(",", " ") in readme
    assert "CC BY 4.0" in readme and "Alpaydin" in readme


def test_pyproject_ships_the_data_with_the_package():
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib

    root = resources.files("hopfield_edu").joinpath("..")
    project = tomllib.loads(root.joinpath("pyproject.toml").read_text(encoding="utf-8"))
    shipped = project["tool"]["setuptools"]["package-data"]["hopfield_edu"]
    assert {"data/digits.csv.gz", "data/README.md"} <= set(shipped)


# --- the Gibbs kernel ---------------------------------------------------------------------------


@njit
def _fractions(x):
    out = np.empty((2, x.size), np.float32)
    for k in range(x.size):
        out[0, k], out[1, k] = _kernels.boltzmann._sigmoid_fraction(x[k])
    return out


def test_sigmoid_fraction_is_within_a_tenth_of_the_margin():
    """The kernel settles u < 2**32 σ(x) with a float32 fraction of σ(x) when u / 2**32 is
    more than MARGIN from it: the fraction must be far closer to σ(x) than that, for every x,
    with the rounding of its own two float32 numbers, of u / 2**32 and of the comparison (a few
    times 6e-8) to spare."""
    rng = np.random.default_rng(1)
    x = np.concatenate([rng.normal(0, 4, 400_000), rng.uniform(-40, 40, 400_000),
                        np.linspace(-25, 25, 400_001), [0.0, -0.0, 1e-30, -1e-30, 19.99, 20.0,
                                                        -20.0, 1e4, -1e4, 3e38, -3e38]])
    x = x.astype(np.float32)
    fraction = _fractions(x)
    approximate = fraction[0].astype(np.float64) / fraction[1].astype(np.float64)
    exact = np.array([reference_sigmoid(v) for v in x.astype(np.float64)])
    error = np.abs(approximate - exact).max()
    assert error < 1e-6 < _kernels.boltzmann.MARGIN / 10, error


def test_every_decision_equals_the_exact_comparison():
    """Decisions at u just inside and just outside the margin of the fraction agree with
    u < 2**32 σ(x) for x of both signs: the kernel against the reference on one unit, also
    at fields so large that exp(-x) would overflow (the reference's σ must not raise)."""
    rng = np.random.default_rng(5)
    for x_value in (-1e4, -800.0, -9.0, -1.3, -0.01, 0.0, 0.4, 2.5, 12.0, 800.0, 1e4):
        J, b = np.zeros((1, 1)), np.array([x_value / 2])
        start = np.where(rng.random((500, 1)) < 0.5, 1, -1).astype(np.int8)
        machine = BoltzmannMachine(1, couplings=J, biases=b)
        fast = machine.sample(500, sweeps=30, start=start, rng=int(1000 * x_value) % 97)
        slow = reference.gibbs_sweeps(J, b, start, 30, rng=int(1000 * x_value) % 97)
        assert np.array_equal(fast, slow)


def wrong_twin(J, b, states, sweeps, T, seed, *, reverse=False, chain_by_chain=False,
               chain_major=False):
    """A plausible but wrong twin: the units in reverse order, every sweep of one chain before
    the next chain (drawing one buffer of numbers per chain and sweep), or each sweep's
    numbers taken chain by chain (number c·n + i for unit i of chain c). Float32 fields, as
    the kernel keeps them."""
    chains = states.astype(np.int64).copy()
    J32, b32, two_beta = J.astype(np.float32), b.astype(np.float32), np.float32(2.0 / T)
    lanes = _kernels.seed_lanes(_kernels.seed_state(np.random.default_rng(seed)))
    count, n = chains.shape
    fields = []
    for s in chains:
        h = b32.copy()
        for i in range(n):
            h += np.float32(s[i]) * J32[i]
        fields.append(h)
    per_draw = n if chain_by_chain else count * n
    words = np.empty(-(-per_draw // (2 * _kernels.LANES)) * _kernels.LANES, np.uint64)
    plan = ([(c, sweep) for c in range(count) for sweep in range(sweeps)] if chain_by_chain
            else [(c, sweep) for sweep in range(sweeps) for c in range(count)])
    for c, sweep in plan:
        if chain_by_chain or c == 0:
            _kernels.lanes_uniform64(lanes, words)
            u = words.view(np.uint32)
        for i in (range(n - 1, -1, -1) if reverse else range(n)):
            index = i if chain_by_chain else (c * n + i if chain_major else i * count + c)
            new = 1 if u[index] < SCALE * reference_sigmoid(float(two_beta * fields[c][i])) else -1
            if new != chains[c, i]:
                chains[c, i] = new
                fields[c] += np.float32(2 * new) * J32[i]
    return chains


@pytest.mark.parametrize("n, chains, scale, T", [(1, 3, 1.0, 1.0), (3, 2, 3.0, 1.0),
                                                 (8, 5, 0.5, 1.0), (13, 7, 2.0, 0.7),
                                                 (64, 3, 1.0, 1.3), (5, 70, 1.0, 1.0)])
def test_gibbs_kernel_equals_its_twin(n, chains, scale, T):
    """Same seed, same states, bit for bit; 70 chains run as blocks of 64 and 6."""
    rng = np.random.default_rng(n)
    J, b = random_couplings(n, scale, rng), rng.normal(0, 0.3, n)
    start = np.where(rng.random((chains, n)) < 0.5, 1, -1).astype(np.int8)
    machine = BoltzmannMachine(n, couplings=J, biases=b)
    fast = machine.sample(chains, sweeps=40, temperature=T, start=start, rng=9)
    assert np.array_equal(fast, reference.gibbs_sweeps(J, b, start, 40, temperature=T, rng=9))
    if n >= 8:  # the test can fail: twins that differ in one plausible way do differ
        assert np.array_equal(fast, wrong_twin(J, b, start, 40, T, 9))  # (the right way)
        for wrong in (dict(reverse=True), dict(chain_by_chain=True), dict(chain_major=True)):
            assert not np.array_equal(fast, wrong_twin(J, b, start, 40, T, 9, **wrong))


def exact_samples(states, probabilities, count, seed):
    return states[np.random.default_rng(seed).choice(len(states), size=count, p=probabilities)]


def test_gibbs_chains_sample_the_exact_distribution():
    """A frustrated 6-unit machine against all 64 states: 30000 chains started from exact
    samples stay exactly distributed (the sweeps keep the Boltzmann distribution, at T = 1 and
    at T = 0.6), and chains started all up reach it (at T = 1, after 100 sweeps)."""
    rng = np.random.default_rng(2)
    n = 6
    machine = BoltzmannMachine(n, couplings=random_couplings(n, 1.5, rng),
                               biases=rng.normal(0, 0.4, n))
    states, probabilities = machine.distribution()
    for T, start, sweeps in ((1.0, "exact", 10), (0.6, "exact", 10), (1.0, "up", 100)):
        p = probabilities ** (1 / T)  # P(s) at T is P(s)**(1/T), renormalised
        p /= p.sum()
        chains = (exact_samples(states, p, 30000, 3) if start == "exact"
                  else np.ones((30000, n), np.int8))
        samples = machine.sample(30000, sweeps=sweeps, temperature=T, start=chains, rng=4)
        statistic, dof = chi_square(np.bincount(state_index(samples, -1), minlength=2**n), p)
        assert statistic < chi_square_limit(dof), (T, start)


def test_temperature_must_be_positive_and_start_must_fit():
    machine = BoltzmannMachine(4)
    with pytest.raises(ValueError, match="start must hold one state per chain"):
        machine.sample(3, start=np.ones((2, 4)))


# --- the fully visible machine: exact quantities and learning -----------------------------------


def test_partition_function_likelihood_and_moments_by_brute_force():
    rng = np.random.default_rng(4)
    n = 7
    machine = BoltzmannMachine(n, couplings=random_couplings(n, 1.0, rng),
                               biases=rng.normal(0, 0.5, n))
    states = all_spins(n)
    weights = np.array([math.exp(-machine.energy(s)) for s in states])
    assert machine.log_partition() == pytest.approx(math.log(weights.sum()), rel=1e-12)
    s, p = states.astype(float), weights / weights.sum()
    means, correlations = machine.moments()
    assert np.allclose(means, p @ s, atol=1e-13)
    assert np.allclose(correlations, (s * p[:, None]).T @ s, atol=1e-13)
    data = states[[0, 5, 5, 77]]
    assert machine.log_likelihood(data) == pytest.approx(np.mean(np.log(p[[0, 5, 5, 77]])))
    assert np.allclose(machine.distribution()[1], p, atol=1e-14)


def test_one_exact_step_from_zero_is_hebbs_rule():
    data = hf.flip(hf.random_patterns(3, 9, rng=5)[np.arange(60) % 3], 0.1, rng=6)
    machine = BoltzmannMachine(9).fit(data, steps=1, learning_rate=1.0, method="exact")
    x = data.astype(float)
    hebb = x.T @ x / len(x)
    np.fill_diagonal(hebb, 0.0)
    assert np.allclose(machine.couplings, hebb, atol=1e-14)
    assert np.allclose(machine.biases, x.mean(axis=0), atol=1e-14)


def test_the_learned_machine_matches_the_data_moments():
    """At the maximum of the likelihood the model's means and correlations are the data's."""
    data = hf.flip(hf.random_patterns(2, 6, rng=7)[np.arange(200) % 2], 0.3, rng=8)
    machine = BoltzmannMachine(6).fit(data, steps=2000, learning_rate=0.3, method="exact")
    x = data.astype(float)
    means, correlations = machine.moments()
    assert np.allclose(means, x.mean(axis=0), atol=1e-9)
    assert np.allclose(correlations, x.T @ x / len(x), atol=1e-9)


def test_parity_is_invisible_to_a_fully_visible_machine():
    states = all_spins(3)
    parity = states[np.prod(states, axis=1) == 1]
    machine = BoltzmannMachine(3).fit(parity, steps=50, learning_rate=0.2, method="exact")
    assert np.allclose(machine.couplings, 0.0) and np.allclose(machine.biases, 0.0)
    assert machine.log_likelihood(parity) == pytest.approx(-3 * math.log(2))


def inverse_ising_data(T, samples, seed):
    L, n = 3, 9
    bonds = np.zeros((n, n))
    for i in range(L):
        for j in range(L):
            for k in (i * L + (j + 1) % L, (i + 1) % L * L + j):
                bonds[i * L + j, k] = bonds[k, i * L + j] = 1.0 / T
    exact = ising.enumerate_states(L, T)
    states = exact.states.reshape(-1, n)
    rng = np.random.default_rng(seed)
    return states[rng.choice(len(states), size=samples, p=exact.probability)], bonds


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_inverse_ising_recovers_the_couplings_within_the_statistical_error(seed):
    """Exact maximum likelihood on 20000 exact samples of a 3 × 3 torus at T = 3.

    The estimate of the 45 parameters (36 couplings, 9 biases) scatters around the truth with
    covariance F⁻¹/M, F the Fisher information (computed exactly), so M (θ̂ - θ)ᵀ F (θ̂ - θ)
    follows χ² with 45 degrees of freedom; it must stay below that law's 1 - 3e-6 quantile. And
    persistent chains must find the same couplings to within 0.01 (root mean square).
    """
    T, M = 3.0, 20000
    data, bonds = inverse_ising_data(T, M, seed)
    exact = BoltzmannMachine(9).fit(data, steps=1500, learning_rate=0.25, method="exact")
    pairs = np.triu_indices(9, 1)
    truth = BoltzmannMachine(9, couplings=bonds)
    states, p = truth.distribution()
    s = states.astype(float)
    features = np.hstack([s[:, pairs[0]] * s[:, pairs[1]], s])
    mean = p @ features
    fisher = (features * p[:, None]).T @ features - np.outer(mean, mean)
    error = np.concatenate([(exact.couplings - bonds)[pairs], exact.biases])
    assert M * error @ fisher @ error < chi_square_limit(45)
    assert np.sqrt(np.mean((exact.couplings - bonds)[pairs] ** 2)) < 0.03
    chains = BoltzmannMachine(9).fit(data, steps=600, learning_rate=0.05, chains=2000, rng=seed)
    assert np.sqrt(np.mean((chains.couplings - exact.couplings)[pairs] ** 2)) < 0.01


def test_persistent_chains_carry_over_between_calls():
    data, _ = inverse_ising_data(3.0, 500, 3)
    once = BoltzmannMachine(9).fit(data, steps=20, chains=50, rng=np.random.default_rng(4))
    generator = np.random.default_rng(4)
    twice = BoltzmannMachine(9)
    twice.fit(data, steps=20, chains=50, rng=generator)
    twice.fit(data, steps=20, chains=50, rng=generator)
    assert not np.allclose(once.couplings, twice.couplings)  # it went on learning
    assert twice._chains.shape == (50, 9)


# --- the RBM ------------------------------------------------------------------------------------


def random_rbm(n_visible, n_hidden, scale=1.0, seed=0):
    rng = np.random.default_rng(seed)
    rbm = RBM(n_visible, n_hidden, weight_scale=scale, rng=rng)
    rbm.visible_bias[:] = rng.normal(0, scale, n_visible)
    rbm.hidden_bias[:] = rng.normal(0, scale, n_hidden)
    return rbm


def joint_energies(rbm):
    v = (all_spins(rbm.n_visible) + 1) // 2
    h = (all_spins(rbm.n_hidden) + 1) // 2
    return v, h, np.array([[rbm.energy(a, c) for c in h] for a in v])


def log_sum_exp(x, axis=None):
    top = np.max(x, axis=axis, keepdims=True)
    return np.squeeze(top, axis=axis) + np.log(np.sum(np.exp(x - top), axis=axis))


@pytest.mark.parametrize("n_visible, n_hidden", [(5, 3), (3, 6), (4, 4)])
def test_rbm_exact_quantities_by_summing_both_layers(n_visible, n_hidden):
    """Enumerating the smaller layer, with the other summed in closed form, gives what summing
    over every (v, h) pair gives, whichever layer is smaller."""
    rbm = random_rbm(n_visible, n_hidden, seed=n_visible)
    v, h, E = joint_energies(rbm)
    log_z = log_sum_exp(-E.ravel())
    assert rbm.log_partition() == pytest.approx(log_z, rel=1e-12)
    assert np.allclose(rbm.free_energy(v), -log_sum_exp(-E, axis=1), atol=1e-12)
    p = np.exp(-E - log_z)
    data = v[np.arange(20) % len(v)]
    gradient = rbm.gradient(data, method="exact")
    ph = rbm.hidden_probabilities(data)
    vf, hf_ = v.astype(float), h.astype(float)
    assert np.allclose(gradient.weights, data.T @ ph / 20 - vf.T @ p @ hf_, atol=1e-12)
    assert np.allclose(gradient.visible_bias, data.mean(0) - p.sum(1) @ vf, atol=1e-12)
    assert np.allclose(gradient.hidden_bias, ph.mean(0) - p.sum(0) @ hf_, atol=1e-12)
    assert rbm.log_likelihood(data) == pytest.approx(
        np.mean(log_sum_exp(-E, axis=1)[np.arange(20) % len(v)]) - log_z)


def test_conditionals_are_those_of_the_joint_distribution():
    rbm = random_rbm(4, 3, seed=11)
    v, h, E = joint_energies(rbm)
    p = np.exp(-E - log_sum_exp(-E.ravel()))
    p_h_given_v = p / p.sum(axis=1, keepdims=True)
    assert np.allclose(rbm.hidden_probabilities(v), p_h_given_v @ h, atol=1e-12)
    p_v_given_h = p / p.sum(axis=0, keepdims=True)
    assert np.allclose(rbm.visible_probabilities(h), p_v_given_h.T @ v, atol=1e-12)
    assert np.allclose(rbm.hidden_probabilities(v, temperature=2.0),
                       1 / (1 + np.exp(-(v @ rbm.weights + rbm.hidden_bias) / 2)))
    up = sigmoid(v[:3] @ rbm.weights + rbm.hidden_bias)
    assert np.allclose(rbm.reconstruct(v[:3]), sigmoid(up @ rbm.weights.T + rbm.visible_bias))


def test_block_gibbs_reproduces_the_exact_visible_marginal():
    """20000 chains of block Gibbs sampling, 50 steps, against P(v) = e^-F(v) / Z over 32
    states; and, with two units clamped, against the exact conditional of the other three."""
    rbm = random_rbm(5, 4, scale=1.2, seed=12)
    v = (all_spins(5) + 1) // 2
    p = np.exp(-rbm.free_energy(v) - rbm.log_partition())
    start = np.zeros((20000, 5), np.int8)
    samples = rbm.sample(start, steps=50, rng=13)
    statistic, dof = chi_square(np.bincount(state_index(samples, 0), minlength=32), p)
    assert statistic < chi_square_limit(dof)
    clamp = np.array([True, False, True, False, False])
    start[:, 0], start[:, 2] = 1, 0
    samples = rbm.sample(start, steps=50, clamp=clamp, rng=14)
    assert np.all(samples[:, 0] == 1) and np.all(samples[:, 2] == 0)
    allowed = (v[:, 0] == 1) & (v[:, 2] == 0)
    conditional = np.where(allowed, p, 0.0) / p[allowed].sum()
    statistic, dof = chi_square(np.bincount(state_index(samples, 0), minlength=32), conditional)
    assert statistic < chi_square_limit(dof)


def test_exact_log_likelihood_rises_under_training():
    rng = np.random.default_rng(15)
    data = (rng.random((8, 6)) < 0.5).astype(np.int8)[rng.integers(8, size=120)]
    rbm = RBM(6, 4, rng=16)
    before = rbm.log_likelihood(data)
    curve = [before]
    for epoch in range(10):  # full-batch exact gradient ascent, small steps: never falls
        rbm.fit(data, epochs=1, learning_rate=0.1, method="exact", batch_size=len(data),
                momentum=0.0, rng=epoch)
        curve.append(rbm.log_likelihood(data))
    assert np.all(np.diff(curve) > 0)
    for method in ("cd", "pcd"):  # stochastic: it rises overall
        trained = RBM(6, 4, rng=16).fit(data, epochs=60, learning_rate=0.1, method=method,
                                        batch_size=10, rng=17)
        assert trained.log_likelihood(data) > before + 1.0


def expected_cd_gradient(rbm, data, k):
    """The exact expectation of the CD-k weight gradient: v_k follows the block Gibbs
    transition matrix T(v → v') = Σ_h P(h|v) P(v'|h) for k steps from each data row."""
    v = ((all_spins(rbm.n_visible) + 1) // 2).astype(float)
    h = ((all_spins(rbm.n_hidden) + 1) // 2).astype(float)
    ph = rbm.hidden_probabilities(v)                             # (states, n_hidden)
    p_h = np.prod(np.where(h[None] == 1, ph[:, None], 1 - ph[:, None]), axis=2)  # P(h|v)
    pv = rbm.visible_probabilities(h)
    p_v = np.prod(np.where(v[None] == 1, pv[:, None], 1 - pv[:, None]), axis=2)  # P(v'|h)
    step = np.linalg.matrix_power(p_h @ p_v, k)
    start = np.bincount(state_index(data, 0), minlength=len(v)) / len(data)
    end = start @ step
    positive = data.T @ rbm.hidden_probabilities(data) / len(data)
    return positive - (v * end[:, None]).T @ ph


def test_cd_k_approaches_the_exact_gradient_as_k_grows():
    rbm = random_rbm(5, 3, scale=1.5, seed=18)
    data = (all_spins(5)[[1, 4, 9, 30, 31]] + 1) // 2
    exact = rbm.gradient(data, method="exact").weights
    errors = [np.linalg.norm(expected_cd_gradient(rbm, data, k) - exact) for k in
              (1, 2, 4, 8, 16, 64)]
    assert np.all(np.diff(errors) < 0)
    assert errors[-1] < 1e-3 * errors[0]
    # and the library's CD-k estimates average to that expectation: 4000 copies of the data,
    # each element of the mean within 5 standard errors
    many = np.repeat(data, 800, axis=0)
    for k in (1, 4):
        draws = np.stack([rbm.gradient(many, method="cd", k=k, rng=seed).weights
                          for seed in range(30)])
        error = draws.std(axis=0, ddof=1) / np.sqrt(len(draws))
        assert np.all(np.abs(draws.mean(axis=0) - expected_cd_gradient(rbm, data, k))
                      < 5 * error + 1e-12)


def test_pcd_chains_persist_and_fit_carries_its_velocity():
    rbm = RBM(6, 3, rng=19)
    data = (np.random.default_rng(20).random((40, 6)) < 0.5).astype(np.int8)
    rbm.gradient(data[:10], method="pcd", rng=21)
    first = rbm._chains.copy()
    rbm.gradient(data[:10], method="pcd", rng=22)
    assert rbm._chains.shape == first.shape and not np.array_equal(rbm._chains, first)
    one = RBM(6, 3, rng=19).fit(data, epochs=4, momentum=0.7, rng=np.random.default_rng(5))
    generator, split = np.random.default_rng(5), RBM(6, 3, rng=19)
    for _ in range(4):
        split.fit(data, epochs=1, momentum=0.7, rng=generator)
    assert np.allclose(one.weights, split.weights, atol=1e-14)


def test_exact_quantities_refuse_models_too_big_to_enumerate():
    rbm = RBM(30, 25)
    with pytest.raises(ValueError, match=r"2\*\*25 states of 25 units"):
        rbm.log_partition()
    assert np.isfinite(RBM(30, 12).log_partition())  # the smaller layer is what counts


# --- the Hopfield network and the dense memory as RBMs -------------------------------------------


def test_gaussian_hidden_units_integrate_to_the_hopfield_distribution():
    """Gauss-Hermite quadrature of exp(-E(s, z)) over the hidden units, for every state, against
    the closed-form free energy and against the Hopfield network's Boltzmann weights at T = 1/β."""
    rng = np.random.default_rng(23)
    n, p, beta = 8, 2, 1.7
    patterns = hf.random_patterns(p, n, rng=rng)
    model = hopfield_as_rbm(patterns, beta=beta)
    nodes, weights = np.polynomial.hermite_e.hermegauss(60)  # ∫ e^{-z²/2} f(z) dz
    z = np.stack(np.meshgrid(nodes, nodes, indexing="ij"), axis=-1).reshape(-1, 2)
    w = np.outer(weights, weights).ravel()
    states = all_spins(n)
    quadrature = []
    for s in states:
        # e^{-E} = e^{-z²/2} e^{sᵀWz}: the Gaussian factor is in the quadrature weights
        minus_energy = -model.energy(np.repeat(s[None], len(z), axis=0), z)
        quadrature.append(np.log(np.sum(w * np.exp(minus_energy + 0.5 * np.sum(z**2, 1)))))
    quadrature = np.array(quadrature)
    assert np.allclose(quadrature, -model.free_energy(states), atol=1e-9)
    hopfield = hf.HopfieldNetwork.from_patterns(patterns)
    gap = -model.free_energy(states) + beta * np.array([hopfield.energy(s) for s in states])
    assert np.ptp(gap) < 1e-12  # the same distribution, to rounding
    assert isinstance(model.memory(), hf.HopfieldNetwork) and model.temperature == 1 / beta


def test_a_softmax_hidden_unit_gives_the_exponential_dense_memory():
    patterns = hf.random_patterns(5, 8, rng=24)
    model = hopfield_as_rbm(patterns, beta=0.6, hidden="softmax")
    states = all_spins(8)
    one_hot = np.eye(5)
    summed = np.array([log_sum_exp(-model.energy(np.repeat(s[None], 5, axis=0), one_hot))
                       for s in states])
    assert np.allclose(summed, -model.free_energy(states), atol=1e-12)
    dense = model.memory()
    assert isinstance(dense, hf.DenseAssociativeMemory) and dense.beta == 0.6
    assert np.allclose(-model.free_energy(states),
                       -0.6 * np.array([dense.energy(s) for s in states]), atol=1e-12)


@pytest.mark.parametrize("hidden", ["gaussian", "softmax"])
def test_hopfield_rbm_block_gibbs_samples_its_marginal(hidden):
    """Block Gibbs sampling keeps the marginal e^{-F(s)}/Z (chains started from exact samples,
    at β = 1.4, where they mix slowly) and reaches it from all units up (at β = 0.5)."""
    patterns = hf.random_patterns(3, 6, rng=25)
    states = all_spins(6)
    for beta, start in ((1.4, "exact"), (0.5, "up")):
        model = hopfield_as_rbm(patterns, beta=beta, hidden=hidden)
        p = np.exp(-model.free_energy(states))
        p /= p.sum()
        chains = exact_samples(states, p, 20000, 5) if start == "exact" else np.ones((20000, 6))
        samples = model.sample(chains, steps=30, rng=26)
        statistic, dof = chi_square(np.bincount(state_index(samples, -1), minlength=64), p)
        assert statistic < chi_square_limit(dof), (beta, start)


def test_hidden_and_visible_conditionals_of_the_hopfield_rbm():
    patterns = hf.random_patterns(3, 10, rng=27)
    s = hf.flip(patterns[0], 0.2, rng=28)
    gaussian = hopfield_as_rbm(patterns, beta=2.0)
    z = gaussian.sample_hidden(np.repeat(s[None], 40000, axis=0), rng=29)
    mean = np.sqrt(2.0 / 10) * (patterns @ s)
    assert np.all(np.abs(z.mean(axis=0) - mean) < 5 / np.sqrt(40000))
    assert np.allclose(z.var(axis=0), 1.0, atol=0.05)
    softmax = hopfield_as_rbm(patterns, beta=0.3, hidden="softmax")
    picks = softmax.sample_hidden(np.repeat(s[None], 40000, axis=0), rng=30)
    scores = np.exp(0.3 * (patterns @ s))
    expected = scores / scores.sum()
    assert np.all(np.abs(picks.mean(axis=0) - expected)
                  < 5 * np.sqrt(expected * (1 - expected) / 40000))
    s_new = softmax.sample_visible(np.repeat(np.eye(3)[:1], 40000, axis=0), rng=31)
    agree = 1 / (1 + np.exp(-2 * 0.3))  # P(s_i = ξ_i | memory μ) = σ(2β)
    assert np.allclose(np.mean(s_new == patterns[0], axis=0), agree, atol=0.01)


# --- the explorer -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def trained():
    images = (hf.digits()[0] + 1) // 2
    return RBM(64, 30, rng=0).fit(images[:400], epochs=3, rng=1), images[400:500]


def test_dream_explorer_steps_clamps_and_redraws(trained):
    rbm, images = trained
    explorer = DreamExplorer(rbm, images, start="an image", clamp="top half", seed=2)
    top = explorer.state[:32].copy()
    picture = bytes(explorer.state_image.value)
    assert "step 0" in explorer.readout.value
    assert "32 of 64 units clamped" in explorer.readout.value
    explorer.step_button.click()
    assert explorer.steps == 1 and "step 1 " in explorer.readout.value
    assert np.array_equal(explorer.state[:32], top)      # the clamped half stays
    for _ in range(5):
        explorer.step()
    assert np.array_equal(explorer.state[:32], top)
    assert bytes(explorer.state_image.value) != picture or explorer.steps == 6
    assert len(explorer.free_energies) == 7
    assert explorer.free_energies[-1] == pytest.approx(rbm.free_energy(explorer.state))
    explorer.clamp.value = "left half"
    assert explorer.steps == 0 and explorer.clamped.reshape(8, 8)[:, :4].all()
    explorer.clamp.value = "nothing"
    explorer.start.value = "noise"
    assert not explorer.clamped.any()
    explorer.temperature.value = 1.5
    assert "T = 1.50" in explorer.readout.value
    explorer.play.value = True  # outside a kernel there is no event loop to animate in
    assert explorer.play.description == "Pause"
    event_loop.run(explorer.animate(frames=3))
    assert explorer.steps == 3
    explorer.play.value = False
    assert explorer.play.description == "Dream"


def test_dream_explorer_is_deterministic_for_a_seed(trained):
    rbm, images = trained
    runs = []
    for _ in range(2):
        explorer = DreamExplorer(rbm, images, seed=5)
        for _ in range(4):
            explorer.step()
        runs.append(explorer.state.copy())
    assert np.array_equal(*runs)


# --- the self-checks ----------------------------------------------------------------------------


def gradient_right(data, states, p):
    x, s = data.astype(float), states.astype(float)
    dJ = x.T @ x / len(x) - (s * p[:, None]).T @ s
    np.fill_diagonal(dJ, 0)
    return dJ, x.mean(0) - p @ s


def gradient_by_loops(data, states, p):
    n, x = data.shape[1], data.astype(float)
    dJ = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            if i != j:
                dJ[i, j] = np.mean(x[:, i] * x[:, j]) - np.sum(p * states[:, i] * states[:, j])
    return dJ, x.mean(0) - p @ states


def gradient_int8(data, states, p):
    s = states.astype(float)
    dJ = (data.T @ data) / len(data) - (s * p[:, None]).T @ s
    np.fill_diagonal(dJ, 0)
    return dJ, data.mean(0) - p @ s


def gradient_sign(data, states, p):
    dJ, db = gradient_right(data, states, p)
    return -dJ, -db


def gradient_hebb(data, states, p):
    x = data.astype(float)
    dJ = x.T @ x / len(x)
    np.fill_diagonal(dJ, 0)
    return dJ, x.mean(0)


def gradient_uniform_model(data, states, p):
    return gradient_right(data, states, np.full(len(states), 1 / len(states)))


def gradient_no_bias(data, states, p):
    return gradient_right(data, states, p)[0], np.zeros(data.shape[1])


def gradient_summed(data, states, p):
    dJ, db = gradient_right(data, states, p)
    return dJ * len(data), db


def gradient_diagonal(data, states, p):
    dJ, db = gradient_right(data, states, p)
    return dJ + np.eye(len(dJ)), db


def gradient_not_a_tuple(data, states, p):
    return gradient_right(data, states, p)[0]


def free_energy_right(v, W, a, b):
    return -v @ a - np.logaddexp(0, v @ W + b).sum(1)


def free_energy_stable_by_hand(v, W, a, b):
    """ln(1 + e^x) = max(x, 0) + ln(1 + e^-|x|), written out, unit by unit (a second method)."""
    x = v @ W + b
    return -v @ a - sum(np.maximum(x[:, j], 0) + np.log1p(np.exp(-np.abs(x[:, j])))
                        for j in range(x.shape[1]))


def free_energy_overflow(v, W, a, b):
    with np.errstate(over="ignore"):
        return -v @ a - np.log(1 + np.exp(v @ W + b)).sum(1)


def free_energy_sign(v, W, a, b):
    return -free_energy_right(v, W, a, b)


def free_energy_no_visible_bias(v, W, a, b):
    return -np.logaddexp(0, v @ W + b).sum(1)


def free_energy_relu(v, W, a, b):
    return -v @ a - np.maximum(v @ W + b, 0).sum(1)


def free_energy_of_the_batch(v, W, a, b):
    return free_energy_right(v, W, a, b).sum()


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def cd1(W, a, b, v0, uh, uv, rate, *, positive="p", negative="p", visible="sample",
        compare=np.less, average=True, sign=1.0):
    p0 = sigmoid(v0 @ W + b)
    h0 = compare(uh, p0).astype(float)
    pv = sigmoid(h0 @ W.T + a)
    v1 = compare(uv, pv).astype(float) if visible == "sample" else pv
    p1 = sigmoid(v1 @ W + b)
    pos = p0 if positive == "p" else h0
    neg = p1 if negative == "p" else (uh < p1).astype(float)
    scale = rate / len(v0) if average else rate
    return (W + sign * scale * (v0.T @ pos - v1.T @ neg), a + sign * rate * (v0 - v1).mean(0),
            b + sign * rate * (p0 - p1).mean(0))


def cd1_right(*args):
    return cd1(*args)


def cd1_by_rows(W, a, b, v0, uh, uv, rate):
    dW, da, db = np.zeros_like(W), np.zeros_like(a), np.zeros_like(b)
    for r in range(len(v0)):
        p0 = sigmoid(v0[r] @ W + b)
        h0 = uh[r] < p0
        v1 = (uv[r] < sigmoid(W @ h0 + a)).astype(float)
        p1 = sigmoid(v1 @ W + b)
        dW += np.outer(v0[r], p0) - np.outer(v1, p1)
        da += v0[r] - v1
        db += p0 - p1
    return W + rate * dW / len(v0), a + rate * da / len(v0), b + rate * db / len(v0)


def cd1_sampled_h0(*args):
    return cd1(*args, positive="h")


def cd1_sampled_h1(*args):
    return cd1(*args, negative="h")


def cd1_mean_field_v1(*args):
    return cd1(*args, visible="probabilities")


def cd1_greater(*args):
    return cd1(*args, compare=np.greater)


def cd1_summed(*args):
    return cd1(*args, average=False)


def cd1_sign(*args):
    return cd1(*args, sign=-1.0)


def cd1_in_place(W, a, b, v0, uh, uv, rate):
    new = cd1(W, a, b, v0, uh, uv, rate)
    W[...] = new[0]
    return new


def couplings_right(patterns, beta):
    x = patterns.astype(float)
    return beta * x.T @ x / x.shape[1]


def couplings_zero_diagonal(patterns, beta):
    J = couplings_right(patterns, beta)
    np.fill_diagonal(J, 0)
    return J


def couplings_without_beta(patterns, beta):
    return couplings_right(patterns, 1.0)


def couplings_square_root(patterns, beta):
    return couplings_right(patterns, np.sqrt(beta))


def couplings_without_n(patterns, beta):
    return couplings_right(patterns, beta) * patterns.shape[1]


def couplings_doubled(patterns, beta):
    return 2 * couplings_right(patterns, beta)


def couplings_halved(patterns, beta):
    return couplings_right(patterns, beta) / 2


def couplings_negated(patterns, beta):
    return -couplings_right(patterns, beta)


def not_implemented(*args):
    raise NotImplementedError()


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def gibbs_right(v, W, a, b, rng):
    h = (rng.random((len(v), len(b))) < _sigmoid(v @ W + b)).astype(float)
    return (rng.random(v.shape) < _sigmoid(h @ W.T + a)).astype(float)


def gibbs_unit_by_unit(v, W, a, b, rng):
    """Each layer's units drawn one at a time: the same conditional distribution."""
    v = np.array(v, dtype=float)
    h = np.empty((len(v), len(b)))
    for j in range(len(b)):
        h[:, j] = rng.random(len(v)) < _sigmoid(v @ W[:, j] + b[j])
    for i in range(v.shape[1]):
        v[:, i] = rng.random(len(v)) < _sigmoid(h @ W[i] + a[i])
    return v


def gibbs_mean_field_h(v, W, a, b, rng):
    return (rng.random(v.shape) < _sigmoid(_sigmoid(v @ W + b) @ W.T + a)).astype(float)


def gibbs_greater(v, W, a, b, rng):
    h = (rng.random((len(v), len(b))) > _sigmoid(v @ W + b)).astype(float)
    return (rng.random(v.shape) > _sigmoid(h @ W.T + a)).astype(float)


def gibbs_probabilities(v, W, a, b, rng):
    h = (rng.random((len(v), len(b))) < _sigmoid(v @ W + b)).astype(float)
    return _sigmoid(h @ W.T + a)


def gibbs_swapped_biases(v, W, a, b, rng):
    h = (rng.random((len(v), len(b))) < _sigmoid(v @ W)).astype(float)
    return (rng.random(v.shape) < _sigmoid(h @ W.T + a + 1.0)).astype(float)


def _hidden_variance(sigma, c, samples, seed, scale=1.0, log_first=False):
    """ln of the Monte Carlo mean of exp(c·z), z of standard deviation ``scale`` × σ (or the
    mean of ln, with ``log_first``)."""
    z = scale * sigma * np.random.default_rng(seed).standard_normal((samples, len(c)))
    if log_first:
        return float(np.mean(z @ c))
    return float(np.log(np.mean(np.exp(z @ c))))


_C = np.array([0.6, -0.4, 0.5])


# {check: ([correct answers, written differently], [(wrong answer, what the hint says)])}; run
# by tests/test_checks.py with every chapter's cases
CHECK_CASES = {
    checks.check_boltzmann_gradient: ([gradient_right, gradient_by_loops], [
        (gradient_int8, "does not fit in an int8"),
        (gradient_sign, "wrong sign"),
        (gradient_hebb, "Hebb's rule on the data alone"),
        (gradient_uniform_model, "weighted by its probability"),
        (gradient_no_bias, "db is not"),
        (gradient_summed, "Average the data"),
        (gradient_diagonal, "nonzero diagonal"),
        (gradient_not_a_tuple, "as a tuple"),
        (not_implemented, "NotImplementedError"),
    ]),
    checks.check_rbm_free_energy: ([free_energy_right, free_energy_stable_by_hand], [
        (free_energy_overflow, "np.logaddexp(0, x)"),
        (free_energy_sign, "wrong sign"),
        (free_energy_no_visible_bias, "visible bias"),
        (free_energy_relu, "max(0, x)"),
        (free_energy_of_the_batch, "returned shape ()"),
        (not_implemented, "NotImplementedError"),
    ]),
    checks.check_cd1_update: ([cd1_right, cd1_by_rows], [
        (cd1_sampled_h0, "sampled h0 in the positive term"),
        (cd1_sampled_h1, "a sample of h1"),
        (cd1_mean_field_v1, "not a sample"),
        (cd1_greater, "u < P, not u > P"),
        (cd1_summed, "divide by the batch size"),
        (cd1_sign, "wrong sign"),
        (cd1_in_place, "changed the array it was given"),
        (not_implemented, "NotImplementedError"),
    ]),
    checks.check_gaussian_couplings: ([couplings_right, couplings_zero_diagonal], [
        (couplings_without_beta, "β is missing"),
        (couplings_square_root, "√β"),
        (couplings_without_n, "1/N is missing"),
        (couplings_doubled, "twice too large"),
        (couplings_halved, "half too small"),
        (couplings_negated, "wrong sign"),
        (not_implemented, "NotImplementedError"),
    ]),
    checks.check_cd_prediction: ([0, 19.1, np.float64(-3.0), 200], [
        (None, "before you run this cell"),
        ("19", "a number of nats per image"),
        (float("nan"), "a number of nats per image"),
    ]),
    checks.check_gibbs_sampler: ([gibbs_right, gibbs_unit_by_unit], [
        (gibbs_mean_field_h, "sampled* h"),
        (gibbs_greater, "every sign is reversed"),
        (gibbs_probabilities, "other than 0 and 1"),
        (gibbs_swapped_biases, "the biases of the right layer"),
        (not_implemented, "NotImplementedError"),
    ]),
    checks.check_hidden_variance_experiment: ([
        (_hidden_variance(1.7, _C, 200000, seed=1), 1.7, _C, 200000),
        (_hidden_variance(0.5, _C, 5000, seed=2), 0.5, _C, 5000),
        (_hidden_variance(2.5, _C / 2, 100000, seed=3), np.float64(2.5), _C / 2, 100000),
    ], [
        ((_hidden_variance(1.7, _C, 200000, seed=4, scale=1.7), 1.7, _C, 200000),
         "standard deviation σ², not σ"),
        ((_hidden_variance(1.7, _C, 200000, seed=5, scale=1 / 1.7), 1.7, _C, 200000),
         "the unit-variance result"),
        ((_hidden_variance(1.7, _C, 200000, seed=6, log_first=True), 1.7, _C, 200000),
         "matches 0"),
        ((_hidden_variance(1.7, _C, 1000, seed=7), 1.7, _C, 1000), "take more draws"),
        ((1.0, 1.7, _C, 10), "at least 100"),
    ]),
}


def test_every_check_of_the_chapter_has_cases():
    from hopfield_edu.checks import boltzmann as chapter

    assert set(CHECK_CASES) == {getattr(checks, name) for name in chapter.__all__}


# --- bad input ----------------------------------------------------------------------------------

SPINS = hf.random_patterns(4, 6, rng=0)
BITS = (SPINS + 1) // 2
MACHINE = BoltzmannMachine(6)
SMALL_RBM = RBM(6, 3, rng=0)
GAUSSIAN = hopfield_as_rbm(SPINS[:2])
SOFTMAX = hopfield_as_rbm(SPINS[:2], hidden="softmax")
IMAGES = (hf.digits()[0][:20] + 1) // 2
DIGIT_RBM = RBM(64, 4, rng=0)

# (public name, call receiving the bad value, bad value, error, what the message must contain)
BAD_INPUT = [
    ("datasets.digits", lambda v: hf.digits(threshold=v), 0, ValueError,
     ["threshold must be at least 1", "got 0"]),
    ("datasets.digits", lambda v: hf.digits(threshold=v), 8.5, TypeError,
     ["threshold must be a whole number", "8.5"]),
    ("boltzmann.BoltzmannMachine", lambda v: BoltzmannMachine(v), 0, ValueError,
     ["n_units must be at least 1", "got 0"]),
    ("boltzmann.BoltzmannMachine", lambda v: BoltzmannMachine(3, couplings=v),
     np.array([[0, 1, 0], [2, 0, 0], [0, 0, 0]]), ValueError, ["couplings must be symmetric"]),
    ("boltzmann.BoltzmannMachine", lambda v: BoltzmannMachine(3, couplings=v), np.eye(3),
     ValueError, ["couplings must have a zero diagonal"]),
    ("boltzmann.BoltzmannMachine", lambda v: BoltzmannMachine(3, couplings=v), np.zeros((2, 2)),
     ValueError, ["couplings must have shape (3, 3)", "(2, 2)"]),
    ("boltzmann.BoltzmannMachine", lambda v: BoltzmannMachine(3, biases=v),
     np.array([0.0, np.nan, 1.0]), ValueError, ["biases must be finite", "NaN"]),
    ("boltzmann.BoltzmannMachine.energy", lambda v: MACHINE.energy(v), BITS[0], ValueError,
     ["states must hold only -1 and +1", "0/1 coding", "2 * states - 1"]),
    ("boltzmann.BoltzmannMachine.log_partition", lambda v: BoltzmannMachine(v).log_partition(),
     21, ValueError, ["log_partition is exact only for small models", "2**21 states"]),
    ("boltzmann.BoltzmannMachine.distribution", lambda v: BoltzmannMachine(v).distribution(),
     24, ValueError, ["distribution is exact only for small models", "at most 20 units"]),
    ("boltzmann.BoltzmannMachine.moments", lambda v: BoltzmannMachine(v).moments(), 30,
     ValueError, ["moments is exact only for small models"]),
    ("boltzmann.BoltzmannMachine.log_likelihood", lambda v: MACHINE.log_likelihood(v), BITS,
     ValueError, ["samples must hold only -1 and +1", "0/1 coding"]),
    ("boltzmann.BoltzmannMachine.log_likelihood",
     lambda v: BoltzmannMachine(v).log_likelihood(np.ones((2, v))), 25, ValueError,
     ["log_likelihood is exact only for small models"]),
    ("boltzmann.BoltzmannMachine.sample", lambda v: MACHINE.sample(v), 0, ValueError,
     ["chains must be at least 1", "got 0"]),
    ("boltzmann.BoltzmannMachine.sample", lambda v: MACHINE.sample(2, temperature=v), 0.0,
     ValueError, ["temperature must be greater than 0", "got 0.0"]),
    ("boltzmann.BoltzmannMachine.sample", lambda v: MACHINE.sample(2, sweeps=v), -1, ValueError,
     ["sweeps must be at least 0", "got -1"]),
    ("boltzmann.BoltzmannMachine.sample", lambda v: MACHINE.sample(2, start=v), np.ones((2, 5)),
     ValueError, ["start must have 6 units", "got 5"]),
    ("boltzmann.BoltzmannMachine.sample", lambda v: MACHINE.sample(2, rng=v), "seed", TypeError,
     ["rng must be None, an int seed or a numpy.random.Generator"]),
    ("boltzmann.BoltzmannMachine.fit", lambda v: BoltzmannMachine(6).fit(v), BITS, ValueError,
     ["samples must hold only -1 and +1", "convert it with 2 * samples - 1"]),
    ("boltzmann.BoltzmannMachine.fit", lambda v: BoltzmannMachine(6).fit(v),
     np.where(np.isnan(np.ones((3, 6))), 1, np.nan), ValueError,
     ["samples must hold only -1 and +1", "NaN"]),
    ("boltzmann.BoltzmannMachine.fit", lambda v: BoltzmannMachine(6).fit(SPINS, learning_rate=v),
     0.0, ValueError, ["learning_rate must be greater than 0", "got 0.0"]),
    ("boltzmann.BoltzmannMachine.fit", lambda v: BoltzmannMachine(6).fit(SPINS, method=v),
     "cd", ValueError, ["method must be one of 'pcd', 'exact'", "got 'cd'"]),
    ("boltzmann.BoltzmannMachine.fit", lambda v: BoltzmannMachine(6).fit(SPINS, steps=v), 0,
     ValueError, ["steps must be at least 1", "got 0"]),
    ("boltzmann.BoltzmannMachine.fit", lambda v: BoltzmannMachine(6).fit(SPINS, sweeps=v), 0,
     ValueError, ["sweeps must be at least 1", "got 0"]),
    ("boltzmann.BoltzmannMachine.fit", lambda v: BoltzmannMachine(6).fit(SPINS, chains=v), 0,
     ValueError, ["chains must be at least 1", "got 0"]),
    ("boltzmann.BoltzmannMachine.fit",
     lambda v: BoltzmannMachine(v).fit(np.ones((2, v)), method="exact"), 22, ValueError,
     ["fit(method='exact') is exact only for small models", "2**22"]),
    ("boltzmann.RBM", lambda v: RBM(v, 3), 0, ValueError, ["n_visible must be at least 1"]),
    ("boltzmann.RBM", lambda v: RBM(3, v), 2.0, TypeError, ["n_hidden must be a whole number"]),
    ("boltzmann.RBM", lambda v: RBM(3, 2, weight_scale=v), -0.1, ValueError,
     ["weight_scale must be at least 0", "-0.1"]),
    ("boltzmann.RBM", lambda v: RBM(3, 2, rng=v), -1, ValueError,
     ["rng must be a non-negative seed", "got -1"]),
    ("boltzmann.RBM.hidden_probabilities", lambda v: SMALL_RBM.hidden_probabilities(v), SPINS,
     ValueError, ["visible must hold only 0 and 1", "±1 coding", "(x + 1) // 2"]),
    ("boltzmann.RBM.hidden_probabilities",
     lambda v: SMALL_RBM.hidden_probabilities(BITS, temperature=v), -1.0, ValueError,
     ["temperature must be greater than 0"]),
    ("boltzmann.RBM.visible_probabilities", lambda v: SMALL_RBM.visible_probabilities(v),
     np.ones(4), ValueError, ["hidden must have 3 units", "got 4"]),
    ("boltzmann.RBM.energy", lambda v: SMALL_RBM.energy(BITS[0], v), np.array([0, 2, 1]),
     ValueError, ["hidden must hold only 0 and 1", "{0, 1, 2}"]),
    ("boltzmann.RBM.free_energy", lambda v: SMALL_RBM.free_energy(v),
     np.array([0.0, 1, np.nan, 0, 1, 1]), ValueError, ["visible must hold only 0 and 1", "NaN"]),
    ("boltzmann.RBM.reconstruct", lambda v: SMALL_RBM.reconstruct(v), np.ones((2, 2, 6)),
     ValueError, ["visible must have shape", "(2, 2, 6)"]),
    ("boltzmann.RBM.sample", lambda v: SMALL_RBM.sample(v), SPINS, ValueError,
     ["start must hold only 0 and 1", "(x + 1) // 2"]),
    ("boltzmann.RBM.sample", lambda v: SMALL_RBM.sample(BITS, steps=v), -2, ValueError,
     ["steps must be at least 0", "got -2"]),
    ("boltzmann.RBM.sample", lambda v: SMALL_RBM.sample(BITS, clamp=v), np.ones(6), TypeError,
     ["clamp must be a boolean array", "float64"]),
    ("boltzmann.RBM.sample", lambda v: SMALL_RBM.sample(BITS, clamp=v), np.ones(5, bool),
     ValueError, ["clamp must have shape (6,) or (4, 6)", "got (5,)"]),
    ("boltzmann.RBM.sample", lambda v: SMALL_RBM.sample(BITS, temperature=v), np.inf,
     ValueError, ["temperature must be a finite number"]),
    ("boltzmann.RBM.log_partition", lambda v: RBM(v, v).log_partition(), 21, ValueError,
     ["log_partition is exact only for small models", "2**21"]),
    ("boltzmann.RBM.log_likelihood", lambda v: SMALL_RBM.log_likelihood(v), BITS[0], ValueError,
     ["data must have shape (n_patterns, n_neurons)", "(6,)"]),
    ("boltzmann.RBM.log_likelihood", lambda v: RBM(v, v).log_likelihood(np.ones((2, v))), 21,
     ValueError, ["log_likelihood is exact only for small models"]),
    ("boltzmann.RBM.gradient", lambda v: SMALL_RBM.gradient(BITS, k=v), 0, ValueError,
     ["k must be at least 1", "got 0"]),
    ("boltzmann.RBM.gradient", lambda v: SMALL_RBM.gradient(BITS, method=v), "pc", ValueError,
     ["method must be one of 'cd', 'pcd', 'exact'", "got 'pc'"]),
    ("boltzmann.RBM.gradient", lambda v: SMALL_RBM.gradient(v), SPINS, ValueError,
     ["data must hold only 0 and 1", "±1 coding"]),
    ("boltzmann.RBM.gradient", lambda v: RBM(v, v).gradient(np.ones((2, v)), method="exact"),
     21, ValueError, ["gradient(method='exact') is exact only for small models"]),
    ("boltzmann.RBM.fit", lambda v: RBM(6, 3).fit(BITS, learning_rate=v), -0.1, ValueError,
     ["learning_rate must be greater than 0", "-0.1"]),
    ("boltzmann.RBM.fit", lambda v: RBM(6, 3).fit(BITS, k=v), 0, ValueError,
     ["k must be at least 1", "got 0"]),
    ("boltzmann.RBM.fit", lambda v: RBM(6, 3).fit(v), SPINS, ValueError,
     ["data must hold only 0 and 1", "convert it with (x + 1) // 2"]),
    ("boltzmann.RBM.fit", lambda v: RBM(6, 3).fit(BITS, momentum=v), 1.0, ValueError,
     ["momentum must be below 1", "got 1.0"]),
    ("boltzmann.RBM.fit", lambda v: RBM(6, 3).fit(BITS, weight_decay=v), -1e-4, ValueError,
     ["weight_decay must be at least 0"]),
    ("boltzmann.RBM.fit", lambda v: RBM(6, 3).fit(BITS, batch_size=v), 0, ValueError,
     ["batch_size must be at least 1", "got 0"]),
    ("boltzmann.RBM.fit", lambda v: RBM(6, 3).fit(BITS, epochs=v), 0, ValueError,
     ["epochs must be at least 1", "got 0"]),
    ("boltzmann.RBM.fit", lambda v: RBM(6, 3).fit(BITS, shuffle=v), "yes", TypeError,
     ["shuffle must be True or False", "got 'yes'"]),
    ("boltzmann.RBM.fit", lambda v: RBM(6, 3).fit(BITS, method=v), "ml", ValueError,
     ["method must be one of 'cd', 'pcd', 'exact'"]),
    ("boltzmann.RBM.fit", lambda v: RBM(v, v).fit(np.ones((2, v)), method="exact"), 21,
     ValueError, ["fit(method='exact') is exact only for small models"]),
    ("boltzmann.HopfieldRBM", lambda v: HopfieldRBM(v), BITS, ValueError,
     ["patterns must hold only -1 and +1", "0/1 coding"]),
    ("boltzmann.HopfieldRBM", lambda v: HopfieldRBM(SPINS, beta=v), 0.0, ValueError,
     ["beta must be greater than 0", "got 0.0"]),
    ("boltzmann.HopfieldRBM", lambda v: HopfieldRBM(SPINS, hidden=v), "binary", ValueError,
     ["hidden must be one of 'gaussian', 'softmax'", "got 'binary'"]),
    ("boltzmann.hopfield_as_rbm", lambda v: hopfield_as_rbm(v), SPINS[0], ValueError,
     ["patterns must have shape (n_patterns, n_neurons)", "(6,)"]),
    ("boltzmann.hopfield_as_rbm", lambda v: hopfield_as_rbm(SPINS, beta=v), np.nan, ValueError,
     ["beta must be a finite number"]),
    ("boltzmann.HopfieldRBM.energy", lambda v: GAUSSIAN.energy(SPINS[0], v), np.ones(3),
     ValueError, ["hidden must have shape (2,)", "got (3,)"]),
    ("boltzmann.HopfieldRBM.energy", lambda v: SOFTMAX.energy(SPINS[0], v), np.array([1, 1]),
     ValueError, ["hidden must be one-hot for a softmax hidden unit"]),
    ("boltzmann.HopfieldRBM.energy", lambda v: GAUSSIAN.energy(v, np.zeros(2)), BITS[0],
     ValueError, ["visible must hold only -1 and +1", "0/1 coding"]),
    ("boltzmann.HopfieldRBM.free_energy", lambda v: GAUSSIAN.free_energy(v), np.ones(5),
     ValueError, ["visible must have 6 units", "got 5"]),
    ("boltzmann.HopfieldRBM.sample_hidden", lambda v: SOFTMAX.sample_hidden(v), BITS,
     ValueError, ["visible must hold only -1 and +1"]),
    ("boltzmann.HopfieldRBM.sample_hidden", lambda v: GAUSSIAN.sample_hidden(SPINS, rng=v), 1.5,
     TypeError, ["rng must be None, an int seed or a numpy.random.Generator"]),
    ("boltzmann.HopfieldRBM.sample_visible", lambda v: GAUSSIAN.sample_visible(v),
     np.array([0.0, np.inf]), ValueError, ["hidden must be finite"]),
    ("boltzmann.HopfieldRBM.sample_visible", lambda v: SOFTMAX.sample_visible(v),
     np.array([0.5, 0.5]), ValueError, ["hidden must be one-hot"]),
    ("boltzmann.HopfieldRBM.sample", lambda v: GAUSSIAN.sample(SPINS, steps=v), -1, ValueError,
     ["steps must be at least 0", "got -1"]),
    ("boltzmann.HopfieldRBM.sample", lambda v: GAUSSIAN.sample(v), np.ones((2, 7)), ValueError,
     ["start must have 6 units", "got 7"]),
    ("widgets.DreamExplorer", lambda v: DreamExplorer(v, IMAGES), "rbm", TypeError,
     ["rbm must be an RBM", "got str"]),
    ("widgets.DreamExplorer", lambda v: DreamExplorer(v, IMAGES[:, :6]), RBM(6, 2), ValueError,
     ["6 visible units must form a square image"]),
    ("widgets.DreamExplorer", lambda v: DreamExplorer(DIGIT_RBM, v), 2 * IMAGES - 1, ValueError,
     ["images must hold only 0 and 1", "(x + 1) // 2"]),
    ("widgets.DreamExplorer", lambda v: DreamExplorer(DIGIT_RBM, IMAGES, temperature=v), 3.0,
     ValueError, ["temperature must be at most 2.0", "got 3.0"]),
    ("widgets.DreamExplorer", lambda v: DreamExplorer(DIGIT_RBM, IMAGES, clamp=v), "bottom",
     ValueError, ["clamp must be one of 'nothing', 'top half', 'left half'"]),
    ("widgets.DreamExplorer", lambda v: DreamExplorer(DIGIT_RBM, IMAGES, start=v), "zeros",
     ValueError, ["start must be one of 'noise', 'an image'"]),
    ("widgets.DreamExplorer", lambda v: DreamExplorer(DIGIT_RBM, IMAGES, seed=v), -1, ValueError,
     ["seed must be at least 0", "got -1"]),
    ("widgets.DreamExplorer.animate",
     lambda v: event_loop.run(DreamExplorer(DIGIT_RBM, IMAGES).animate(v)), 0, ValueError,
     ["frames must be at least 1", "got 0"]),
    ("widgets.DreamExplorer.animate",
     lambda v: event_loop.run(DreamExplorer(DIGIT_RBM, IMAGES).animate(v)), 2.5, TypeError,
     ["frames must be a whole number", "2.5"]),
    ("reference.gibbs_sweeps", lambda v: reference.gibbs_sweeps(np.zeros((6, 6)), np.zeros(6), v,
                                                                 1), BITS, ValueError,
     ["states must hold only -1 and +1", "0/1 coding"]),
    ("reference.cd_epoch", lambda v: reference.cd_epoch(np.zeros((6, 2)), np.zeros(6),
                                                        np.zeros(2), v, learning_rate=0.1,
                                                        batch_size=2), SPINS, ValueError,
     ["data must hold only 0 and 1", "±1 coding"]),
    *[(f"checks.{check.__name__}", lambda v, check=check: check(v), 3, TypeError,
       [f"{usage.split('(')[0]} must be a function {usage}", "got 3", "pass the function itself"])
      for check, usage in ((checks.check_boltzmann_gradient,
                            "boltzmann_gradient(data, states, probabilities)"),
                           (checks.check_rbm_free_energy, "free_energy(v, W, a, b)"),
                           (checks.check_cd1_update,
                            "cd1_update(W, a, b, v0, u_hidden, u_visible, learning_rate)"),
                           (checks.check_gaussian_couplings, "couplings(patterns, beta)"))],
    ("checks.check_cd_prediction", checks.check_cd_prediction, None, checks.CheckFailed,
     ["predicted must be a number of nats per image", "got None"]),
    ("checks.check_gibbs_sampler", checks.check_gibbs_sampler, np.zeros(3), TypeError,
     ["gibbs_step must be a function gibbs_step(v, W, a, b, rng)"]),
    ("checks.check_hidden_variance_experiment",
     lambda v: checks.check_hidden_variance_experiment(1.0, 1.0, v, 1000), np.ones((2, 2)),
     ValueError, ["c", "(n_hidden,)"]),
    ("checks.check_hidden_variance_experiment",
     lambda v: checks.check_hidden_variance_experiment(1.0, v, _C, 1000), "1.7",
     checks.CheckFailed, ["sigma must be a number", "got '1.7'"]),
]


def _row_id(row) -> str:
    name, _, bad, error, _ = row
    shown = repr(bad) if not isinstance(bad, np.ndarray) else f"array{bad.shape}"
    return f"{name}({shown[:30]})->{error.__name__}"


@pytest.mark.parametrize("name, call, bad, error, needles", BAD_INPUT, ids=map(_row_id, BAD_INPUT))
def test_bad_input_gets_an_error_naming_the_argument_and_what_it_got(name, call, bad, error,
                                                                   needles):
    with pytest.raises(error) as caught:
        call(bad)
    message = str(caught.value)
    missing = [needle for needle in needles if needle not in message]
    assert not missing, f"{name}: the message {message!r} does not say {missing}"


# --- reproducibility ----------------------------------------------------------------------------

DATA_SPINS, _ = inverse_ising_data(3.0, 300, 9)
START_BITS = (np.random.default_rng(0).random((5, 6)) < 0.5).astype(np.int8)

REPRODUCIBLE = [
    ("boltzmann.BoltzmannMachine.sample",
     lambda: BoltzmannMachine(9, couplings=random_couplings(9, 1.0, np.random.default_rng(1)))
     .sample(20, sweeps=5, temperature=0.8, rng=1)),
    ("boltzmann.BoltzmannMachine.fit",
     lambda: BoltzmannMachine(9).fit(DATA_SPINS, steps=5, chains=30, rng=2).couplings),
    ("boltzmann.RBM", lambda: RBM(6, 3, rng=3).weights),
    ("boltzmann.RBM.sample", lambda: random_rbm(6, 3).sample(START_BITS, steps=4, rng=4)),
    ("boltzmann.RBM.sample", lambda: random_rbm(6, 3).sample(
        START_BITS, steps=4, temperature=1.5, clamp=np.arange(6) < 2, rng=5)),
    *[("boltzmann.RBM.gradient", lambda method=method: random_rbm(6, 3).gradient(
        START_BITS, method=method, k=2, rng=6)) for method in ("cd", "pcd")],
    *[("boltzmann.RBM.fit", lambda method=method, shuffle=shuffle: RBM(6, 3, rng=7).fit(
        START_BITS, epochs=2, method=method, batch_size=2, shuffle=shuffle, weight_decay=0.01,
        rng=8).weights) for method in ("cd", "pcd") for shuffle in (True, False)],
    *[("boltzmann.HopfieldRBM.sample_hidden", lambda hidden=hidden: hopfield_as_rbm(
        SPINS, hidden=hidden).sample_hidden(SPINS, rng=9)) for hidden in ("gaussian", "softmax")],
    *[("boltzmann.HopfieldRBM.sample_visible", lambda hidden=hidden: hopfield_as_rbm(
        SPINS, hidden=hidden).sample_visible(np.eye(4)[[0, 2]], rng=10))
      for hidden in ("gaussian", "softmax")],
    *[("boltzmann.HopfieldRBM.sample", lambda hidden=hidden: hopfield_as_rbm(
        SPINS, hidden=hidden).sample(SPINS, steps=3, rng=11))
      for hidden in ("gaussian", "softmax")],
    ("reference.gibbs_sweeps", lambda: reference.gibbs_sweeps(
        random_couplings(6, 1.0, np.random.default_rng(12)), np.zeros(6), SPINS, 3, rng=12)),
    ("reference.cd_epoch", lambda: reference.cd_epoch(
        np.full((6, 3), 0.1), np.zeros(6), np.zeros(3), START_BITS, learning_rate=0.1,
        batch_size=2, rng=13)),
]


def _values(result):
    if hasattr(result, "__dataclass_fields__"):
        return [getattr(result, field) for field in result.__dataclass_fields__]
    return list(result) if isinstance(result, tuple) else [result]


@pytest.mark.parametrize("name, call", REPRODUCIBLE, ids=[row[0] for row in REPRODUCIBLE])
def test_same_seed_same_result(name, call):
    first, second = _values(call()), _values(call())
    assert all(np.array_equal(a, b) for a, b in zip(first, second)), name


def test_every_public_boltzmann_name_is_tested_for_bad_input():
    names = {row[0] for row in BAD_INPUT}
    for name in boltzmann.__all__:
        obj = getattr(boltzmann, name)
        if isinstance(obj, type) and name != "Gradient":
            methods = [m for m in vars(obj) if not m.startswith("_") and callable(vars(obj)[m])]
            expected = {f"boltzmann.{name}"} | {f"boltzmann.{name}.{m}" for m in methods
                                                if m != "memory"}
            assert expected <= names, expected - names
        elif callable(obj) and name != "Gradient":
            assert f"boltzmann.{name}" in names
    assert {f"checks.{c.__name__}" for c in CHECK_CASES} <= names
    assert re.fullmatch(r"[\w.]+", "boltzmann.RBM.fit")


def test_an_rbm_stores_the_26_letters_where_hebb_keeps_none():
    """Chapter 8's claims about the letters, at the chapter's size (26 letters of 12 × 12 pixels,
    CD-1, 300 epochs): Hebb's network keeps none of them as a fixed point; an RBM of 8 hidden
    units gives back almost none by one mean-field reconstruction, one of 40 gives back all 26
    and, by repeated reconstruction, completes most letters with 10% of their pixels flipped,
    where Hebb's network completes none."""
    xi = hf.letters("ABCDEFGHIJKLMNOPQRSTUVWXYZ", size=12)
    v = (xi + 1) // 2
    hebb = hf.HopfieldNetwork.from_patterns(xi)
    assert not (hebb.recall(xi, rng=0).state == xi).all(axis=1).any()
    exact = {}
    for hidden in (8, 40):
        rbm = RBM(144, hidden, rng=hidden).fit(np.repeat(v, 4, axis=0), epochs=300,
                                               learning_rate=0.1, batch_size=26, rng=hidden)
        exact[hidden] = ((rbm.reconstruct(v) > 0.5) == v).all(axis=1).sum()
    assert exact[8] <= 2 and exact[40] == 26, exact
    cues = hf.flip(xi, 0.1, rng=3)
    guess = (cues + 1) // 2
    for _ in range(10):
        guess = (rbm.reconstruct(guess) > 0.5).astype(np.int8)
    assert (guess == v).all(axis=1).mean() > 0.8
    assert not (hebb.recall(cues, rng=4).state == xi).all(axis=1).any()
