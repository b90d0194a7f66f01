"""The self-checks of chapter 4's new exercises (issue 22): a derivation, an experiment the learner
designs, a prediction. tests/test_checks.py runs CHECK_CASES, tests/test_bad_input.py BAD_INPUT."""

import math

import numpy as np

import hopfield_edu as hf
from hopfield_edu import checks


def errors_by_matrix(n_neurons, n_patterns, rng, networks=8):
    fractions = []
    for _ in range(networks):
        xi = hf.random_patterns(n_patterns, n_neurons, rng=rng).astype(float)
        w = xi.T @ xi / n_neurons
        np.fill_diagonal(w, 0.0)
        fractions.append(np.mean(xi * (xi @ w) < 0))
    return fractions


def errors_by_library(n_neurons, n_patterns, rng):  # another design: the library, more networks
    out = []
    for _ in range(20):
        xi = hf.random_patterns(n_patterns, n_neurons, rng=rng)
        net = hf.HopfieldNetwork.from_patterns(xi)
        out.append(np.mean([np.mean(x * net.local_field(x) < 0) for x in xi]))
    return np.array(out)


def errors_with_diagonal(n_neurons, n_patterns, rng):
    fractions = []
    for _ in range(10):
        xi = hf.random_patterns(n_patterns, n_neurons, rng=rng).astype(float)
        fractions.append(np.mean(xi * (xi @ (xi.T @ xi / n_neurons)) < 0))
    return fractions


def errors_per_pattern(n_neurons, n_patterns, rng):  # divided by N only
    return [f * n_patterns for f in errors_by_matrix(n_neurons, n_patterns, rng, networks=10)]


def errors_after_recall(n_neurons, n_patterns, rng):
    out = []
    for _ in range(6):
        xi = hf.random_patterns(n_patterns, n_neurons, rng=rng)
        net = hf.HopfieldNetwork.from_patterns(xi)
        out.append(np.mean([np.mean(net.recall(x, rng=rng).state != x) for x in xi]))
    return out


CHECK_CASES = {
    checks.check_mixture_energy: ([-3 / 8, -0.5 * 3 * 0.5**2, np.float64(-0.375)], [
        (-0.5, "stored pattern"), (-0.75, "factor ½"), (-0.125, "not one"),
        (-1.125, "not 3/2"), (0.375, "sign"), (-0.3, "8 sign patterns")]),
    checks.check_one_step_experiment: ([errors_by_matrix, errors_by_library], [
        (errors_with_diagonal, "diagonal"), (errors_per_pattern, "p times too large"),
        (errors_after_recall, "whole recall"),
        (lambda n, p, rng: errors_by_matrix(n, p, rng, networks=1), "at least 5"),
        (lambda n, p, rng: None, "returned None"),
        (lambda n, p, rng: [math.nan] * 6, "outside [0, 1]")]),
    checks.check_overload_prediction: ([0.9, -0.2, 0.45, np.float32(0.3)], [
        ("0.4", "must be a number"), (1.5, "[-1, 1]"), (None, "must be a number")]),
}

BAD_INPUT = [
    ("checks.check_mixture_energy", checks.check_mixture_energy, [-0.375], checks.CheckFailed,
     ["energy_per_unit must be a number", "[-0.375]"]),
    ("checks.check_one_step_experiment", checks.check_one_step_experiment, 0.001, TypeError,
     ["one_step_errors must be a function one_step_errors(n_neurons, n_patterns, rng)",
      "got 0.001"]),
    ("checks.check_overload_prediction", checks.check_overload_prediction, np.inf,
     checks.CheckFailed, ["prediction must be a finite number", "inf"]),
]


def test_the_exact_one_step_error_is_the_measured_one_and_tends_to_the_erfc_formula():
    from hopfield_edu.checks.capacity import _exact_one_step_error  # noqa: PLC0415
    rng = np.random.default_rng(7)
    measured = np.mean(errors_by_matrix(100, 15, rng, networks=400))
    exact = _exact_one_step_error(100, 15)
    assert abs(measured - exact) < 4 * math.sqrt(exact / (400 * 100 * 15)) * 1.6  # correlated bits
    large = [_exact_one_step_error(n, n // 10) / hf.theory.bit_error_probability(0.1)
             for n in (200, 2000)]
    assert abs(large[1] - 1) < abs(large[0] - 1) < 0.3
