"""The phase diagram of the Hebbian network: the replica-symmetric theory of Amit, Gutfreund &
Sompolinsky against the textbook iteration, against its known limits, and against Glauber
dynamics; the mixture states; the widget and the self-checks of chapter 5."""

import asyncio
import itertools
import math

import numpy as np
import pytest

import hopfield_edu as hf
from hopfield_edu import checks, plots, reference, thermal, theory, widgets
from hopfield_edu.checks import CheckFailed

Z = np.linspace(-12.0, 12.0, 400_001)
PHI = np.exp(-0.5 * Z * Z) / np.exp(-0.5 * Z * Z).sum()


def plain_average(function, a, b):
    """⟨function(a + b z)⟩ over a standard Gaussian z: a plain sum on a fine grid."""
    return float(PHI @ function(a + b * Z))


# --- the replica-symmetric solution -------------------------------------------------------------


@pytest.mark.parametrize("load, temperature", [(0.0, 0.5), (0.02, 0.6), (0.05, 0.3),
                                               (0.1, 0.2), (0.13, 0.05)])
def test_retrieval_state_is_the_one_plain_iteration_finds(load, temperature):
    state = theory.replica_symmetric(load, temperature)
    m, q, r, f = reference.replica_symmetric_iteration(load, temperature)
    assert state.exists
    assert np.allclose([state.overlap, state.edwards_anderson, state.noise, state.free_energy],
                       [m, q, r, f], rtol=1e-8, atol=1e-10)


@pytest.mark.parametrize("load, temperature", [(0.05, 1.1), (0.2, 1.3)])
def test_spin_glass_above_t1_is_the_one_plain_iteration_finds(load, temperature):
    state = theory.replica_symmetric(load, temperature, branch="spin_glass")
    m, q, r, f = reference.replica_symmetric_iteration(load, temperature, overlap=0.0)
    assert state.overlap == 0 and q > 0.01
    assert np.allclose([state.edwards_anderson, state.noise, state.free_energy], [q, r, f],
                       rtol=1e-8)


@pytest.mark.parametrize("load, temperature", [(0.1, 0.8), (0.2, 0.4), (0.05, 0.05)])
def test_spin_glass_below_t1_solves_the_equations(load, temperature):
    """Below T = 1 plain iteration circles around the spin glass; check the equations instead."""
    state = theory.replica_symmetric(load, temperature, branch="spin_glass")
    beta, q, r = 1.0 / temperature, state.edwards_anderson, state.noise
    reaction = 1.0 - beta * (1.0 - q)
    assert reaction > 0 and q > 0.2
    assert q == pytest.approx(plain_average(lambda u: np.tanh(beta * u) ** 2, 0.0,
                                            math.sqrt(load * r)), abs=1e-9)
    assert r == pytest.approx(q / reaction**2, rel=1e-12)


@pytest.mark.parametrize("load", [0.01, 0.05, 0.1, 0.3])
def test_spin_glass_appears_at_one_plus_root_alpha(load):
    """q of the solver's spin glass falls linearly to 0 at T_g = 1 + √α, and stays 0 above."""
    t_g = float(theory.spin_glass_temperature(load))
    assert t_g == 1 + math.sqrt(load)
    below = np.array([t_g - 0.004, t_g - 0.002])
    q = theory.replica_symmetric(load, below, branch="spin_glass").edwards_anderson
    assert np.all(q > 0)
    onset = below[1] + q[1] * (below[1] - below[0]) / (q[0] - q[1])
    assert onset == pytest.approx(t_g, abs=2e-5)
    assert theory.replica_symmetric(load, t_g + 0.002, branch="spin_glass").edwards_anderson == 0


def test_critical_load_and_overlap_at_zero_temperature():
    assert round(float(theory.retrieval_load(1e-3)), 3) == 0.138
    assert float(theory.retrieval_load(1e-5)) == pytest.approx(theory.critical_load(), abs=1e-5)
    loads = np.array([0.02, 0.08, 0.13, 0.137])
    cold = theory.replica_symmetric(loads, 1e-4)
    assert np.allclose(cold.overlap, theory.retrieval_overlap(loads), atol=1e-5)
    # past the largest load of the (slightly bent) line there is no retrieval at any T
    assert theory.retrieval_temperature(0.1385) == 0
    assert not theory.replica_symmetric(0.1385, 0.02).exists


def zero_temperature_retrieval_energy(load):
    """-m²/2 - (α/2)(r - 1) from AGS's T = 0 equations m = erf(y), y(√(2α) + (2/√π)e^(-y²)) =
    erf(y), on the retrieval branch (the larger y), by bisection."""
    low, high = 1.5, 30.0  # the left side of the y equation falls on [1.5, 30] for α < 0.138
    for _ in range(200):
        y = 0.5 * (low + high)
        gap = math.erf(y) / y - 2 / math.sqrt(math.pi) * math.exp(-y * y)
        low, high = (y, high) if gap > math.sqrt(2 * load) else (low, y)
    m = math.erf(y)
    sigma2 = m * m / (2 * y * y)  # αr, from y = m / √(2αr)
    return -m * m / 2 - (sigma2 - load) / 2


@pytest.mark.parametrize("load", [0.005, 0.02, 0.05, 0.1, 0.13])
def test_free_energies_tend_to_the_zero_temperature_energies(load):
    """The sharpest test of the quadrature: at T = 1e-7 tanh β(m + σz) is a step."""
    retrieval = theory.replica_symmetric(load, 1e-7).free_energy
    assert retrieval == pytest.approx(zero_temperature_retrieval_energy(load), abs=1e-9)
    glass = theory.replica_symmetric(load, 1e-7, branch="spin_glass").free_energy
    # the spin glass has a negative entropy s: f = E - Ts lies above E, by less than 1e-7
    assert 0 < glass - (-1 / math.pi - math.sqrt(2 * load / math.pi)) < 1e-7


def test_retrieval_line_at_small_load_is_one_minus_1_95_root_alpha():
    loads = np.array([1e-4, 1e-6])
    c = (1.0 - theory.retrieval_temperature(loads)) / np.sqrt(loads)
    assert np.all(np.abs(c - 1.95) < 0.01)
    assert c[1] < c[0]  # approaching the limit 1.954 from above
    assert theory.retrieval_temperature(0.0) == 1.0


def test_retrieval_states_exist_exactly_below_the_line():
    t_m = float(theory.retrieval_temperature(0.05))
    assert t_m == pytest.approx(0.542, abs=1e-3)
    states = theory.replica_symmetric(0.05, [t_m - 1e-4, t_m + 1e-4])
    assert list(states.exists) == [True, False]
    assert states.overlap[0] > 0.8 and np.isnan(states.overlap[1])


def test_coexistence_line():
    # at T = 0 the spin glass has E = -1/π - √(2α/π) and a retrieval state E ≈ -1/2
    zero_t = math.pi / 2 * (0.5 - 1 / math.pi) ** 2
    assert float(theory.coexistence_load(1e-5)) == pytest.approx(zero_t, abs=1e-5)
    loads = np.array([0.01, 0.03, 0.05])
    t_c = theory.coexistence_temperature(loads)
    assert np.all(t_c < theory.retrieval_temperature(loads))
    free = [theory.replica_symmetric(loads, t_c, branch=branch).free_energy
            for branch in theory.BRANCHES]
    assert np.allclose(free[0], free[1], atol=1e-9)
    assert theory.coexistence_temperature(0.06) == 0 and theory.coexistence_temperature(0) == 1


def test_phases():
    assert list(theory.phase(0.05, [0.2, 0.5, 1.0, 1.3])) == list(theory.PHASES)
    assert theory.phase(0.15, 0.1) == "spin glass"


def test_mixture_theory():
    assert theory.mixture_stability_temperature() == pytest.approx(0.46, abs=0.002)
    assert theory.mixture_stability_temperature(5) < theory.mixture_stability_temperature(3)
    assert theory.mixture_stability_temperature(1) == 1.0
    assert theory.mixture_overlap(1e-3) == pytest.approx(0.5, abs=1e-9)
    assert theory.mixture_overlap(1.2) == 0
    T = np.array([0.3, 0.7])
    assert np.allclose(theory.mixture_overlap(T, size=1), theory.mean_field_magnetization(T))
    # the smallest eigenvalue of the Hessian of f, by finite differences, changes sign at 0.46
    bits = np.array(list(itertools.product([-1, 1], repeat=3)), float)
    for temperature, sign in ((0.44, 1), (0.48, -1)):
        m = np.full(3, theory.mixture_overlap(temperature))

        def f(x):
            return 0.5 * x @ x - temperature * np.mean(np.log(2 * np.cosh(bits @ x / temperature)))
        h, eye = 1e-4, np.eye(3)
        hessian = [[(f(m + h * (eye[i] + eye[j])) - f(m + h * (eye[i] - eye[j]))
                     - f(m - h * (eye[i] - eye[j])) + f(m - h * (eye[i] + eye[j]))) / (4 * h * h)
                    for j in range(3)] for i in range(3)]
        assert np.sign(np.linalg.eigvalsh(hessian).min()) == sign


# --- Glauber dynamics against the theory --------------------------------------------------------


def test_simulated_overlaps_fall_on_the_theory_away_from_the_lines():
    n = 2000
    points = [(0.02, 0.5), (0.05, 0.3), (0.1, 0.15)]  # retrieval, far below T_M
    for load, temperature in points:
        assert temperature < 0.8 * float(theory.retrieval_temperature(load))
        scan = thermal.thermal_scan(n, [load], [temperature], sweeps=60, measure=40, trials=4,
                                    rng=int(1000 * load))
        expected = theory.replica_symmetric(load, temperature).overlap
        assert abs(scan.mean[0, 0] - expected) < 3 * scan.error[0, 0] + 0.005
    # above T_g the paramagnet forgets: an overlap of order 1/√N; between T_M and T_g, no
    # retrieval either (what remains is the slow decay of a spin glass, not a memory)
    scan = thermal.thermal_scan(n, [0.05], [1.5, 0.75], sweeps=60, measure=40, trials=2, rng=7)
    assert abs(scan.mean[0, 0]) < 4 / math.sqrt(n)
    assert scan.mean[0, 1] < 0.3


def test_mixture_stays_at_low_temperature_and_falls_into_a_pattern_at_high():
    scan = thermal.mixture_scan(4000, [0.15, 0.7], sweeps=40, trials=3, rng=3)
    assert list(scan.still_mixed) == [1.0, 0.0]
    assert np.allclose(scan.overlaps[0], theory.mixture_overlap(0.15), atol=0.03)
    assert np.allclose(scan.overlaps[1, :, 0], theory.mean_field_magnetization(0.7), atol=0.03)
    assert np.all(np.abs(scan.overlaps[1, :, 1:]) < 0.06)


# --- the figure and the widget ------------------------------------------------------------------


def test_phase_diagram_figure():
    import matplotlib

    matplotlib.use("Agg")
    ax = plots.plot_phase_diagram()
    assert len(ax.lines) == 3 and ax.get_xlim() == (0.0, 0.2)
    t_m = ax.lines[1].get_ydata()
    assert t_m.min() < 0.01 and t_m.max() == 1.0
    import matplotlib.pyplot as plt

    plt.close("all")


def test_phase_explorer_steps_and_reacts_to_its_sliders():
    explorer = widgets.PhaseExplorer(0.05, 0.3, side=20, seed=1)
    assert explorer.overlaps == [1.0] and "retrieval" in explorer.readout.value
    image, diagram = explorer.agreement_image.value, explorer.diagram.value
    explorer.step_button.click()
    assert len(explorer.overlaps) == 2 and "sweep 1" in explorer.readout.value
    explorer.temperature.value = 1.3  # hotter: same state, new dynamics
    assert explorer.diagram.value != diagram and "paramagnet" in explorer.readout.value
    for _ in range(20):
        explorer.step()
    assert abs(explorer.overlaps[-1]) < 0.4 and explorer.agreement_image.value != image
    explorer.load.value = 0.15
    assert len(explorer.patterns) == 60 and explorer.overlaps == [1.0]
    explorer.play.value = True
    asyncio.run(explorer.animate(frames=2))
    assert len(explorer.overlaps) == 3 and not explorer.play.value
    explorer.reset_button.click()
    assert explorer.overlaps == [1.0]


# --- the self-checks ----------------------------------------------------------------------------


def glass_by_formula(alpha):
    return 1 + math.sqrt(alpha)


def glass_by_bisection(alpha):
    """The linearised condition αβ² = (1 - β)², solved numerically on T > 1."""
    low, high = 1.0, 10.0
    for _ in range(100):
        middle = 0.5 * (low + high)
        beta = 1 / middle
        low, high = (middle, high) if beta**2 * alpha > (1 - beta) ** 2 else (low, middle)
    return 0.5 * (low + high)


def energy_by_formula(alpha):
    return -1 / math.pi - math.sqrt(2 * alpha / math.pi)


def energy_from_c(alpha):
    """C = k / (1 + k), r = 1 / (1 - C)², E = (α/2)(1 - r)."""
    k = math.sqrt(2 / (math.pi * alpha))
    return alpha / 2 * (1 - (1 + k) ** 2)


def not_implemented(*args):
    raise NotImplementedError()


def _retrieved(network, pattern, temperature, sweeps, rng, criterion=0.5):
    state = network.recall(pattern, temperature=temperature, max_steps=sweeps, rng=rng).state
    return pattern.astype(int) @ state / pattern.size > criterion


def scan_method_with(networks, criterion=0.5, sweeps=60):
    """Retrieval rate over a grid of T, ``networks`` networks each; where it falls through ½."""
    def scan_method(alpha, n, rng):
        temperatures = np.arange(0.2, 0.71, 0.05)
        rate = []
        for T in temperatures:
            hits = 0
            for _ in range(networks):
                xi = hf.random_patterns(round(alpha * n), n, rng=rng)
                hits += _retrieved(hf.HopfieldNetwork.from_patterns(xi), xi[0], T, sweeps, rng,
                                   criterion)
            rate.append(hits / networks)
        rate = np.array(rate)
        k = np.flatnonzero(rate >= 0.5)[-1]
        return temperatures[k] + 0.05 * (rate[k] - 0.5) / (rate[k] - rate[k + 1])
    scan_method.__name__ = f"scan_method_{networks}_networks"
    return scan_method


scan_method = scan_method_with(2)


def bisection_with(networks, sweeps=60):
    """``networks`` networks; on each, bisect T on whether ``sweeps`` sweeps from the pattern
    keep an overlap above ½; the mean of their thresholds."""
    def bisection_method(alpha, n, rng):
        found = []
        for _ in range(networks):
            xi = hf.random_patterns(round(alpha * n), n, rng=rng)
            network, low, high = hf.HopfieldNetwork.from_patterns(xi), 0.0, 1.0
            for _ in range(7):
                middle = 0.5 * (low + high)
                low, high = ((middle, high) if _retrieved(network, xi[0], middle, sweeps, rng)
                             else (low, middle))
            found.append(0.5 * (low + high))
        return float(np.mean(found))
    bisection_method.__name__ = f"bisection_{networks}_networks"
    return bisection_method


bisection_method = bisection_with(1)


def theory_shifted(shift):
    return lambda alpha, n, rng: float(theory.retrieval_temperature(alpha)) + shift


def _iterated_overlap():  # another method: the fixed-point iteration a learner would write
    m = 1.0
    for _ in range(200):
        m = math.tanh(m / 0.5)
    return m


# check: ([correct answers, by different methods], [(wrong answer, what the hint must say)])
CHECK_CASES = {
    checks.check_glass_temperature: ([glass_by_formula, glass_by_bisection], [
        (lambda a: math.sqrt(a), "reaction term"),               # r = q
        (lambda a: 1 - math.sqrt(a), "Take the root with 1 - β > 0"),
        (lambda a: 1 / (1 + math.sqrt(a)), "β = 1/T"),
        (lambda a: 1 + a, "first match"),
        (not_implemented, "still raises NotImplementedError"),
    ]),
    checks.check_spin_glass_energy: ([energy_by_formula, energy_from_c], [
        (lambda a: energy_by_formula(a) - a / 2, "α/2"),
        (lambda a: -energy_by_formula(a), "sign"),
        (lambda a: -math.sqrt(2 * a / math.pi), "1/π"),
        (lambda a: -0.5, "finite C"),
        (not_implemented, "still raises NotImplementedError"),
    ]),
    checks.check_ground_state_load: ([math.pi / 2 * (0.5 - 1 / math.pi) ** 2, 0.0519], [
        (0.138, "disappear"),
        (0.045, "more precisely"),
        (0.1, "cross"),
        (None, "returned None"),
    ]),
    # correct designs at several trial counts, and real designs with one mistake each
    checks.check_retrieval_measurement: ([scan_method, bisection_method, bisection_with(4)], [
        (scan_method_with(2, criterion=0.95), "too strict"),
        (bisection_with(2, sweeps=3), "more sweeps"),
        (lambda a, n, rng: 1 + math.sqrt(a), "T_g"),           # measured freezing, not recall
        (lambda a, n, rng: 1.0, "one pattern"),                # stored a single pattern
        (theory_shifted(-0.15), "too strict"),
        (theory_shifted(+0.15), "more sweeps"),
        (lambda a, n, rng: 0.542, "at α = 0.1"),               # right at α = 0.05 only
        (lambda a, n, rng: float("nan"), "return the estimated temperature"),
        (not_implemented, "still raises NotImplementedError"),
    ]),
    checks.check_one_pattern_overlap: ([0.9575, float(theory.mean_field_magnetization(0.5)),
                                        _iterated_overlap()], [
        (1.0, "T → 0 limit"), (0.0, "unstable"), (math.tanh(2.0), "one iteration"),
        (math.tanh(0.5), "β = 1/T"), (0.8, "positive root")]),
    checks.check_near_tc_prediction: ([0.0, 0.5, 0.95, np.float64(-0.3)], [
        ("half", "must be a number"), (2.0, "[-1, 1]"), (None, "must be a number")]),
}


def test_every_check_of_the_chapter_has_cases():
    from hopfield_edu.checks import phase_diagram as chapter

    assert set(CHECK_CASES) == {getattr(checks, name) for name in chapter.__all__}


# --- bad input (run by tests/test_bad_input.py) and reproducibility ---------------------

EXPLORER = widgets.PhaseExplorer(side=20)

BAD_INPUT = [
    ("checks.check_one_pattern_overlap", checks.check_one_pattern_overlap, "0.96",
     checks.CheckFailed, ["overlap must be a number", "'0.96'"]),
    ("checks.check_near_tc_prediction", checks.check_near_tc_prediction, True,
     checks.CheckFailed, ["prediction must be a number", "True"]),
    ("theory.replica_symmetric", lambda v: theory.replica_symmetric(v, 0.5), -0.1, ValueError,
     ["load must be non-negative", "-0.1"]),
    ("theory.replica_symmetric", lambda v: theory.replica_symmetric(0.1, v), 0.0, ValueError,
     ["temperature must be positive", "got 0"]),
    ("theory.replica_symmetric", lambda v: theory.replica_symmetric(0.1, v), np.nan, ValueError,
     ["temperature must be finite", "NaN"]),
    ("theory.replica_symmetric", lambda v: theory.replica_symmetric(0.1, 0.5, branch=v),
     "glass", ValueError, ["branch must be one of 'retrieval', 'spin_glass'", "'glass'"]),
    ("theory.spin_glass_temperature", lambda v: theory.spin_glass_temperature(v), -1,
     ValueError, ["load must be non-negative", "-1"]),
    ("theory.retrieval_load", lambda v: theory.retrieval_load(v), -0.5, ValueError,
     ["temperature must be positive", "-0.5"]),
    ("theory.retrieval_temperature", lambda v: theory.retrieval_temperature(v), np.nan,
     ValueError, ["load must be finite", "NaN"]),
    ("theory.coexistence_load", lambda v: theory.coexistence_load(v), 0, ValueError,
     ["temperature must be positive", "got 0"]),
    ("theory.coexistence_temperature", lambda v: theory.coexistence_temperature(v), [0.1, -0.2],
     ValueError, ["load must be non-negative", "-0.2"]),
    ("theory.phase", lambda v: theory.phase(0.1, v), np.inf, ValueError,
     ["temperature must be finite"]),
    ("theory.phase", lambda v: theory.phase(v, 0.5), -0.01, ValueError,
     ["load must be non-negative"]),
    ("theory.mixture_overlap", lambda v: theory.mixture_overlap(v), 0.0, ValueError,
     ["temperature must be positive"]),
    ("theory.mixture_overlap", lambda v: theory.mixture_overlap(0.3, size=v), 4, ValueError,
     ["size must be odd", "got 4"]),
    ("theory.mixture_stability_temperature", lambda v: theory.mixture_stability_temperature(v),
     2.5, TypeError, ["size must be a whole number", "2.5"]),
    ("theory.mixture_stability_temperature", lambda v: theory.mixture_stability_temperature(v),
     0, ValueError, ["size must be at least 1", "got 0"]),
    ("thermal.thermal_scan", lambda v: thermal.thermal_scan(v, [0.1], [0.5]), 1, ValueError,
     ["n_neurons must be at least 2", "got 1"]),
    ("thermal.thermal_scan", lambda v: thermal.thermal_scan(100, v, [0.5]), [0.1, -0.1],
     ValueError, ["loads must be positive", "-0.1"]),
    ("thermal.thermal_scan", lambda v: thermal.thermal_scan(100, [0.1], v), [[0.5]], ValueError,
     ["temperatures must be a non-empty 1-D sequence", "(1, 1)"]),
    ("thermal.thermal_scan", lambda v: thermal.thermal_scan(100, [0.1], [0.5], sweeps=v), -1,
     ValueError, ["sweeps must be at least 0", "-1"]),
    ("thermal.thermal_scan", lambda v: thermal.thermal_scan(100, [0.1], [0.5], measure=v), 0,
     ValueError, ["measure must be at least 1", "got 0"]),
    ("thermal.thermal_scan", lambda v: thermal.thermal_scan(100, [0.1], [0.5], trials=v), 1.5,
     TypeError, ["trials must be a whole number", "1.5"]),
    ("thermal.thermal_scan", lambda v: thermal.thermal_scan(100, [0.1], [0.5], rng=v), "seed",
     TypeError, ["rng must be None, an int seed or a numpy.random.Generator"]),
    ("thermal.mixture_scan", lambda v: thermal.mixture_scan(100, [0.5], n_patterns=v), 2,
     ValueError, ["n_patterns must be at least 3", "got 2"]),
    ("thermal.mixture_scan", lambda v: thermal.mixture_scan(100, v), [0.0], ValueError,
     ["temperatures must be positive", "got 0"]),
    ("thermal.mixture_scan", lambda v: thermal.mixture_scan(100, [0.5], sweeps=v), 0,
     ValueError, ["sweeps must be at least 1"]),
    ("thermal.mixture_scan", lambda v: thermal.mixture_scan(v, [0.5]), 2, ValueError,
     ["n_neurons must be at least 3"]),
    ("thermal.mixture_scan", lambda v: thermal.mixture_scan(100, [0.5], trials=v), 0,
     ValueError, ["trials must be at least 1"]),
    ("plots.plot_phase_diagram", lambda v: plots.plot_phase_diagram(max_load=v), 0.0,
     ValueError, ["max_load must be greater than 0", "0.0"]),
    ("plots.plot_phase_diagram", lambda v: plots.plot_phase_diagram(max_temperature=v),
     np.nan, ValueError, ["max_temperature must be a finite number"]),
    ("widgets.PhaseExplorer", lambda v: widgets.PhaseExplorer(v), 0.5, ValueError,
     ["load must be at most 0.2", "0.5"]),
    ("widgets.PhaseExplorer", lambda v: widgets.PhaseExplorer(temperature=v), 0.0, ValueError,
     ["temperature must be at least 0.05", "0.0"]),
    ("widgets.PhaseExplorer", lambda v: widgets.PhaseExplorer(side=v), 10, ValueError,
     ["side must be at least 20", "got 10"]),
    ("widgets.PhaseExplorer", lambda v: widgets.PhaseExplorer(seed=v), -1, ValueError,
     ["seed must be at least 0", "-1"]),
    ("checks.check_glass_temperature", lambda v: checks.check_glass_temperature(v), 1.2,
     TypeError, ["glass_temperature must be a function glass_temperature(alpha)", "got 1.2"]),
    ("checks.check_glass_temperature", lambda v: checks.check_glass_temperature(v),
     lambda a, b: a, TypeError, ["called with 1 argument"]),
    ("checks.check_spin_glass_energy", lambda v: checks.check_spin_glass_energy(v), None,
     TypeError, ["spin_glass_energy must be a function spin_glass_energy(alpha)", "got None"]),
    ("checks.check_ground_state_load", lambda v: checks.check_ground_state_load(v), None,
     CheckFailed, ["returned None"]),
    ("checks.check_retrieval_measurement", lambda v: checks.check_retrieval_measurement(v),
     "measure", TypeError, ["measure must be a function measure(alpha, n_neurons, rng)",
                            "got 'measure'"]),
    ("widgets.PhaseExplorer.animate", lambda v: asyncio.run(EXPLORER.animate(v)), 0,
     ValueError, ["frames must be at least 1", "got 0"]),
    ("widgets.PhaseExplorer.animate", lambda v: asyncio.run(EXPLORER.animate(v)), 1.5,
     TypeError, ["frames must be a whole number", "got 1.5"]),
    ("reference.replica_symmetric_iteration",
     lambda v: reference.replica_symmetric_iteration(0.1, v), 0.0, ValueError,
     ["temperature must be greater than 0"]),
    ("reference.replica_symmetric_iteration",
     lambda v: reference.replica_symmetric_iteration(v, 0.5), -0.1, ValueError,
     ["load must be at least 0"]),
]


REPRODUCIBLE = [
    ("thermal.thermal_scan", lambda: thermal.thermal_scan(200, [0.05, 0.1], [0.3, 0.9],
                                                          sweeps=5, measure=3, trials=2, rng=8)),
    ("thermal.mixture_scan", lambda: thermal.mixture_scan(300, [0.2, 0.6], n_patterns=5,
                                                          sweeps=5, trials=2, rng=9)),
]


@pytest.mark.parametrize("name, call", REPRODUCIBLE, ids=[row[0] for row in REPRODUCIBLE])
def test_same_seed_same_result(name, call):
    first, second = call(), call()
    assert np.array_equal(first.overlaps, second.overlaps)
