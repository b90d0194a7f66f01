"""Self-checks of the attention chapter: attention from the update, linear attention as fast
weights, its crosstalk, a prediction of softmax attention's capacity, the spread of a random
head, the gradient of softmax pooling, classifying by retrieval."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from .._validate import check_array, check_function
from ..transformer import attention, in_context_recall, linear_attention
from ..patterns import letters
from ..theory import linear_recall_error, random_head_spread
from ._core import CheckFailed, as_array, as_number, as_prediction, call, passed

__all__ = ["check_attention_from_update", "check_capacity_prediction", "check_crosstalk_error",
           "check_fast_weights", "check_pooling_gradient", "check_random_head_spread",
           "check_retrieval_classifier", "check_score_scale", "check_crosstalk_experiment"]

#: The context the capacity prediction is about: keys and values of this many ±1 components.
PREDICTION_DIM = 16


def check_attention_from_update(head: Callable) -> None:
    """Check ``head(Q, K, V)``: attention computed as one Hopfield update with β = 1/√d_k."""
    check_function(head, "head(Q, K, V)")
    name = "head"
    rng = np.random.default_rng(30)
    cases = 0
    for n_q, n_k, d_k, d_v in ((1, 5, 4, 3), (6, 50, 16, 8), (20, 300, 64, 10)):
        Q, K = rng.normal(size=(n_q, d_k)), rng.normal(size=(n_k, d_k))
        V = rng.normal(size=(n_k, d_v))
        got = as_array(call(head, name, Q, K, V), name, (n_q, d_v))
        expected = attention(Q, K, V)
        cases += 1
        if np.allclose(got, expected, atol=1e-10):
            continue
        if np.allclose(got, attention(Q, K, V, scale=1.0), atol=1e-10):
            raise CheckFailed(f"use β = 1/√d_k = {1 / np.sqrt(d_k):.4g}, not 1.")
        raise CheckFailed(f"for {n_q} queries and {n_k} keys of width {d_k} your head differs "
                          f"from softmax(Q Kᵀ/√d_k) V by up to {np.abs(got - expected).max():.3g}. "
                          f"The keys are the stored patterns; read the weights out through V.")
    passed(name, cases)


def check_fast_weights(write: Callable, read: Callable) -> None:
    """Check ``write(W, k, v)`` (the memory after storing the pair k → v) and ``read(W, q)``:
    fed a context one pair at a time, from ``W = np.zeros((d_v, d_k))``, they must answer every
    query as linear attention over the pairs written so far does."""
    check_function(write, "write(W, k, v)")
    check_function(read, "read(W, q)")
    rng = np.random.default_rng(33)
    cases = 0
    for d_k, d_v, n in ((3, 5, 4), (8, 2, 10), (6, 6, 7)):
        K, V, Q = rng.normal(size=(n, d_k)), rng.normal(size=(n, d_v)), rng.normal(size=(n, d_k))
        W = np.zeros((d_v, d_k))
        for t in range(n):
            W = np.asarray(call(write, "write", W, K[t], V[t]))
            if W.shape == (d_k, d_v) != (d_v, d_k):
                raise CheckFailed(f"write returned shape {W.shape}; W maps a key (width {d_k}) "
                                  f"to a value (width {d_v}), so it is v kᵀ, shape (d_v, d_k).")
            W = as_array(W, "write", (d_v, d_k))
            answer = as_array(call(read, "read", W, Q[t]), "read", (d_v,))
            expected = linear_attention(Q[t:t + 1], K[:t + 1], V[:t + 1])[0]
            cases += 1
            if np.allclose(answer, expected, rtol=1e-9, atol=1e-9):
                continue
            if t > 0 and np.allclose(answer, linear_attention(Q[t:t + 1], K[t:t + 1],
                                                              V[t:t + 1])[0], atol=1e-9):
                raise CheckFailed("after the second pair your memory knows only the last one: "
                                  "write must add v kᵀ to W, not replace W.")
            raise CheckFailed(f"after {t + 1} pairs (keys of width {d_k}, values of width {d_v}) "
                              f"read(W, q) differs from linear attention, Σ (q·k) v, by up to "
                              f"{np.abs(answer - expected).max():.3g}. W maps a key to a value: "
                              f"store v kᵀ, shape (d_v, d_k), and read W q.")
    print(f"✔ write, read: answer as linear attention does after each of {cases} pairs.")


def check_crosstalk_error(crosstalk_error: Callable) -> None:
    """Check ``crosstalk_error(n_pairs, dim)``: the chance that linear attention, asked for the
    value of one of ``n_pairs`` random ±1 pairs of ``dim`` components, gets a bit wrong."""
    check_function(crosstalk_error, "crosstalk_error(n_pairs, dim)")
    name = "crosstalk_error"
    cases = [(2, 16), (4, 16), (8, 32), (20, 64), (100, 64), (1000, 256)]
    for n, d in cases:
        got = as_number(call(crosstalk_error, name, n, d), name)
        expected = linear_recall_error(n, d)
        if math.isclose(got, expected, rel_tol=1e-6, abs_tol=1e-12):
            continue
        hint = "the crosstalk is a sum of random ±1 terms: how many, and what is its variance?"
        if math.isclose(got, linear_recall_error(n + 1, d), rel_tol=1e-6):
            hint = ("the query's own pair is the signal: only the other n - 1 pairs add "
                    "crosstalk.")
        elif math.isclose(got, 2 * expected, rel_tol=1e-6):
            hint = ("crosstalk that points the same way as the signal does no harm: only half "
                    "of the tail counts.")
        elif math.isclose(got, 0.5 * math.erfc(math.sqrt(d / (n - 1))), rel_tol=1e-6):
            hint = ("P(Z > x) for a standard Gaussian Z is ½ erfc(x/√2): divide by √2 after "
                    "dividing the signal by the crosstalk's standard deviation.")
        raise CheckFailed(f"for {n} pairs of {d} components the error is {expected:.4g}, yours "
                          f"is {got:.4g}: {hint}")
    passed(name, len(cases))


def _crossing(ns, errors, level: float) -> float:
    """Where ``errors`` (rising with ``ns``) first passes ``level``, interpolated in log n."""
    above = int(np.argmax(np.asarray(errors) > level))
    low, high = ns[above - 1], ns[above]
    fraction = (level - errors[above - 1]) / (errors[above] - errors[above - 1])
    return float(np.exp(np.log(low) + fraction * (np.log(high) - np.log(low))))


def check_capacity_prediction(predicted) -> None:
    """Record a prediction of how many key-value pairs softmax attention recalls at d = 16
    (±1 keys and values, β = 1/√d, at most 1 % of bits wrong), then reveal the measurement."""
    name = "predicted"
    predicted = as_prediction(predicted, name, "a number of pairs", 1)
    d = PREDICTION_DIM
    ns = np.unique(np.round(2 ** (np.arange(4, 48) / 4)).astype(int))
    errors = []
    for n in ns:  # one seed, so that the answer is the same every time
        errors.append(in_context_recall(int(n), d, trials=100, rng=34).softmax.mean())
        if errors[-1] > 0.02:
            break
    softmax = _crossing(ns[:len(errors)], errors, 0.01)
    linear = 1 + d / (2 * _erfc_inverse(0.02) ** 2)  # where ½ erfc(√(d / 2(n - 1))) = 1 %
    factor = max(predicted / softmax, softmax / predicted)
    print(f"✔ {name}: you said {predicted:.4g} pairs; softmax attention at d = {d} holds about "
          f"{softmax:.0f} with at most 1 % of bits wrong (linear attention: {linear:.1f}), "
          f"so you were within a factor of {factor:.1f}.")


def _erfc_inverse(y: float) -> float:
    """x with erfc(x) = y, by bisection (erfc falls from 2 to 0)."""
    low, high = -10.0, 10.0
    for _ in range(200):
        middle = 0.5 * (low + high)
        low, high = (middle, high) if math.erfc(middle) > y else (low, middle)
    return 0.5 * (low + high)


def check_random_head_spread(spread_fraction: Callable) -> None:
    """Check ``spread_fraction(c, mass)``: the fraction of many tokens holding ``mass`` of the
    softmax weights when the scores are independent N(0, c²)."""
    check_function(spread_fraction, "spread_fraction(c, mass)")
    name = "spread_fraction"
    cases = [(0.0, 0.9), (1.0, 0.9), (0.5, 0.5), (2.0, 0.9), (3.0, 0.99), (1.5, 0.7)]
    for c, mass in cases:
        got = as_number(call(spread_fraction, name, c, mass), name)
        expected = random_head_spread(c, mass=mass)
        if math.isclose(got, expected, rel_tol=1e-6, abs_tol=1e-9):
            continue
        hint = ("the weight e^s tilts N(0, c²) into N(c², c²): find the threshold above which "
                "the tilted scores hold the mass, then the share of untilted scores above it.")
        if c > 0 and math.isclose(got, random_head_spread(0.0, mass=mass), rel_tol=1e-6):
            hint = ("yours does not depend on c: the largest scores carry more than their share "
                    "of the weight.")
        elif math.isclose(got, 1 - random_head_spread(c, mass=1 - mass), rel_tol=1e-6):
            hint = ("yours grows with c; larger scores concentrate the weight, so fewer tokens "
                    "are needed: check the sign of the shift.")
        raise CheckFailed(f"for c = {c:g} and mass {mass:g} the fraction is {expected:.4g}, "
                          f"yours is {got:.4g}: {hint}")
    passed(name, len(cases))


def _pooled(X, q, beta, u) -> float:
    """uᵀ Xᵀ softmax(β X q): softmax pooling read out along u."""
    return float(u @ (X.T @ attention(q[None], X, np.eye(len(X)), scale=beta)[0]))


def check_pooling_gradient(pooling_gradient: Callable) -> None:
    """Check ``pooling_gradient(X, q, beta, u)``: the gradient with respect to the query q of
    z = uᵀ Xᵀ softmax(β X q), held to central finite differences."""
    check_function(pooling_gradient, "pooling_gradient(X, q, beta, u)")
    name = "pooling_gradient"
    rng = np.random.default_rng(35)
    cases = 0
    for n, d, beta in ((3, 2, 1.0), (10, 16, 0.3), (40, 64, 0.05)):
        X, q, u = rng.normal(size=(n, d)), rng.normal(size=d), rng.normal(size=d)
        got = as_array(call(pooling_gradient, name, X, q, beta, u), name, (d,))
        h = 1e-6
        numeric = np.array([(_pooled(X, q + h * e, beta, u) - _pooled(X, q - h * e, beta, u))
                            / (2 * h) for e in np.eye(d)])
        cases += 1
        scale = np.linalg.norm(numeric)
        if np.linalg.norm(got - numeric) <= 1e-6 * scale + 1e-10:
            continue
        p = attention(q[None], X, np.eye(n), scale=beta)[0]
        r = X @ u
        if np.linalg.norm(got * beta - numeric) <= 1e-5 * scale:
            hint = "the scores are β X q: the chain rule brings down a factor β."
        elif np.allclose(got, beta * X.T @ (p * r), rtol=1e-6):
            hint = ("raising one score also lowers every other weight, since they sum to 1: "
                    "subtract the average read-out Σ p_j r_j from each r_i.")
        elif np.linalg.norm(got + numeric) <= 1e-5 * scale:
            hint = "your gradient points the wrong way: check the sign."
        else:
            hint = ("differentiate z = Σ_i p_i r_i with r = X u and p = softmax(β X q), "
                    "then compare with finite differences yourself.")
        raise CheckFailed(f"for {n} instances of width {d} at β = {beta:g} your gradient "
                          f"differs from finite differences by {np.linalg.norm(got - numeric):.3g}"
                          f" (its length is {scale:.3g}): {hint}")
    passed(name, cases)


def check_retrieval_classifier(classify: Callable) -> None:
    """Check ``classify(images, labels, queries, beta)``: the label index of each query, read off
    the one-hot labels retrieved with one update (keys: images, values: one-hot labels)."""
    check_function(classify, "classify(images, labels, queries, beta)")
    name = "classify"
    rng = np.random.default_rng(32)
    images = letters("ABCDEFGHIJ").astype(np.float64)
    labels = np.arange(10)
    queries = np.repeat(images, 5, axis=0) * np.where(rng.random((50, 256)) < 0.25, -1, 1)
    truth = np.repeat(labels, 5)
    got = as_array(call(classify, name, images, labels, queries, 0.1), name, (50,))
    expected = attention(queries, images, np.eye(10), scale=0.1).argmax(axis=1)
    if not np.array_equal(got, expected):
        raise CheckFailed(f"your labels agree with retrieval on {np.mean(got == expected):.0%} "
                          f"of 50 noisy letters. Retrieve one-hot labels with "
                          f"softmax(β queries · imagesᵀ) and take the largest entry.")
    print(f"✔ {name}: classifies 50 noisy letters as retrieval does "
          f"({np.mean(got == truth):.0%} correct).")


def check_score_scale(score_scale: Callable) -> None:
    """Check ``score_scale(d_k, sigma_q, sigma_k)``: the factor that gives the score q·k of a
    query and a key with independent, mean-zero components of standard deviations σ_q and σ_k
    a variance of 1, 1/(σ_q σ_k √d_k)."""
    check_function(score_scale, "score_scale(d_k, sigma_q, sigma_k)")
    name = "score_scale"
    cases = [(64, 1.0, 1.0), (16, 2.0, 1.0), (128, 0.5, 3.0), (1, 1.0, 0.1), (512, 1.5, 1.5)]
    got = [as_number(call(score_scale, name, *case), name) for case in cases]
    expected = [1.0 / (sq * sk * math.sqrt(d)) for d, sq, sk in cases]
    if all(math.isclose(g, e, rel_tol=1e-9) for g, e in zip(got, expected)):
        passed(name, len(cases))
        return
    mistakes = [
        (lambda d, sq, sk: 1.0 / math.sqrt(d),
         "you have the √d_k right but not the widths: each product q_i k_i has variance "
         "σ_q² σ_k², not 1."),
        (lambda d, sq, sk: 1.0 / (sq * sk * d),
         "that scales the variance, not the standard deviation: Var(c q·k) = c² d_k σ_q² σ_k², "
         "so c goes as 1/√d_k. (With 1/d_k the scores shrink as d_k grows, and every head "
         "starts out averaging.)"),
        (lambda d, sq, sk: 1.0 / (sq**2 * sk**2 * math.sqrt(d)),
         "divide by the standard deviations σ_q σ_k, not by the variances."),
        (lambda d, sq, sk: 1.0 / (d * sq**2 * sk**2),
         "you returned 1/Var(q·k) = 1/(d_k σ_q² σ_k²), the square of the factor; take its "
         "root."),
    ]
    hint = ("q·k is a sum of d_k independent products q_i k_i of mean 0 and variance σ_q² σ_k²: "
            "add the variances, then choose c so that c² times the sum is 1.")
    for formula, words in mistakes:
        if all(math.isclose(g, formula(*case), rel_tol=1e-9) for g, case in zip(got, cases)):
            hint = words
            break
    k = next(k for k, (g, e) in enumerate(zip(got, expected)) if not math.isclose(g, e,
                                                                                rel_tol=1e-9))
    d, sq, sk = cases[k]
    raise CheckFailed(f"for d_k = {d}, σ_q = {sq}, σ_k = {sk} the scale is {expected[k]:.6g}; "
                      f"yours is {got[k]:.6g}: {hint}")


def _exact_linear_error(n_pairs: int, dim: int, tie: float = 0.5) -> float:
    """The exact chance that linear attention gets a bit wrong, a zero answer counting ``tie``:
    the crosstalk is a sum of M = (n - 1) d independent ±1 terms, S = 2B - M with B binomial."""
    terms = (n_pairs - 1) * dim
    log_half = terms * math.log(0.5)
    error = 0.0
    for b in range(terms + 1):
        s = 2 * b - terms
        if s >= dim:
            weight = math.exp(math.lgamma(terms + 1) - math.lgamma(b + 1)
                              - math.lgamma(terms - b + 1) + log_half)
            error += weight * (tie if s == dim else 1.0)
    return error


def check_crosstalk_experiment(n_pairs, dim, rates) -> None:
    """Check a measurement of linear attention's bit error: ``rates[c]``, the fraction of bits
    wrong (a zero answer counting half) in random context ``c`` of ``n_pairs`` ±1 key-value
    pairs of ``dim`` components, queried with its own keys. The contexts are the independent
    samples (bits and queries of one context share its keys), so the error bar is the spread
    of ``rates`` over √(contexts); the measurement passes within 3.5 error bars of the exact
    rate, a binomial sum."""
    for value, label, low in ((n_pairs, "n_pairs", 2), (dim, "dim", 1)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
            raise CheckFailed(f"{label} must be a whole number, at least {low}; got {value!r}.")
    n, d = int(n_pairs), int(dim)
    if n * d > 20000:
        raise CheckFailed(f"n_pairs × dim = {n * d}: keep the context below 20000 numbers, so "
                          f"that the experiment and this check stay quick.")
    rates = check_array(rates, "rates", ndim=1, shape="(contexts,), one error rate per context")
    if rates.size < 10 or np.any((rates < 0) | (rates > 1)):
        raise CheckFailed(f"rates must hold one fraction of wrong bits, between 0 and 1, for "
                          f"each of at least 10 contexts; got {rates.size} values from "
                          f"{rates.min():g} to {rates.max():g}.")
    exact = _exact_linear_error(n, d)
    gaussian = float(linear_recall_error(n, d))
    rate = float(rates.mean())
    error_bar = float(rates.std(ddof=1) / math.sqrt(rates.size))
    expected_errors = exact * n * n * d * rates.size
    if expected_errors < 100 or error_bar > 0.1 * max(rate, exact):
        raise CheckFailed(
            f"your {rates.size} contexts give {rate:.4g} ± {error_bar:.2g}, from about "
            f"{expected_errors:.0f} wrong bits if the rate is the exact {exact:.3g}: that "
            f"cannot tell a right measurement from a wrong one. Measure more contexts (an error "
            f"bar below a tenth of the rate), or choose n_pairs and dim with a larger rate.")
    if abs(rate - exact) <= 3.5 * error_bar:
        print(f"✔ crosstalk_experiment: you measured {rate:.4f} ± {error_bar:.4f}; exactly, "
              f"{exact:.4f} (the Gaussian estimate of exercise 3 says {gaussian:.4f}).")
        return
    if abs(rate - _exact_linear_error(n, d, tie=1.0)) <= 3.5 * error_bar:
        hint = ("it matches a zero answer counted as a whole error: count it as half, as if a "
                "coin chose its sign (the tie rule).")
    elif abs(rate - _exact_linear_error(n + 1, d)) <= 3.5 * error_bar:
        hint = ("it matches a context of one more pair: did the context hold n_pairs besides "
                "the one asked about?")
    elif rate < exact / 3:
        hint = ("far too few errors for linear attention: softmax attention, or a context "
                "with fewer pairs, would give this.")
    elif rate > 2 * exact:
        hint = ("far too many: count bits, not queries (a query with one wrong bit of d is "
                "not d wrong bits), and count an answer of exactly 0 as half an error.")
    else:
        hint = ("the right order, but outside the error bar: check that keys and values are "
                "random ±1 and that each context is queried with its own keys.")
    raise CheckFailed(f"for {n} pairs of {d} components the bit error is exactly {exact:.4f}; "
                      f"you measured {rate:.4f} ± {error_bar:.4f}: {hint}")
