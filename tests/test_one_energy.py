"""Chapter 10: graded neurons (Hopfield 1984) and the two-layer memory of Krotov & Hopfield (2021).

The mathematics, with tolerances: the energy never increases along integrated trajectories;
each preset reproduces its course network (classical fixed points, dense energies, the modern
update); the high-gain limit gives the binary fixed points; the integrator is first order.
"""

import asyncio
import itertools
import time

import numpy as np
import pytest

import hopfield_edu as hf
from hopfield_edu import checks, theory
from hopfield_edu.dense import DenseAssociativeMemory
from hopfield_edu.graded import GradedNetwork
from hopfield_edu.lagrangian import LAGRANGIANS, Lagrangian, lagrangian
from hopfield_edu.two_layer import PRESETS, TwoLayerMemory
from hopfield_edu.widgets import EnergyExplorer

LETTERS = hf.letters(hf.patterns.ALPHABET)  # 26 × 256


def cubic() -> Lagrangian:
    """A convex Lagrangian that is none of the presets: Σ |x|³."""
    return Lagrangian(lambda x: np.sum(np.abs(x) ** 3, axis=-1),
                      lambda x: 3.0 * np.abs(x) * x, name="cubic")


def rises(energies) -> float:
    """The largest increase of the energy between two steps, relative to its size."""
    energies = np.asarray(energies)
    return float(np.max(np.diff(energies, axis=0)) / max(1.0, np.abs(energies).max()))


def rk4(flow, y, duration, steps):
    """The classical fourth-order Runge-Kutta method: the reference trajectory."""
    h = duration / steps
    for _ in range(steps):
        k1 = flow(y)
        k2 = flow(y + h / 2 * k1)
        k3 = flow(y + h / 2 * k2)
        k4 = flow(y + h * k3)
        y = y + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
    return y


def measured_orders(errors) -> np.ndarray:
    """log2 of the error ratios when the step halves."""
    errors = np.asarray(errors)
    return np.log2(errors[:-1] / errors[1:])


# --- Lagrangians ----------------------------------------------------------------------------


ALL_LAGRANGIANS = [lagrangian("quadratic"), lagrangian("log-cosh", gain=0.7),
                   lagrangian("log-cosh", gain=5.0), lagrangian("polynomial", degree=4),
                   lagrangian("polynomial", degree=3, rectified=True),
                   lagrangian("log-sum-exp", beta=0.3), lagrangian("log-sum-exp", beta=4.0),
                   cubic()]


@pytest.mark.parametrize("layer", ALL_LAGRANGIANS, ids=repr)
def test_activation_is_the_gradient_and_the_lagrangian_is_convex(layer):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(6, 9))
    step = 1e-6
    numeric = np.stack([(layer.value(x + step * e) - layer.value(x - step * e)) / (2 * step)
                        for e in np.eye(9)], axis=-1)
    assert np.allclose(layer.activation(x), numeric, rtol=1e-6, atol=1e-7)
    y = rng.normal(size=(6, 9))
    # a convex L has a monotone gradient and lies below its chords
    assert np.all(np.sum((layer.activation(x) - layer.activation(y)) * (x - y), axis=1) >= 0)
    assert np.all(layer.value((x + y) / 2) <= (layer.value(x) + layer.value(y)) / 2 + 1e-12)
    direct = np.sum(x * layer.activation(x), axis=1) - layer.value(x)
    assert np.allclose(layer.legendre(x), direct, rtol=1e-12, atol=1e-12)


def test_log_cosh_legendre_term_is_hopfields_integral_and_exact_when_saturated():
    gain = 3.0
    layer = lagrangian("log-cosh", gain=gain)
    u = np.linspace(-0.9, 0.9, 7)
    V = np.tanh(gain * u)
    integral = (V * np.arctanh(V) + 0.5 * np.log(1 - V**2)) / gain  # ∫₀^V artanh(x)/λ dx
    assert np.allclose([layer.legendre(np.array([x])) for x in u], integral, rtol=1e-12)
    # where tanh rounds to ±1 the term is ln 2 / λ per unit, not log(0)
    assert layer.legendre(np.array([400.0, -400.0])) == pytest.approx(2 * np.log(2) / gain,
                                                                      rel=1e-15)


def test_log_sum_exp_stays_finite_at_large_beta():
    layer = lagrangian("log-sum-exp", beta=1e4)
    x = np.array([1.0, 0.5, -3.0])
    assert layer.value(x) == pytest.approx(1.0, rel=1e-12)
    assert np.allclose(layer.activation(x), [1.0, 0.0, 0.0])
    assert abs(layer.legendre(x)) < 1e-12


def test_lagrangian_names_and_parameters():
    assert set(LAGRANGIANS) == {"quadratic", "log-cosh", "polynomial", "log-sum-exp"}
    assert lagrangian("polynomial", degree=6).value(np.array([2.0, -1.0])) == 65.0
    assert repr(lagrangian("log-cosh", gain=2.0)) == "Lagrangian('log-cosh (gain 2)')"


# --- the graded-response network ------------------------------------------------------------


def random_symmetric(n, rng):
    a = rng.normal(size=(n, n)) / np.sqrt(n)
    return (a + a.T) / 2


@pytest.mark.parametrize("gain", [0.5, 3.0, 30.0])
@pytest.mark.parametrize("weights", ["hebbian", "random"])
def test_graded_energy_never_rises_within_the_step_limit(gain, weights):
    rng = np.random.default_rng(1)
    n = 40
    W = (hf.hebbian(hf.random_patterns(6, n, rng=rng)) if weights == "hebbian"
         else random_symmetric(n, rng))
    network = GradedNetwork(W, gain=gain, tau=2.0, inputs=0.1 * rng.normal(size=n))
    dt = min(1.0, network.max_step)
    run = network.run(rng.normal(size=(5, n)), duration=60 * dt, dt=dt, record=False)
    assert rises(run.energies) < 1e-13
    assert run.energies[-1].max() < run.energies[0].min()


def test_the_step_limit_is_tight_near_zero():
    """Beyond a (1 - λ λ_min) = 2 the linear map has an eigenvalue below -1: along the bottom
    eigenvector the state flips sign at every step with a growing amplitude, and the energy
    rises; just within the limit it only falls."""
    rng = np.random.default_rng(2)
    W = random_symmetric(30, rng)
    low, vectors = np.linalg.eigh(W)
    gain = 3.0 / -low[0]                       # λ λ_min = -3
    network = GradedNetwork(W, gain=gain)
    limit = network.max_step
    assert limit == pytest.approx(np.log(2.0))  # a = 1/2 at the limit
    assert limit == theory.descent_step_limit(W, gain)
    start = 1e-4 * vectors[:, 0] / gain
    inside = network.run(start, duration=200 * 0.95 * limit, dt=0.95 * limit, record=False)
    assert rises(inside.energies) < 1e-15
    beyond = network.run(start, duration=10 * 1.05 * limit, dt=1.05 * limit)
    along = beyond.outputs @ vectors[:, 0]
    assert np.all(np.diff(beyond.energies) > 0)
    assert np.all(np.sign(along[1:]) == -np.sign(along[:-1]))
    assert np.all(np.abs(along[1:]) > np.abs(along[:-1]))


def test_positive_semidefinite_weights_allow_any_step():
    rng = np.random.default_rng(3)
    xi = hf.random_patterns(5, 30, rng=rng)
    W = hf.hebbian(xi) + 5 / 30 * np.eye(30)  # the diagonal kept: W = ΞᵀΞ/N ⪰ 0
    network = GradedNetwork(W, gain=50.0)
    assert network.max_step == np.inf
    run = network.run(rng.normal(size=(4, 30)), duration=100.0, dt=50.0, record=False)
    assert rises(run.energies) < 1e-13


def test_below_the_critical_gain_every_state_falls_to_zero():
    rng = np.random.default_rng(4)
    xi = hf.random_patterns(10, 100, rng=rng)
    critical = GradedNetwork.from_patterns(xi).critical_gain
    assert critical == pytest.approx(1 / np.linalg.eigvalsh(hf.hebbian(xi))[-1], rel=1e-12)
    starts = rng.normal(size=(8, 100))
    below = GradedNetwork.from_patterns(xi, gain=0.9 * critical).run(
        starts, duration=400.0, dt=1.0, record=False)
    above = GradedNetwork.from_patterns(xi, gain=1.2 * critical).run(
        starts, duration=400.0, dt=1.0, record=False)
    assert np.abs(below.state).max() < 1e-8
    assert np.abs(above.state).max(axis=1).min() > 0.1


def test_critical_gain_of_random_patterns_approaches_marchenko_pastur():
    """λ_max(W) → (1 + √α)² - α = 1 + 2√α for Hebbian weights of random patterns."""
    rng = np.random.default_rng(5)
    alpha, n = 0.1, 600
    tops = [1 / theory.critical_gain(hf.hebbian(hf.random_patterns(int(alpha * n), n, rng=rng)))
            for _ in range(3)]
    assert np.mean(tops) == pytest.approx(1 + 2 * np.sqrt(alpha), rel=0.03)


def binary_states(n):
    return np.array(list(itertools.product([-1, 1], repeat=n)), dtype=np.int8)


def test_high_gain_limit_gives_the_binary_fixed_points():
    """N = 12 and p = 3: every binary field is odd, never zero. Once λ m ≫ 1 for the smallest
    margin m = min_i s_i h_i of every fixed point s, the stable states of the graded network
    are the strict fixed points of the binary network, each within 2 exp(-2λm) of its corner,
    and nothing else."""
    rng = np.random.default_rng(6)
    xi = hf.random_patterns(3, 12, rng=rng)
    binary = hf.HopfieldNetwork.from_patterns(xi)
    states = binary_states(12)
    fixed = states[[binary.recall(s, max_steps=1).converged for s in states]]
    assert 2 <= len(fixed) < 50
    margin = np.min(fixed * np.stack([binary.local_field(s) for s in fixed]), axis=1)
    gain = 8.0 / margin.min()
    network = GradedNetwork.from_patterns(xi, gain=gain)
    dt = min(0.5, network.max_step)
    ends = network.run(rng.normal(size=(300, 12)) * 0.01, duration=40.0, dt=dt, record=False)
    found = {tuple(s) for s in np.sign(ends.state).astype(int)}
    assert found <= {tuple(s) for s in fixed}
    assert np.abs(ends.state).min() > 0.99
    stay = network.run(fixed, duration=40.0, dt=dt, record=False)  # from the corners
    assert np.array_equal(np.sign(stay.state), fixed)
    assert np.allclose(np.abs(stay.state - fixed).max(axis=1), 2 * np.exp(-2 * gain * margin),
                       rtol=0.01, atol=1e-15)


def test_graded_integrator_is_first_order():
    rng = np.random.default_rng(7)
    xi = hf.random_patterns(10, 100, rng=rng)
    network = GradedNetwork.from_patterns(xi, gain=3.0, tau=1.0)
    u0 = 0.3 * hf.flip(xi[0], 0.3, rng=rng)
    reference = rk4(lambda u: -u + np.tanh(3.0 * u) @ network.weights, u0, 2.0, 4000)
    errors = [np.abs(network.run(u0, duration=2.0, dt=dt, record=False).u - reference).max()
              for dt in (0.1, 0.05, 0.025, 0.0125)]
    assert np.allclose(measured_orders(errors), 1.0, atol=0.05)


# --- the two-layer memory -------------------------------------------------------------------


def two_layer_cases():
    rng = np.random.default_rng(8)
    xi = hf.random_patterns(8, 50, rng=rng).astype(float)
    return [("classical", TwoLayerMemory.preset("classical", xi / np.sqrt(50), gain=2.0)),
            ("dense", TwoLayerMemory.preset("dense", xi / 50, gain=2.0)),
            ("rectified", TwoLayerMemory.preset("dense", xi / 50, degree=3, rectified=True)),
            ("exponential", TwoLayerMemory.preset("exponential", xi, beta=0.1, gain=2.0)),
            ("modern", TwoLayerMemory.preset("modern", xi, beta=0.2)),
            ("cubic", TwoLayerMemory(xi / 50, feature=lagrangian("log-cosh", gain=3.0),
                                     memory=cubic()))]


@pytest.mark.parametrize("name, network", two_layer_cases(), ids=lambda c: c if isinstance(
    c, str) else "")
@pytest.mark.parametrize("tau_memory", [0.0, 0.2, 3.0])
def test_two_layer_energy_never_rises_for_any_step(name, network, tau_memory):
    rng = np.random.default_rng(9)
    network = TwoLayerMemory(network.patterns, feature=network.feature, memory=network.memory,
                             tau_memory=tau_memory)
    for dt in (0.01, 0.3, 5.0, 1e3):
        v0 = rng.normal(size=(4, 50))
        h0 = None if tau_memory == 0 else rng.normal(size=(4, 8))
        run = network.run(v0, h0, duration=40 * dt, dt=dt, record=False)
        assert rises(run.energies) < 1e-13, (name, dt)


def test_eliminating_the_memory_layer_minimises_the_energy_over_it():
    rng = np.random.default_rng(10)
    for name, network in two_layer_cases():
        v = rng.normal(size=(5, 50))
        at_equilibrium = network.feature.activation(v) @ network.patterns.T
        assert np.allclose(network.energy(v, at_equilibrium), network.adiabatic_energy(v),
                           rtol=1e-12, atol=1e-12), name
        for _ in range(5):
            other = at_equilibrium + rng.normal(size=at_equilibrium.shape)
            assert np.all(network.energy(v, other) >= network.adiabatic_energy(v) - 1e-12)


def test_modern_preset_update_and_energy_are_the_modern_network():
    rng = np.random.default_rng(11)
    X = rng.normal(size=(40, 16))
    for beta in (0.05, 1.0, 20.0):
        two_layer = TwoLayerMemory.preset("modern", X, beta=beta)
        modern = hf.ModernHopfield(X, beta=beta)
        queries = rng.normal(size=(7, 16))
        assert np.allclose(two_layer.update(queries), modern.update(queries), rtol=0,
                           atol=1e-12)
        constants = np.log(40) / beta + 0.5 * np.max(np.sum(X**2, axis=1))
        assert np.allclose(two_layer.adiabatic_energy(queries) + constants,
                           modern.energy(queries), rtol=1e-12)


@pytest.mark.parametrize("options, dense", [
    (dict(degree=2), dict(degree=2)), (dict(degree=4), dict(degree=4)),
    (dict(degree=3, rectified=True), dict(degree=3, rectified=True)),
    ("exponential", dict(interaction="exponential", beta=0.3))])
def test_dense_presets_have_the_dense_energies(options, dense):
    """At the corners g = σ the feature term is N ln 2 / λ; the rest is
    DenseAssociativeMemory.energy, the exponential one as -(1/β) ln Σ exp(β ξ·σ)."""
    rng = np.random.default_rng(12)
    gain = 10.0
    network = (TwoLayerMemory.preset("exponential", LETTERS, gain=gain, beta=0.3)
               if options == "exponential" else
               TwoLayerMemory.preset("dense", LETTERS, gain=gain, **options))
    memory = DenseAssociativeMemory(LETTERS, **dense)
    states = np.vstack([hf.random_patterns(5, 256, rng=rng), hf.flip(LETTERS[:5], 0.1, rng=rng)])
    two_layer = network.adiabatic_energy(40.0 / gain * states) - 256 * np.log(2) / gain
    expected = np.array([memory.energy(s) for s in states])
    assert np.allclose(two_layer, expected, rtol=1e-12)


def test_classical_preset_has_the_classical_energy_and_fixed_points():
    """The quadratic memory Lagrangian gives -½ Σ_μ (ξ^μ·σ)² = N E_classical(σ) - pN/2, and at
    high gain the stable states are the fixed points of the Hebbian network with its diagonal
    p/N kept: synapses to memory neurons cannot leave it out. N = 11 and p = 3 keep every
    field odd, never zero."""
    rng = np.random.default_rng(13)
    xi = hf.random_patterns(3, 11, rng=rng)
    network = TwoLayerMemory.preset("classical", xi, gain=10.0)
    classical = hf.HopfieldNetwork.from_patterns(xi)
    states = binary_states(11)
    assert np.allclose(network.adiabatic_energy(10.0 * states) - 11 * np.log(2) / 10,
                       [11 * classical.energy(s) - 3 * 11 / 2 for s in states], rtol=1e-12)
    with_diagonal = hf.HopfieldNetwork(classical.weights + 3 / 11 * np.eye(11))
    fixed = states[[with_diagonal.recall(s, max_steps=1).converged for s in states]]
    ends = network.run(rng.normal(size=(200, 11)) * 0.01, duration=30.0, dt=0.5, record=False)
    assert {tuple(s) for s in np.sign(ends.state).astype(int)} <= {tuple(s) for s in fixed}
    stay = network.run(0.1 * fixed, duration=30.0, dt=0.5, record=False)
    assert np.array_equal(np.sign(stay.state), fixed)
    # the stored patterns are fixed points of the classical network too, at this low load
    assert all(classical.recall(x, max_steps=1).converged for x in xi)


def test_adiabatic_classical_memory_is_the_graded_network_with_the_diagonal():
    rng = np.random.default_rng(14)
    xi = hf.random_patterns(6, 64, rng=rng)
    two_layer = TwoLayerMemory(xi / 8.0, feature=lagrangian("log-cosh", gain=4.0),
                               memory="quadratic", tau_memory=0.0)
    graded = GradedNetwork(hf.hebbian(xi) + 6 / 64 * np.eye(64), gain=4.0)
    u0 = 0.2 * hf.flip(xi[1], 0.3, rng=rng)
    a, b = two_layer.run(u0, duration=8.0, dt=0.2), graded.run(u0, duration=8.0, dt=0.2)
    assert np.allclose(a.features, b.outputs, rtol=0, atol=1e-12)
    assert np.allclose(a.energies, b.energies, rtol=1e-12)


def test_two_layer_integrator_is_first_order_and_tends_to_the_adiabatic_limit():
    rng = np.random.default_rng(15)
    xi = hf.random_patterns(8, 60, rng=rng).astype(float)
    network = TwoLayerMemory.preset("exponential", xi, gain=2.0, beta=0.1, tau_memory=0.3)

    def flow(y):
        v, h = y[:60], y[60:]
        return np.concatenate([network.memory.activation(h) @ xi - v,
                               (network.feature.activation(v) @ xi.T - h) / 0.3])

    v0 = 0.2 * hf.flip(xi[0], 0.3, rng=rng)
    reference = rk4(flow, np.concatenate([v0, np.zeros(8)]), 2.0, 4000)
    errors = []
    for dt in (0.05, 0.025, 0.0125, 0.00625):
        run = network.run(v0, duration=2.0, dt=dt, record=False)
        errors.append(np.abs(np.concatenate([run.v, run.h]) - reference).max())
    orders = measured_orders(errors)  # 0.94, 0.97, 0.99: first order
    assert np.all(np.abs(orders - 1.0) < 0.1) and abs(orders[-1] - 1.0) < 0.02
    # fast memory neurons: the trajectory approaches the adiabatic one, linearly in τ_h
    fast = TwoLayerMemory.preset("exponential", xi, gain=2.0, beta=0.1, tau_memory=0.0)
    adiabatic = fast.run(v0, duration=2.0, dt=1e-3, record=False).v
    gaps = []
    for tau in (0.04, 0.02, 0.01):
        slow = TwoLayerMemory.preset("exponential", xi, gain=2.0, beta=0.1, tau_memory=tau)
        h0 = xi @ np.tanh(2.0 * v0)
        gaps.append(np.abs(slow.run(v0, h0, duration=2.0, dt=1e-3, record=False).v
                           - adiabatic).max())
    assert np.allclose(measured_orders(gaps), 1.0, atol=0.1)


def test_letters_integrate_in_well_under_a_second():
    network = TwoLayerMemory.preset("exponential", LETTERS, beta=0.05, gain=3.0, tau_memory=0.2)
    cue = 0.1 * hf.flip(LETTERS[4], 0.2, rng=16)
    network.run(cue, duration=1.0, dt=0.1)
    start = time.perf_counter()
    run = network.run(cue, duration=50.0, dt=0.05)  # 1000 steps, both layers recorded
    assert time.perf_counter() - start < 0.5
    assert run.features.shape == (1001, 256) and run.memories.shape == (1001, 26)


def test_presets_name_the_course_networks():
    assert set(PRESETS) == {"classical", "dense", "exponential", "modern"}
    network = TwoLayerMemory.preset("dense", LETTERS, degree=6, tau_memory=0.0)
    assert network.memory.name == "polynomial (degree 6)"
    assert network.feature.name == "log-cosh (gain 10)"
    assert "26 memory neurons" in repr(network)


# --- the self-checks of the exercises -------------------------------------------------------


def stub(*args):
    raise NotImplementedError()


def softmax(x, beta):
    weights = np.exp(beta * (x - x.max()))
    return weights / weights.sum()


ACTIVATIONS = {  # two different correct answers, and the plausible mistakes with their hints
    "log-cosh": ([lambda x, g: np.tanh(g * x),
                  lambda x, g: (1 - np.exp(-2 * g * x)) / (1 + np.exp(-2 * g * x))],
                 [(lambda x, g: np.tanh(x), "the gain belongs inside"),
                  (lambda x, g: g * np.tanh(g * x), "cancels the λ⁻¹ in front"),
                  (lambda x, g: np.log(np.cosh(g * x)) / g, "that is L itself"),
                  (lambda x, g: -np.tanh(g * x), "the sign is wrong")]),
    "log-sum-exp": ([softmax, lambda x, b: np.exp(b * x - np.log(np.sum(np.exp(b * x))))],
                    [(lambda x, b: np.exp(b * (x - x.max())), "must sum to 1"),
                     (lambda x, b: softmax(x, 1.0), "β belongs inside the exponential")]),
    "rectified polynomial": ([lambda x, n: n * np.maximum(x, 0) ** (n - 1),
                              lambda x, n: np.where(x > 0, n * np.abs(x) ** (n - 1), 0.0)],
                             [(lambda x, n: n * x ** (n - 1), "silent for x < 0"),
                              (lambda x, n: np.maximum(x, 0) ** (n - 1), "the factor n is missing"),
                              (lambda x, n: np.maximum(x, 0) ** n, "that is L itself")]),
}


ACTIVATION_CHECKS = {"log-cosh": checks.check_log_cosh_activation,
                     "log-sum-exp": checks.check_log_sum_exp_activation,
                     "rectified polynomial": checks.check_rectified_activation}


def lse(z, beta):
    top = np.max(beta * z)
    return (top + np.log(np.sum(np.exp(beta * z - top)))) / beta


def energy_parts(v, h, patterns, gain, beta):
    g, f = np.tanh(gain * v), softmax(h, beta)
    feature = v @ g - np.sum(np.log(np.cosh(gain * v))) / gain
    memory = h @ f - lse(h, beta)
    return g, f, feature, memory


def two_layer_energy(v, h, patterns, gain, beta):
    g, f, feature, memory = energy_parts(v, h, patterns, gain, beta)
    return feature + memory - f @ patterns @ g


def library_two_layer_energy(v, h, patterns, gain, beta):
    return TwoLayerMemory(patterns, feature=lagrangian("log-cosh", gain=gain),
                          memory=lagrangian("log-sum-exp", beta=beta)).energy(v, h)


def two_layer_mistake(kind):
    def energy(v, h, patterns, gain, beta):
        g, f, feature, memory = energy_parts(v, h, patterns, gain, beta)
        return {"sign": feature + memory + f @ patterns @ g,
                "no feature term": memory - f @ patterns @ g,
                "no memory term": feature - f @ patterns @ g,
                "states": feature + memory - h @ patterns @ v,
                "no lagrangians": v @ g + h @ f - f @ patterns @ g}[kind]
    return energy


def adiabatic_energy(v, patterns, beta):
    return 0.5 * v @ v - lse(patterns @ v, beta)


def adiabatic_through_two_layers(v, patterns, beta):
    network = TwoLayerMemory(patterns, feature="quadratic",
                             memory=lagrangian("log-sum-exp", beta=beta))
    return network.energy(v, patterns @ v)


def restored_fraction(network, cues):
    targets = network.patterns[:len(cues)]
    return np.mean(np.all(np.sign(network.update(cues)) == targets, axis=1))


def restored_one_at_a_time(network, cues):
    restored = [np.array_equal(np.sign(network.update(cue)), network.patterns[k])
                for k, cue in enumerate(cues)]
    return sum(restored) / len(restored)


# Each check: different correct answers, and plausible mistakes with what the hint must say
# (tests/test_checks.py runs them all).

def _restored_sets(memory, n, k, rho, sets, seed, units=False, shifted=False):
    """Per pattern set, the fraction of 50 cues one update restores; or, with ``units``, the
    fraction of units right (the mistake), or, with ``shifted``, each cue compared with the
    next pattern."""
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(sets):
        patterns = hf.random_patterns(k, n, rng=rng)
        network = TwoLayerMemory(patterns, feature=lagrangian("log-cosh", gain=10.0),
                                 memory=memory)
        signs = np.sign(network.update(hf.flip(patterns[:50], rho, rng=rng)))
        wanted = np.roll(patterns[:50], 1, axis=0) if shifted else patterns[:50]
        out.append(np.mean(signs == wanted) if units else
                   np.mean(np.all(signs == wanted, axis=1)))
    return np.array(out)

CHECK_CASES = {
    **{ACTIVATION_CHECKS[name]: (right, [*wrong, (stub, "NotImplementedError")])
       for name, (right, wrong) in ACTIVATIONS.items()},
    checks.check_two_layer_energy: ([two_layer_energy, library_two_layer_energy], [
        *[(two_layer_mistake(kind), hint) for kind, hint in (
            ("sign", "mind its sign"), ("no feature term", "feature layer's term"),
            ("no memory term", "memory layer's term"), ("states", "not the states h and v"),
            ("no lagrangians", "subtract the Lagrangian"))],
        (lambda *a: None, "forget to return")]),
    checks.check_adiabatic_energy: ([adiabatic_energy, adiabatic_through_two_layers], [
        (lambda v, X, b: adiabatic_energy(v, X, b) + np.log(len(X)) / b
         + 0.5 * np.max(np.sum(X**2, axis=1)), "Ramsauer"),
        (lambda v, X, b: -lse(X @ v, b), "½ vᵀv is missing"),
        (lambda v, X, b: v @ v - lse(X @ v, b), "takes back half of vᵀv"),
        (lambda v, X, b: 0.5 * v @ v + lse(X @ v, b), "with a minus sign"),
        (lambda v, X, b: 0.5 * v @ v - b * lse(X @ v, b), "divide the logarithm by β"),
        (lambda v, X, b: 0.5 * v @ v - np.max(X @ v), "the largest score alone")]),
    checks.check_lagrangian: ([cubic(), lagrangian("log-sum-exp", beta=2.0)], [
        (Lagrangian(lambda x: np.sum(np.abs(x) ** 3, axis=-1), lambda x: 2 * np.abs(x) * x),
         "activation is not the gradient"),
        (Lagrangian(lambda x: -np.sum(x**2, axis=-1), lambda x: -2 * x), "not convex"),
        (Lagrangian(lambda x: x**2, lambda x: 2 * x), "axis=-1"),
        (Lagrangian(stub, stub), "NotImplementedError")]),
    checks.check_restored_fraction: ([restored_fraction, restored_one_at_a_time], [
        (lambda net, c: np.mean(np.sign(net.update(c)) == net.patterns[:len(c)]),
         "not unit by unit"),
        (lambda net, c: np.sum(np.all(np.sign(net.update(c)) == net.patterns[:len(c)], axis=1)),
         "not a count"),
        (lambda net, c: np.mean(np.all(net.update(c) == net.patterns[:len(c)], axis=1)),
         "compare signs"),
        (lambda net, c: np.mean(np.all(np.sign(net.update(c)) == c, axis=1)),
         "not with the cue")]),
    checks.check_gap_prediction: ([4, 2.76, np.float64(1.5), 100], [
        (None, "before you run this cell"),
        ("four", "a factor, such as 3"),
        (-2, "at least 0"),
    ]),
    checks.check_restoration_experiment: ([
        (cubic(), 64, 80, 0.1, list(_restored_sets(cubic(), 64, 80, 0.1, 4, seed=1))),
        (lagrangian("polynomial", degree=4), 32, 60, 0.15,
         _restored_sets(lagrangian("polynomial", degree=4), 32, 60, 0.15, 3, seed=2)),
        (lagrangian("quadratic"), np.int64(64), 8, 0.1,
         _restored_sets(lagrangian("quadratic"), 64, 8, 0.1, 6, seed=3)),
    ], [
        ((cubic(), 64, 100, 0.1, _restored_sets(cubic(), 64, 100, 0.1, 4, seed=4, units=True)),
         "yours is higher"),
        ((cubic(), 64, 100, 0.1, _restored_sets(cubic(), 64, 100, 0.1, 4, seed=5, shifted=True)),
         "yours is lower"),
        ((cubic(), 64, 80, 0.1, [0.8, 0.8]), "at least three pattern sets"),
        ((np.tanh, 64, 80, 0.1, [0.8, 0.8, 0.8]), "memory must be your Lagrangian"),
    ]),
}


# --- the widget ------------------------------------------------------------------------------


def test_explorer_steps_the_two_layers_and_the_energy_falls():
    explorer = EnergyExplorer("log-sum-exp (exponential)", gain=5.0, letter="E", noise=0.25,
                              seed=1)
    image, bars = explorer.feature_image.value, explorer.memory_bars.value
    # at the start: the cue, said so, and its energy a point on the trace (not an empty box)
    assert "press Step or Run" in explorer.readout.value
    assert "<circle" in explorer.energy_trace.value
    for _ in range(12):
        explorer.step()
    assert np.all(np.diff(explorer.energies) < 0)
    assert explorer.feature_image.value != image and explorer.memory_bars.value != bars
    target = LETTERS[hf.patterns.ALPHABET.index("E")]
    assert explorer.network.feature.activation(explorer.v) @ target / 256 > 0.99
    assert "most active memory neuron: E" in explorer.readout.value
    assert "t = 6.0 τ" in explorer.readout.value
    explorer.new_cue.click()  # a new cue starts again: the trace a point, the readout says so
    trace = explorer.energy_trace.value
    assert "<circle" in trace and "<polyline" not in trace
    assert "press Step or Run" in explorer.readout.value


def test_explorer_quadratic_below_the_critical_gain_falls_to_zero():
    explorer = EnergyExplorer("quadratic (classical)", gain=0.05, seed=2)
    critical = theory.critical_gain(LETTERS.T @ LETTERS / 256.0)
    assert f"below λ = {critical:.3f}" in explorer.readout.value
    assert 0.05 < critical
    for _ in range(60):
        explorer.step()
    assert np.abs(explorer.network.feature.activation(explorer.v)).max() < 1e-3
    explorer.gain.value = 0.5  # above the critical gain: restart from the same cue
    assert explorer.time == 0.0
    for _ in range(20):
        explorer.step()
    assert np.abs(explorer.network.feature.activation(explorer.v)).mean() > 0.5


def test_explorer_controls():
    explorer = EnergyExplorer(seed=3)
    cue = explorer.cue.copy()
    explorer.memory.value = explorer.MEMORIES[3]
    assert explorer.gain.disabled and "no gain" in explorer.readout.value
    assert np.array_equal(explorer.cue, cue)  # a new Lagrangian keeps the cue
    explorer.new_cue.click()
    assert not np.array_equal(explorer.cue, cue)
    explorer.play.value = True
    asyncio.run(explorer.animate(frames=3))
    assert explorer.time == pytest.approx(1.5)


# --- bad input ------------------------------------------------------------------------------

W3 = hf.hebbian(hf.random_patterns(2, 3, rng=0))
GRADED = GradedNetwork(W3)
TWO = TwoLayerMemory(np.ones((2, 3)))
LSE = lagrangian("log-sum-exp")


def wrong_shape_lagrangian():
    return Lagrangian(lambda x: x, lambda x: x)  # value does not sum over the last axis


BAD_INPUT = [
    ("widgets.EnergyExplorer.animate", lambda v: asyncio.run(EnergyExplorer(seed=0).animate(v)),
     0, ValueError, ["frames must be at least 1", "got 0"]),
    ("lagrangian.lagrangian", lambda v: lagrangian(v), "sigmoid", ValueError,
     ["name must be one of 'quadratic', 'log-cosh'", "'sigmoid'", "Lagrangian(value, activation)"]),
    ("lagrangian.lagrangian", lambda v: lagrangian("log-cosh", gain=v), -1.0, ValueError,
     ["gain must be greater than 0", "-1.0"]),
    ("lagrangian.lagrangian", lambda v: lagrangian("log-sum-exp", beta=v), 0.0, ValueError,
     ["beta must be greater than 0", "0.0"]),
    ("lagrangian.lagrangian", lambda v: lagrangian("polynomial", degree=v), 3, ValueError,
     ["degree must be even", "got 3", "rectified=True"]),
    ("lagrangian.lagrangian", lambda v: lagrangian("polynomial", degree=v), 2.5, TypeError,
     ["degree must be a whole number", "2.5"]),
    ("lagrangian.lagrangian", lambda v: lagrangian("log-cosh", **{v: 1.0}), "beta", TypeError,
     ["the 'log-cosh' Lagrangian takes gain", "got beta"]),
    ("lagrangian.Lagrangian", lambda v: Lagrangian(v, np.tanh), "x**2", TypeError,
     ["value must be a function", "str"]),
    ("lagrangian.Lagrangian", lambda v: Lagrangian(np.sum, np.tanh, name=v), 3, TypeError,
     ["name must be a str", "3"]),
    ("lagrangian.Lagrangian.value", lambda v: LSE.value(v), np.ones((2, 2, 2)), ValueError,
     ["x must have shape (n,) or (batch, n)", "(2, 2, 2)"]),
    ("lagrangian.Lagrangian.value", lambda v: wrong_shape_lagrangian().value(v), np.ones(3),
     ValueError, ["value of the Lagrangian 'custom' must return shape ()", "shape (3,)",
                  "axis=-1"]),
    ("lagrangian.Lagrangian.activation", lambda v: LSE.activation(v), [1.0, np.nan], ValueError,
     ["x must be finite", "NaN"]),
    ("lagrangian.Lagrangian.legendre", lambda v: LSE.legendre(v), "abc", ValueError,
     ["x must hold real numbers"]),
    ("graded.GradedNetwork", lambda v: GradedNetwork(v), np.ones((3, 2)), ValueError,
     ["weights must be a square matrix", "(3, 2)"]),
    ("graded.GradedNetwork", lambda v: GradedNetwork(v), np.triu(np.ones((3, 3))), ValueError,
     ["weights must be symmetric"]),
    ("graded.GradedNetwork", lambda v: GradedNetwork(W3, gain=v), -2.0, ValueError,
     ["gain must be greater than 0", "-2.0"]),
    ("graded.GradedNetwork", lambda v: GradedNetwork(W3, tau=v), -1.0, ValueError,
     ["tau must be greater than 0", "-1.0"]),
    ("graded.GradedNetwork", lambda v: GradedNetwork(W3, inputs=v), np.ones(4), ValueError,
     ["inputs must have shape (3,)", "(4,)"]),
    ("graded.GradedNetwork.from_patterns", lambda v: GradedNetwork.from_patterns(v),
     np.array([[0, 1, 1]]), ValueError, ["patterns must hold only -1 and +1", "0/1 coding"]),
    ("graded.GradedNetwork.output", lambda v: GRADED.output(v), np.ones(4), ValueError,
     ["u must have 3 entries, one per neuron", "(4,)"]),
    ("graded.GradedNetwork.energy", lambda v: GRADED.energy(v), np.ones((2, 5)), ValueError,
     ["u must have 3 entries", "(2, 5)"]),
    ("graded.GradedNetwork.step", lambda v: GRADED.step(np.ones(3), v), 0.0, ValueError,
     ["dt must be greater than 0", "0.0"]),
    ("graded.GradedNetwork.run", lambda v: GRADED.run(v), np.ones(2), ValueError,
     ["u0 must have 3 entries", "(2,)"]),
    ("graded.GradedNetwork.run", lambda v: GRADED.run(np.ones(3), duration=v), -1.0, ValueError,
     ["duration must be greater than 0", "-1.0"]),
    ("graded.GradedNetwork.run", lambda v: GRADED.run(np.ones(3), duration=1e9, dt=v), 1e-3,
     ValueError, ["steps is more than", "longer dt"]),
    ("graded.GradedNetwork.run", lambda v: GRADED.run(np.ones(3), record=v), "yes", TypeError,
     ["record must be True or False", "'yes'"]),
    ("theory.critical_gain", lambda v: theory.critical_gain(v), np.ones(3), ValueError,
     ["weights must have shape (n, n)", "(3,)"]),
    ("theory.descent_step_limit", lambda v: theory.descent_step_limit(W3, v), 0.0, ValueError,
     ["gain must be greater than 0", "0.0"]),
    ("theory.descent_step_limit", lambda v: theory.descent_step_limit(W3, 1.0, tau=v), -1.0,
     ValueError, ["tau must be greater than 0", "-1.0"]),
    ("two_layer.TwoLayerMemory", lambda v: TwoLayerMemory(v), np.ones(3), ValueError,
     ["patterns must have shape (p, N)", "(3,)"]),
    ("two_layer.TwoLayerMemory", lambda v: TwoLayerMemory(np.ones((2, 3)), memory=v), "softmax",
     ValueError, ["memory must be a Lagrangian or one of 'quadratic'", "'softmax'"]),
    ("two_layer.TwoLayerMemory", lambda v: TwoLayerMemory(np.ones((2, 3)), feature=v), np.tanh,
     TypeError, ["feature must be a Lagrangian or the name of one", "ufunc"]),
    ("two_layer.TwoLayerMemory", lambda v: TwoLayerMemory(np.ones((2, 3)), tau_feature=v), -1.0,
     ValueError, ["tau_feature must be greater than 0", "-1.0"]),
    ("two_layer.TwoLayerMemory", lambda v: TwoLayerMemory(np.ones((2, 3)), tau_memory=v), -0.5,
     ValueError, ["tau_memory must be at least 0", "-0.5"]),
    ("two_layer.TwoLayerMemory", lambda v: TwoLayerMemory(np.ones((2, 3)), memory=v),
     Lagrangian(lambda x: np.sum(x * x, axis=-1), lambda x: x[..., :1]), ValueError,
     ["the activation of the Lagrangian 'custom' must return shape (2, 2)", "(2, 1)"]),
    ("two_layer.TwoLayerMemory.preset", lambda v: TwoLayerMemory.preset(v, np.ones((2, 3))),
     "hopfield", ValueError, ["name must be one of 'classical', 'dense'", "'hopfield'"]),
    ("two_layer.TwoLayerMemory.preset",
     lambda v: TwoLayerMemory.preset("modern", np.ones((2, 3)), **{v: 2.0}), "gain", TypeError,
     ["the 'modern' preset takes beta", "got gain"]),
    ("two_layer.TwoLayerMemory.preset",
     lambda v: TwoLayerMemory.preset("classical", np.ones((2, 3)), gain=v), -1.0, ValueError,
     ["gain must be greater than 0", "-1.0"]),
    ("two_layer.TwoLayerMemory.energy", lambda v: TWO.energy(np.ones(3), v), np.ones(3),
     ValueError, ["h must have 2 entries, one per memory neuron", "(3,)"]),
    ("two_layer.TwoLayerMemory.energy", lambda v: TWO.energy(v, np.ones(2)), np.ones(2),
     ValueError, ["v must have 3 entries, one per feature neuron", "(2,)"]),
    ("two_layer.TwoLayerMemory.energy", lambda v: TWO.energy(np.ones((4, 3)), v),
     np.ones((2, 2)), ValueError, ["v and h must hold the same number of states",
                                   "(4, 3) and (2, 2)"]),
    ("two_layer.TwoLayerMemory.adiabatic_energy", lambda v: TWO.adiabatic_energy(v), [1.0],
     ValueError, ["v must have 3 entries", "(1,)"]),
    ("two_layer.TwoLayerMemory.update", lambda v: TWO.update(v), np.ones(2), ValueError,
     ["state must have 3 entries, one per feature neuron", "(2,)"]),
    ("two_layer.TwoLayerMemory.step", lambda v: TWO.step(np.ones(3), np.ones(2), v), -0.1,
     ValueError, ["dt must be greater than 0", "-0.1"]),
    ("two_layer.TwoLayerMemory.run", lambda v: TWO.run(v), np.ones(4), ValueError,
     ["v0 must have 3 entries", "(4,)"]),
    ("two_layer.TwoLayerMemory.run", lambda v: TWO.run(np.ones(3), v), np.ones(5), ValueError,
     ["h0 must have 2 entries", "(5,)"]),
    ("two_layer.TwoLayerMemory.run",
     lambda v: TwoLayerMemory(np.ones((2, 3)), tau_memory=0.0).run(np.ones(3), v), np.ones(2),
     ValueError, ["h0 has no effect with tau_memory = 0"]),
    ("two_layer.TwoLayerMemory.run", lambda v: TWO.run(np.ones(3), dt=v), np.inf, ValueError,
     ["dt must be a finite number", "inf"]),
    ("checks.check_log_cosh_activation", lambda v: checks.check_log_cosh_activation(v), "tanh",
     TypeError, ["activation must be your function", "str"]),
    ("checks.check_log_sum_exp_activation", lambda v: checks.check_log_sum_exp_activation(v),
     np.ones(3), TypeError, ["activation must be your function", "ndarray"]),
    ("checks.check_rectified_activation", lambda v: checks.check_rectified_activation(v), 2,
     TypeError, ["activation must be your function", "int"]),
    ("checks.check_two_layer_energy", lambda v: checks.check_two_layer_energy(v), 1.0, TypeError,
     ["energy must be your function", "float"]),
    ("checks.check_adiabatic_energy", lambda v: checks.check_adiabatic_energy(v), None,
     TypeError, ["adiabatic_energy must be your function", "NoneType"]),
    ("checks.check_lagrangian", lambda v: checks.check_lagrangian(v), np.tanh, TypeError,
     ["layer must be a Lagrangian", "Lagrangian(value, activation", "ufunc"]),
    ("checks.check_restored_fraction", lambda v: checks.check_restored_fraction(v), [0.5],
     TypeError, ["restored_fraction must be your function", "list"]),
    ("widgets.EnergyExplorer", lambda v: EnergyExplorer(v), "softmax", ValueError,
     ["memory must be one of 'quadratic (classical)'", "'softmax'"]),
    ("widgets.EnergyExplorer", lambda v: EnergyExplorer(gain=v), 0.0, ValueError,
     ["gain must be at least 0.05", "0.0"]),
    ("widgets.EnergyExplorer", lambda v: EnergyExplorer(letter=v), "e", ValueError,
     ["letter must be one of", "'e'"]),
    ("widgets.EnergyExplorer", lambda v: EnergyExplorer(noise=v), 0.7, ValueError,
     ["noise must be at most 0.5", "0.7"]),
    ("widgets.EnergyExplorer", lambda v: EnergyExplorer(seed=v), -1, ValueError,
     ["seed must be at least 0", "-1"]),
    ("checks.check_gap_prediction", checks.check_gap_prediction, [4], checks.CheckFailed,
     ["predicted must be a factor, such as 3", "got [4]"]),
    ("checks.check_restoration_experiment",
     lambda v: checks.check_restoration_experiment(cubic(), v, 80, 0.1, [0.8] * 3), 200,
     checks.CheckFailed, ["n_neurons must be a whole number from 16 to 128", "got 200"]),
]

# Nothing of this chapter draws random numbers but the widget, which takes a seed.
REPRODUCIBLE = []
