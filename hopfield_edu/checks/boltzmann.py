"""Self-checks of Chapter 8: the Boltzmann learning rule, an RBM's free energy, one CD-1
step, and the Hopfield couplings that Gaussian hidden units leave behind."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable

import numpy as np

from ..boltzmann import RBM, BoltzmannMachine, hopfield_as_rbm
from ..datasets import digits
from ..patterns import flip, random_patterns
from .._validate import check_array, check_function
from ._core import CheckFailed, as_array, as_prediction, call, passed

__all__ = ["check_boltzmann_gradient", "check_cd1_update", "check_gaussian_couplings",
           "check_rbm_free_energy",
           "check_cd_prediction", "check_gibbs_sampler", "check_hidden_variance_experiment"]


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


def check_cd_prediction(predicted) -> None:
    """Record a prediction of how many nats per test digit one epoch of CD-1 gains for an RBM
    of 64 visible and 12 hidden units (batches of 20, learning rate 0.05, no momentum), from
    the uniform -64 ln 2; then train one, and say how much of the gain the biases alone
    explain."""
    guess = as_prediction(predicted, "predicted", "a number of nats per image")
    images, _ = digits()
    v = (images + 1) // 2
    train, test = v[:1500], v[1500:]
    gains = []
    for seed in (81, 82, 83):
        rbm = RBM(64, 12, rng=seed)
        start = rbm.log_likelihood(test)
        rbm.fit(train, epochs=1, learning_rate=0.05, momentum=0.0, rng=seed)
        gains.append(rbm.log_likelihood(test) - start)
    gain, spread = float(np.mean(gains)), float(np.std(gains, ddof=1))
    ink = np.clip(train.mean(axis=0), 1 / len(train), 1 - 1 / len(train))
    independent = float(np.mean(test @ np.log(ink) + (1 - test) @ np.log(1 - ink))
                        + 64 * math.log(2))  # each pixel its own frequency, no hidden units
    if abs(guess - gain) <= max(2.0, 3 * spread):
        meaning = "within 2 nats"
    elif guess < gain:
        meaning = ("you expected less: most of it needs no hidden unit at all, only each "
                   "pixel's ink frequency in the visible biases, which CD-1 learns within an "
                   "epoch")
    else:
        meaning = ("you expected more: the hidden units model the correlations between "
                   "pixels, and one epoch of CD-1 has barely begun on them")
    print(f"✔ prediction recorded: you said {guess:+.1f} nats per image; one epoch gained "
          f"{gain:+.1f} (spread {spread:.1f} over three starts), and a model of independent "
          f"pixels, each with its own ink frequency, gains {independent:+.1f}: {meaning}.")


def _exact_visible(W, a, b) -> tuple[np.ndarray, np.ndarray]:
    """Every visible state of a small 0/1 RBM and its exact probability, hidden units summed."""
    states = np.array(list(itertools.product((0.0, 1.0), repeat=len(a))))
    log_weights = states @ a + np.logaddexp(0.0, states @ W + b).sum(axis=1)
    p = np.exp(log_weights - log_weights.max())
    return states, p / p.sum()


def check_gibbs_sampler(gibbs_step: Callable) -> None:
    """Check ``gibbs_step(v, W, a, b, rng)``: one sweep of block Gibbs sampling of a 0/1 RBM, a
    batch ``v`` of visible states (rows) to new visible states, through hidden states drawn
    from P(h | v). Judged as physics: 4000 chains of a tiny RBM must reproduce its exact
    visible distribution, within 4.5 binomial standard errors in every state's frequency."""
    check_function(gibbs_step, "gibbs_step(v, W, a, b, rng)")
    name = "gibbs_step"
    cases = 0
    for n_visible, n_hidden, scale, seed in ((3, 2, 3.0, 84), (4, 3, 2.0, 85)):
        rng = np.random.default_rng(seed)
        W = rng.normal(0.0, scale, (n_visible, n_hidden))
        a, b = rng.normal(0.0, 1.0, n_visible), rng.normal(0.0, 1.0, n_hidden)
        states, exact = _exact_visible(W, a, b)
        chains = 4000
        v = np.zeros((chains, n_visible))
        for _ in range(30):
            v = as_array(call(gibbs_step, name, v, W, a, b, rng), name, v.shape)
            if not np.all(np.isin(v, (0, 1))):
                raise CheckFailed(f"{name} returned values other than 0 and 1: draw each unit, "
                                  f"on when a uniform random number falls below its "
                                  f"probability; do not pass probabilities on.")
        index = (v @ (2 ** np.arange(n_visible)[::-1])).astype(int)
        frequency = np.bincount(index, minlength=len(states)) / chains
        error = np.sqrt(exact * (1 - exact) / chains)
        worst = int(np.argmax(np.abs(frequency - exact) / error))
        cases += 1
        if abs(frequency[worst] - exact[worst]) <= 4.5 * error[worst]:
            continue
        flipped = _exact_visible(-W, -a, -b)[1]
        if np.allclose(frequency, flipped, atol=5 * error.max()):
            hint = ("every sign is reversed: a unit is on with probability σ(x) = 1/(1 + e^(-x)) "
                    "of its input x, so with u uniform, on when u < σ(x), not u > σ(x).")
        else:
            hint = ("check the conditionals: P(h_j = 1 | v) = σ(b_j + Σ_i v_i W_ij) and "
                    "P(v_i = 1 | h) = σ(a_i + Σ_j W_ij h_j), with v drawn from the *sampled* h "
                    "(not from its probabilities) and the biases of the right layer.")
        raise CheckFailed(
            f"for an RBM of {n_visible} visible and {n_hidden} hidden units, after 30 sweeps of "
            f"{chains} chains, the visible state {states[worst].astype(int)} has frequency "
            f"{frequency[worst]:.3f}, but its exact probability is {exact[worst]:.3f} ± "
            f"{error[worst]:.3f}: a Gibbs sampler must reproduce the Boltzmann distribution. "
            f"{hint}")
    passed(name, cases)


def check_hidden_variance_experiment(estimate, sigma, c, samples) -> None:
    """Check a Monte Carlo test of the marginal of Gaussian hidden units of variance σ²:
    ``estimate`` is ln of the mean of exp(c·z) over ``samples`` draws of z ~ N(0, σ² I), whose
    exact value is σ²|c|²/2. The tolerance is four standard errors of the logarithm of the
    mean, √((e^(σ²|c|²) - 1) / samples), beside its bias -(e^(σ²|c|²) - 1) / (2 samples)."""
    c = check_array(c, "c", ndim=1, shape="(n_hidden,), one input per hidden unit")
    for value, label in ((estimate, "estimate"), (sigma, "sigma")):
        if isinstance(value, bool) or not isinstance(value, (int, float, np.integer,
                                                             np.floating)):
            raise CheckFailed(f"{label} must be a number; got {value!r}.")
    if isinstance(samples, bool) or not isinstance(samples, (int, np.integer)) or samples < 100:
        raise CheckFailed(f"samples must be a whole number of draws, at least 100; got "
                          f"{samples!r}.")
    if not sigma > 0:
        raise CheckFailed(f"sigma must be positive; got {sigma!r}.")
    s = float(sigma**2 * c @ c)
    exact = s / 2
    spread = math.expm1(s)
    error = math.sqrt(spread / samples)
    bias = -spread / (2 * samples)
    if error > 0.05:
        raise CheckFailed(
            f"at σ²|c|² = {s:.3g} the logarithm of a mean of {samples} draws of e^(c·z) has a "
            f"standard error of {error:.2g}: too wide to test anything. e^(c·z) is log-normal, "
            f"its mean set by rare large draws; take more draws (about "
            f"{math.ceil(spread / 0.05**2)}) or a smaller c or σ.")
    if abs(estimate - exact - bias) <= 4 * error:
        print(f"✔ hidden_variance_experiment: your estimate {estimate:.4f}; σ²|c|²/2 = "
              f"{exact:.4f} ± {error:.4f} for {samples} draws.")
        return
    def matches(s_other: float) -> bool:  # the estimate agrees with exp(c·z) at σ²|c|² = s_other
        spread_other = math.expm1(s_other)
        centre = s_other / 2 - spread_other / (2 * samples)
        return abs(estimate - centre) <= max(4 * math.sqrt(spread_other / samples),
                                             0.05 * s_other)

    if matches(sigma**4 * (c @ c)):
        hint = ("it matches σ⁴|c|²/2: did you draw z with standard deviation σ², not σ? "
                "(rng.standard_normal(...) * sigma has variance σ².)")
    elif matches(float(c @ c)):
        hint = "it matches |c|²/2, the unit-variance result: the draws must have variance σ²."
    elif abs(estimate - math.log(max(1e-300, 1 + s / 2))) <= 4 * error:
        hint = ("it matches ln(1 + σ²|c|²/2): average e^(c·z) first and take the logarithm "
                "after, not the other way round.")
    elif abs(estimate) <= 4 * error:
        hint = ("it matches 0, the mean of c·z: average e^(c·z), not c·z, and take the "
                "logarithm of that mean.")
    else:
        hint = ("∫ dz e^(-z²/2σ² + c·z) / ∫ dz e^(-z²/2σ²) is the mean of e^(c·z) over "
                "z ~ N(0, σ²): estimate that mean, then take its logarithm.")
    raise CheckFailed(f"for σ = {sigma:g} and |c|² = {c @ c:.4g} the exact value is σ²|c|²/2 = "
                      f"{exact:.4f} ± {error:.4f} for {samples} draws; yours is "
                      f"{estimate:.4f}: {hint}")
