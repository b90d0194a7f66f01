"""Self-checks of Chapter 4: Storkey's rule, the pseudo-inverse, the bidirectional memory."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .._validate import check_function
from ..hetero import BidirectionalMemory
from ..hopfield import pseudoinverse, storkey
from ..patterns import flip, letters, overlap, random_patterns
from ._core import CheckFailed, as_array, call, passed

__all__ = ["check_storkey_update", "check_pseudoinverse", "check_bam_recall"]

def check_storkey_update(storkey_update: Callable) -> None:
    """Check ``storkey_update(W, xi)``: the weights after adding one pattern by Storkey's rule."""
    check_function(storkey_update, "storkey_update(W, xi)")
    name = "storkey_update"
    rng = np.random.default_rng(24)
    cases = 0
    for n, p in ((8, 1), (12, 3), (30, 6), (50, 10)):
        xi = random_patterns(p + 1, n, rng=rng)
        before = storkey(xi[:p]) if p else np.zeros((n, n))
        got = as_array(call(storkey_update, name, before, xi[p]), name, (n, n))
        expected = storkey(xi[:p + 1])
        cases += 1
        if np.allclose(got, expected, atol=1e-10):
            continue
        pattern = xi[p].astype(np.float64)
        h = before @ pattern
        simplified = before + (np.outer(pattern, pattern) - np.outer(pattern, h)
                               - np.outer(h, pattern)) / n
        np.fill_diagonal(simplified, 0.0)
        if np.allclose(got, simplified, atol=1e-10):
            raise CheckFailed("you used the full fields h_i; Storkey's h_ij = Σ_(k≠i,j) W_ik ξ_k "
                              "leaves out unit j as well: h_ij = h_i - W_ij ξ_j.")
        if not np.allclose(np.diag(got), 0):
            raise CheckFailed("the diagonal of the new weights is not zero: set W[i, i] = 0.")
        raise CheckFailed(f"after adding a pattern to {p} stored in {n} neurons your weights "
                          f"differ from Storkey's by up to {np.abs(got - expected).max():.3g}.")
    passed(name, cases)


def check_pseudoinverse(my_pseudoinverse: Callable) -> None:
    """Check ``my_pseudoinverse(patterns)``: W = Ξᵀ(ΞΞᵀ)⁻¹Ξ with a zero diagonal."""
    check_function(my_pseudoinverse, "my_pseudoinverse(patterns)")
    name = "pseudoinverse"
    cases = [random_patterns(p, n, rng=p * n) for p, n in ((1, 10), (5, 20), (19, 20))]
    cases.append(letters("HOPFIELD", size=10))  # correlated: the reason for the rule
    for xi in cases:
        n = xi.shape[1]
        got = as_array(call(my_pseudoinverse, name, xi), name, (n, n))
        expected = pseudoinverse(xi)
        if np.allclose(got, expected, atol=1e-8):
            continue
        if np.allclose(got - np.diag(np.diag(got)), expected, atol=1e-8):
            raise CheckFailed("remove the diagonal of the projection (np.fill_diagonal(W, 0)): "
                              "a unit must not drive itself.")
        raise CheckFailed(f"for {xi.shape[0]} patterns of {n} neurons your weights differ from "
                          f"Ξᵀ(ΞΞᵀ)⁻¹Ξ by up to {np.abs(got - expected).max():.3g}. With the "
                          f"patterns as rows, ΞΞᵀ is the small p × p matrix of their overlaps.")
    passed(name, len(cases))


def check_bam_recall(bam_recall: Callable) -> None:
    """Check ``bam_recall(W, x, max_steps)``: alternate y = sgn(W x), x = sgn(Wᵀ y) until
    neither changes; return the pair (x, y)."""
    check_function(bam_recall, "bam_recall(W, x, max_steps)")
    name = "bam_recall"
    rng = np.random.default_rng(25)
    cases = 0
    for n, m, p in ((31, 21, 3), (61, 41, 5), (101, 51, 7)):  # odd sizes: no field is ever 0
        inputs = random_patterns(p, n, rng=rng)
        outputs = random_patterns(p, m, rng=rng)
        memory = BidirectionalMemory(inputs, outputs)
        for k in range(p):
            cue = flip(inputs[k], 0.2, rng=rng)
            result = call(bam_recall, name, memory.weights, cue, 50)
            if not isinstance(result, tuple) or len(result) != 2:
                raise CheckFailed(f"{name} must return the pair: return x, y")
            x = as_array(result[0], name, (n,))
            y = as_array(result[1], name, (m,))
            expected = memory.recall(cue, max_steps=50)
            cases += 1
            if np.array_equal(x, expected.x) and np.array_equal(y, expected.y):
                continue
            if np.array_equal(y, expected.y):
                raise CheckFailed("your output layer y is right but x is not: after the last "
                                  "y, update x = sgn(Wᵀ y) once more, until neither changes.")
            raise CheckFailed(f"from a cue with 20 % noise your recall ends with overlap "
                              f"{overlap(y, outputs[k]):+.2f} with the stored output, the "
                              f"memory's own with {overlap(expected.y, outputs[k]):+.2f}. "
                              f"Forward is y = sgn(W x), backward x = sgn(Wᵀ y).")
    passed(name, cases)


# --- chapter 5: dense associative memory --------------------------------------------------------
