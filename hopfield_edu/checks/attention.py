"""Self-checks of Chapter 7: attention from the update, attended patterns, classifying by retrieval."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .._validate import check_function
from ..attention import attention
from ..patterns import letters
from ._core import CheckFailed, as_array, as_number, call, passed

__all__ = ["check_attention_from_update", "check_attended_patterns", "check_retrieval_classifier"]

def check_attention_from_update(head: Callable) -> None:
    """Check ``head(Q, K, V)``: attention computed as one Hopfield update with β = 1/√d_k."""
    check_function(head, "head(Q, K, V)")
    name = "head"
    rng = np.random.default_rng(30)
    cases = 0
    for n_q, n_k, d_k, d_v in ((1, 5, 4, 3), (6, 50, 16, 8), (20, 300, 64, 10)):
        Q, K, V = rng.normal(size=(n_q, d_k)), rng.normal(size=(n_k, d_k)), rng.normal(size=(n_k, d_v))
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


def check_attended_patterns(attended: Callable) -> None:
    """Check ``attended(p)``: the effective number of patterns 1 / Σ p_i² of softmax weights."""
    check_function(attended, "attended(p)")
    name = "attended"
    rng = np.random.default_rng(31)
    cases = [np.full(10, 0.1), np.eye(1, 8)[0], np.array([0.5, 0.5, 0.0])]
    cases += [(lambda w: w / w.sum())(rng.random(n)) for n in (5, 50)]
    for p in cases:
        got = as_number(call(attended, name, p), name)
        expected = 1.0 / np.sum(p**2)
        if not np.isclose(got, expected):
            raise CheckFailed(f"for weights {np.round(p[:4], 3).tolist()}… the effective number is "
                              f"1/Σp² = {expected:.4g}, yours is {got:.4g}: uniform weights over "
                              f"n patterns give n, one weight of 1 gives 1.")
    passed(name, len(cases))


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
