"""Self-checks of Chapter 8: the Boltzmann learning rule, an RBM's free energy, one CD-1
step, and the Hopfield couplings that Gaussian hidden units leave behind."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..boltzmann import RBM, BoltzmannMachine, hopfield_as_rbm
from ..patterns import flip, random_patterns
from .._validate import check_function
from ._core import CheckFailed, as_array, call, passed

__all__ = ["check_boltzmann_gradient", "check_cd1_update", "check_gaussian_couplings",
           "check_rbm_free_energy"]


def _pair(result, name: str, shapes: tuple) -> tuple[np.ndarray, ...]:
    if not isinstance(result, tuple) or len(result) != len(shapes):
        names = ("dJ", "db") if len(shapes) == 2 else ("W", "a", "b")
        raise CheckFailed(f"{name} must return {len(shapes)} arrays as a tuple: "
                          f"return {', '.join(names)}")
    return tuple(as_array(part, name, shape).astype(np.float64)
                 for part, shape in zip(result, shapes))


def _machine(n: int, rng: np.random.Generator) -> BoltzmannMachine:
    couplings = np.triu(rng.normal(0.0, 0.6, (n, n)), 1)
    return BoltzmannMachine(n, couplings=couplings + couplings.T, biases=rng.normal(0, 0.3, n))


def check_boltzmann_gradient(boltzmann_gradient: Callable) -> None:
    """Check ``boltzmann_gradient(data, states, probabilities)``: the gradient of the mean
    log-likelihood of a fully visible Boltzmann machine, returned as ``(dJ, db)``.

    ``data`` holds ±1 samples as rows (``int8``), ``states`` every state of the machine and
    ``probabilities`` the model's probability of each. dJ = ⟨s sᵀ⟩_data - ⟨s sᵀ⟩_model with a
    zero diagonal, db = ⟨s⟩_data - ⟨s⟩_model.
    """
    name = "boltzmann_gradient"
    check_function(boltzmann_gradient, "boltzmann_gradient(data, states, probabilities)")
    rng = np.random.default_rng(81)
    cases = 0
    # the last case: 300 noisy copies of one pattern, whose sums of products pass 127
    for n, samples, kinds in ((3, 10, 2), (5, 40, 2), (8, 300, 1)):
        machine = _machine(n, rng)
        states, probabilities = machine.distribution()
        data = flip(random_patterns(kinds, n, rng=rng)[rng.integers(kinds, size=samples)], 0.1,
                    rng=rng)
        got_J, got_b = _pair(call(boltzmann_gradient, name, data, states, probabilities), name,
                             ((n, n), (n,)))
        x = data.astype(np.float64)
        model_means, model_correlations = machine.moments()
        expected_J = x.T @ x / samples - model_correlations
        np.fill_diagonal(expected_J, 0.0)
        expected_b = x.mean(axis=0) - model_means
        cases += 1
        if np.allclose(got_J, expected_J, atol=1e-9) and np.allclose(got_b, expected_b,
                                                                     atol=1e-9):
            continue
        where = f"for {samples} samples of {n} units"
        if np.allclose(got_J, -expected_J, atol=1e-9):
            raise CheckFailed(f"dJ has the wrong sign {where}: the likelihood rises along data "
                              f"minus model, ⟨s sᵀ⟩_data - ⟨s sᵀ⟩_model.")
        if np.allclose(got_J, expected_J, atol=1e-9):
            raise CheckFailed(f"dJ is right but db is not {where}: db = ⟨s⟩_data - ⟨s⟩_model, "
                              f"the model's means weighted by the probabilities.")
        if np.allclose(got_J - np.diag(np.diag(got_J)), expected_J, atol=1e-9):
            raise CheckFailed(f"dJ has a nonzero diagonal {where}: there is no coupling J_ii "
                              f"(s_i² = 1 is a constant), so set it to zero.")
        hebb = x.T @ x / samples
        np.fill_diagonal(hebb, 0.0)
        if np.allclose(got_J, hebb, atol=1e-9):
            raise CheckFailed(f"dJ is Hebb's rule on the data alone {where}: subtract the "
                              f"model's own correlations, Σ_s P(s) s sᵀ, each state weighted by "
                              f"its probability (an unweighted average over all states is zero "
                              f"off the diagonal).")
        wrapped = (data.T @ data).astype(np.float64) / samples - model_correlations  # int8 sums
        np.fill_diagonal(wrapped, 0.0)
        if samples > 127 and np.allclose(got_J, wrapped, atol=1e-9):
            raise CheckFailed(f"dJ is wrong {where}: a sum over {samples} ±1 products does not "
                              f"fit in an int8 (at most 127), and wrapped around. Convert "
                              f"first: data.astype(float).")
        raise CheckFailed(f"dJ differs from ⟨s sᵀ⟩_data - ⟨s sᵀ⟩_model by up to "
                          f"{np.abs(got_J - expected_J).max():.3g} {where}. Average the data "
                          f"products over the samples.")
    passed(name, cases)


def _rbm(n_visible: int, n_hidden: int, scale: float, rng: np.random.Generator) -> RBM:
    rbm = RBM(n_visible, n_hidden, weight_scale=scale, rng=rng)
    rbm.visible_bias[:] = rng.normal(0.0, scale, n_visible)
    rbm.hidden_bias[:] = rng.normal(0.0, scale, n_hidden)
    return rbm


def check_rbm_free_energy(free_energy: Callable) -> None:
    """Check ``free_energy(v, W, a, b)``: F(v) = -aᵀv - Σ_j ln(1 + exp(b_j + vᵀW_j)) for each
    row of the 0/1 batch ``v``, an array of ``len(v)`` numbers."""
    name = "free_energy"
    check_function(free_energy, "free_energy(v, W, a, b)")
    rng = np.random.default_rng(82)
    cases = ((4, 3, 1.0), (6, 5, 2.0), (10, 8, 1.0), (64, 30, 60.0))  # last: fields of ~1000
    for n_visible, n_hidden, scale in cases:
        rbm = _rbm(n_visible, n_hidden, scale, rng)
        v = (rng.random((7, n_visible)) < 0.5).astype(np.int8)
        got = as_array(call(free_energy, name, v, rbm.weights, rbm.visible_bias,
                            rbm.hidden_bias), name, (len(v),)).astype(np.float64)
        expected = rbm.free_energy(v)
        if np.allclose(got, expected, rtol=1e-9, atol=1e-9):
            continue
        where = f"for {n_visible} visible and {n_hidden} hidden units"
        x = v @ rbm.weights + rbm.hidden_bias
        if not np.all(np.isfinite(got)):
            raise CheckFailed(f"{name} returned inf or nan {where}, where b_j + vᵀW_j reaches "
                              f"{np.abs(x).max():.0f}: exp overflows. ln(1 + e^x) is "
                              f"np.logaddexp(0, x), which never does.")
        if np.allclose(got, -expected, rtol=1e-9):
            raise CheckFailed(f"{name} has the wrong sign {where}: F = -ln Σ_h exp(-E), so "
                              f"likely images have a low free energy.")
        if np.allclose(got, expected + v @ rbm.visible_bias, rtol=1e-9):
            raise CheckFailed(f"{name} leaves out the visible bias term -aᵀv {where}.")
        if np.allclose(got, -v @ rbm.visible_bias - np.sum(np.maximum(x, 0.0), axis=1)):
            raise CheckFailed(f"{name} uses max(0, x) for ln(1 + e^x) {where}: close for large "
                              f"|x|, wrong near 0. Use np.logaddexp(0, x).")
        raise CheckFailed(f"{name} differs from -aᵀv - Σ_j ln(1 + exp(b_j + vᵀW_j)) by up to "
                          f"{np.abs(got - expected).max():.3g} {where}.")
    passed(name, len(cases))


def check_cd1_update(cd1_update: Callable) -> None:
    """Check ``cd1_update(W, a, b, v0, u_hidden, u_visible, learning_rate)``: one CD-1 step on
    the 0/1 batch ``v0``, returning the new ``(W, a, b)``.

    With the uniform numbers given: h0 = [u_hidden < P(h = 1 | v0)], v1 = [u_visible <
    P(v = 1 | h0)]; then W += learning_rate (v0ᵀ P(h = 1 | v0) - v1ᵀ P(h = 1 | v1)) / B,
    a += learning_rate · mean(v0 - v1), b += learning_rate · mean(P(h|v0) - P(h|v1)).
    """
    name = "cd1_update"
    check_function(cd1_update, "cd1_update(W, a, b, v0, u_hidden, u_visible, learning_rate)")
    rng = np.random.default_rng(83)
    cases = 0
    for n_visible, n_hidden, batch in ((4, 3, 1), (6, 4, 5), (16, 9, 20)):
        rbm = _rbm(n_visible, n_hidden, 1.0, rng)
        W, a, b = rbm.weights.copy(), rbm.visible_bias.copy(), rbm.hidden_bias.copy()
        v0 = (rng.random((batch, n_visible)) < 0.5).astype(np.int8)
        u_hidden, u_visible = rng.random((batch, n_hidden)), rng.random((batch, n_visible))
        rate = 0.1
        got = _pair(call(cd1_update, name, W, a, b, v0, u_hidden, u_visible, rate), name,
                    (W.shape, a.shape, b.shape))
        p0 = rbm.hidden_probabilities(v0)
        h0 = (u_hidden < p0).astype(np.float64)
        v1 = (u_visible < rbm.visible_probabilities(h0)).astype(np.float64)
        p1 = rbm.hidden_probabilities(v1)

        def update(positive, negative, v_negative, p_positive=p0, p_negative=p1):
            return (W + rate * (v0.T @ positive - v_negative.T @ negative) / batch,
                    a + rate * (v0 - v_negative).mean(axis=0),
                    b + rate * (p_positive - p_negative).mean(axis=0))

        expected = update(p0, p1, v1)
        cases += 1
        if all(np.allclose(g, e, atol=1e-10) for g, e in zip(got, expected)):
            continue
        where = f"for a batch of {batch} with {n_visible} visible and {n_hidden} hidden units"
        if np.allclose(got[0], 2 * W - expected[0], atol=1e-10):
            raise CheckFailed(f"the update has the wrong sign {where}: add data minus model, "
                              f"v0ᵀ P(h|v0) - v1ᵀ P(h|v1).")
        if np.allclose(got[0], update(h0, p1, v1)[0], atol=1e-10):
            raise CheckFailed(f"the weights use the sampled h0 in the positive term {where}: "
                              f"use the probabilities P(h = 1 | v0), which are exact there.")
        h1 = (u_hidden < p1).astype(np.float64)
        if np.allclose(got[0], update(p0, h1, v1)[0], atol=1e-10):
            raise CheckFailed(f"the weights use a sample of h1 {where}: use the probabilities "
                              f"P(h = 1 | v1) in the negative term, and no second draw.")
        pv1 = rbm.visible_probabilities(h0)
        p_pv1 = 1.0 / (1.0 + np.exp(-(pv1 @ W + b)))
        if np.allclose(got[0], update(p0, p_pv1, pv1)[0], atol=1e-10):
            raise CheckFailed(f"v1 is the probabilities P(v = 1 | h0), not a sample {where}: "
                              f"draw it, v1 = (u_visible < P(v = 1 | h0)).")
        h0_flipped = (u_hidden > p0).astype(np.float64)
        v1_flipped = (u_visible > rbm.visible_probabilities(h0_flipped)).astype(np.float64)
        if np.allclose(got[0], update(p0, rbm.hidden_probabilities(v1_flipped), v1_flipped)[0],
                       atol=1e-10):
            raise CheckFailed(f"a unit is on when u < P, not u > P {where}: with u uniform, "
                              f"u < P happens with probability P.")
        if batch > 1 and np.allclose(got[0], W + batch * (expected[0] - W), atol=1e-10):
            raise CheckFailed(f"the weight step is summed over the batch {where}: divide by the "
                              f"batch size B to average it.")
        if np.allclose(got[0], expected[0], atol=1e-10):
            raise CheckFailed(f"W is right but a or b is not {where}: a += rate · mean(v0 - v1), "
                              f"b += rate · mean(P(h|v0) - P(h|v1)), averaged over the batch.")
        raise CheckFailed(f"W differs from the CD-1 update by up to "
                          f"{np.abs(got[0] - expected[0]).max():.3g} {where}.")
    passed(name, cases)


def check_gaussian_couplings(couplings: Callable) -> None:
    """Check ``couplings(patterns, beta)``: the J with P(s) ∝ exp(½ sᵀJs) that integrating out
    the Gaussian hidden units of ``hopfield_as_rbm(patterns, beta=beta)`` leaves behind.

    Compares the distributions over every state, so any diagonal of J is accepted: for ±1
    units it adds only a constant.
    """
    name = "couplings"
    check_function(couplings, "couplings(patterns, beta)")
    rng = np.random.default_rng(84)
    cases = ((6, 1, 1.0), (8, 2, 2.5), (10, 3, 0.7))
    for n, p, beta in cases:
        patterns = random_patterns(p, n, rng=rng)
        got = as_array(call(couplings, name, patterns, beta), name, (n, n)).astype(np.float64)
        states = BoltzmannMachine(n).distribution()[0].astype(np.float64)
        log_rbm = -hopfield_as_rbm(patterns, beta=beta).free_energy(states)

        def matches(J):
            log_p = 0.5 * np.sum((states @ J) * states, axis=1)
            gap = (log_p - log_rbm) - np.mean(log_p - log_rbm)
            return np.allclose(gap, 0.0, atol=1e-9)

        if matches(got):
            continue
        hebb = patterns.T.astype(np.float64) @ patterns / n
        where = f"for p = {p} of N = {n} units at β = {beta}"
        for factor, hint in ((beta, "β is missing: the hidden units couple with "
                              "√(β/N), and the coupling enters squared"),
                             (np.sqrt(beta), "you have √β where the square of the "
                              "coupling √(β/N) gives β"),
                             (1.0 / n, "the 1/N is missing: (√(β/N))² = β/N"),
                             (0.5, "J is twice too large: exp(c²/2) with c = √(β/N) ξ·s is "
                              "already exp(½ sᵀJs) with J = (β/N) Σ ξ ξᵀ"),
                             (2.0, "J is half too small: exp(c²/2) gives exp(½ sᵀJs) with "
                              "J = (β/N) Σ ξ ξᵀ, and the ½ belongs outside J")):
            if matches(got * factor) and not np.isclose(factor, 1.0):
                raise CheckFailed(f"{name} gives the right shape of J but {hint} ({where}).")
        if matches(-got):
            raise CheckFailed(f"{name} has the wrong sign {where}: the marginal favours states "
                              f"that overlap the patterns, exp(+(β/2N) Σ (ξ·s)²).")
        raise CheckFailed(f"{name}'s P(s) ∝ exp(½ sᵀJs) differs from the RBM's marginal {where}; "
                          f"expected a multiple of Hebb's matrix Σ ξ ξᵀ, such as "
                          f"{beta:g} × {hebb[0, 1] * n:g}/N for J_01.")
    passed(name, len(cases))
