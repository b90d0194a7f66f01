"""Self-checks of Chapter 6: Storkey's rule, the pseudo-inverse, the bidirectional memory."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from .._validate import check_function
from ..hetero import BidirectionalMemory
from ..hopfield import hebbian, pseudoinverse, storkey
from ..patterns import flip, letters, overlap, random_patterns
from ._core import CheckFailed, as_array, call, passed, real_number, refuse

__all__ = ["check_storkey_update", "check_pseudoinverse", "check_bam_recall",
           "check_projector_stability", "check_rule_stabilities", "check_rules_prediction"]

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


# --- chapter 9: dense associative memory --------------------------------------------------------


# --- derivation and prediction (issue 22) --------------------------------------------------------

def check_projector_stability(stability) -> None:
    """Check ``stability``: ξ_i h_i at every unit of a stored pattern, for p = 16 mutually
    orthogonal patterns of N = 64 units stored by the pseudo-inverse rule with its diagonal
    removed. W is the projector onto their span, W_ii = p/N, so ξ_i h_i = 1 - p/N = 0.75."""
    value = real_number(stability, "stability")
    if math.isclose(value, 0.75, abs_tol=1e-9):
        print("✔ projector_stability: W ξ = ξ before the diagonal goes, and removing W_ii = p/N "
              "leaves ξ_i h_i = 1 - p/N = 0.75 > 0: every pattern stays a fixed point while "
              "p < N, but with a margin that shrinks to 0 as p → N.")
        return
    wrong = [(1.0, "that is with the diagonal kept: W ξ = ξ exactly for a projector; removing "
                   "W_ii takes W_ii ξ_i from h_i."),
             (0.25, "that is W_ii = p/N itself; the stability is what remains of 1 after it is "
                    "removed."),
             (1 - 16 / 63, "W_ii = p/N for a projector onto p orthogonal directions: trace p "
                           "spread evenly over N = 64 units, not N - 1."),
             (-0.75, "check the sign: W ξ = ξ, so the field points along the pattern.")]
    refuse(f"stability = {value:g}", value, wrong,
           "For orthogonal patterns ΞΞᵀ = N I, so the "
           "pseudo-inverse W = Ξᵀ(ΞΞᵀ)⁻¹Ξ is ΞᵀΞ/N; find W ξ^μ and W_ii.", abs_tol=1e-6)


_RULES_TEXT = "ABCDEFGHIJ"
_RULES = {"hebbian": hebbian, "storkey": storkey, "pseudoinverse": pseudoinverse}


def check_rules_prediction(prediction) -> None:
    """Check ``prediction``, a dict {rule: count} for "hebbian", "storkey" and "pseudoinverse":
    how many of the ten letters A-J (256 units) are fixed points when the rule stores them.
    Recorded, then measured; any counts from 0 to 10 pass, and the check says what each gap
    means."""
    if not isinstance(prediction, dict) or set(prediction) != set(_RULES):
        raise CheckFailed(f"prediction must be a dict with a count for each rule, "
                          f"{{'hebbian': ..., 'storkey': ..., 'pseudoinverse': ...}}; got "
                          f"{prediction!r}.")
    total = len(_RULES_TEXT)
    said = {}
    for rule in _RULES:
        value = real_number(prediction[rule], f"prediction[{rule!r}]")
        if value != int(value) or not 0 <= value <= total:
            raise CheckFailed(f"prediction[{rule!r}] = {value:g}: a count of letters, a whole "
                              f"number from 0 to {total}.")
        said[rule] = int(value)
    xi = letters(_RULES_TEXT)
    measured = {}
    for rule, weights in _RULES.items():
        h = xi.astype(np.float64) @ weights(xi)
        measured[rule] = int(np.sum(np.all((h * xi > 0) | (h == 0), axis=1)))
    notes = []
    if said["pseudoinverse"] != measured["pseudoinverse"]:
        notes.append("the pseudo-inverse makes every linearly independent set of p < N patterns "
                     "fixed points, correlated or not")
    if said["hebbian"] > measured["hebbian"]:
        notes.append("Hebb's crosstalk from correlated letters is a bias that a load of 0.04 "
                     "does not make small")
    if said["storkey"] != measured["storkey"]:
        notes.append("Storkey's rule subtracts the fields of the patterns already stored, which "
                     "removes much, not all, of the letters' correlation")
    shown = ", ".join(f"{rule} {said[rule]} → {measured[rule]}" for rule in _RULES)
    print(f"✔ rules_prediction recorded (you said → measured, of {total}): {shown}; "
          f"{'; '.join(notes) if notes else 'all three right'}.")


_STABILITY_POINTS, _STABILITY_NETWORKS = ((64, 16), (100, 60)), 6


def check_rule_stabilities(stabilities: Callable) -> None:
    """Check ``stabilities(rule, n_neurons, n_patterns, rng)``, an experiment that compares two
    rules: the stabilities ξ^μ_i h_i of every bit of p random patterns stored in one network by
    ``rule`` ("hebbian" or "pseudoinverse", zero diagonal). Theory, exact at every N: under the
    pseudo-inverse their mean is 1 - p/N in every network (the diagonal of a projector sums to
    p) and none is negative; under Hebb their mean over networks is (N - 1)/N, judged within 4
    standard errors of the spread of 6 networks."""
    check_function(stabilities, "stabilities(rule, n_neurons, n_patterns, rng)")
    name = "stabilities"
    rng = np.random.default_rng(66)
    shown = []
    for n, p in _STABILITY_POINTS:
        means, worst = {}, {}
        for rule in ("hebbian", "pseudoinverse"):
            values = []
            for _ in range(_STABILITY_NETWORKS):
                got = np.asarray(call(stabilities, name, rule, n, p, rng), dtype=np.float64)
                if got.size != n * p:
                    raise CheckFailed(f"{name}({rule!r}, {n}, {p}) returned {got.size} values; "
                                      f"return ξ^μ_i h_i for all N·p = {n * p} bits.")
                values.append(got.ravel())
            values = np.array(values)
            means[rule], worst[rule] = values.mean(axis=1), float(values.min())
        where = f"at N = {n}, p = {p}"
        pinv, hebb = means["pseudoinverse"], means["hebbian"]
        if not np.allclose(pinv, 1 - p / n, atol=1e-9):
            hint = (" Removing the diagonal takes W_ii = p/N (on average) from each stability; "
                    "yours look like a kept diagonal." if np.allclose(pinv, 1.0) else
                    " Multiply each field by its pattern bit: ξ^μ_i h_i, not h_i."
                    if abs(pinv.mean()) < 0.2 else "")
            raise CheckFailed(f"{where} the pseudo-inverse's mean stabilities are "
                              f"{np.round(pinv, 4).tolist()}; in every network they must equal "
                              f"1 - p/N = {1 - p / n:.4f}.{hint}")
        if worst["pseudoinverse"] <= 0:
            raise CheckFailed(f"{where} a pseudo-inverse stability is {worst['pseudoinverse']:.3g}"
                              f" ≤ 0; with the diagonal removed each is 1 - W_ii > 0.")
        error = hebb.std(ddof=1) / math.sqrt(hebb.size)
        if abs(hebb.mean() - (n - 1) / n) > 4 * error + 1e-12:
            ratio = hebb.mean() / ((n - 1) / n)
            hint = ("a kept diagonal adds p/N to every stability." if
                    math.isclose(hebb.mean(), (n - 1 + p) / n, rel_tol=0.02) else
                    "divide the Hebbian sum by N, not by p." if math.isclose(ratio, n / p, rel_tol=0.1)
                    else "multiply each field by its pattern bit." if abs(hebb.mean()) < 0.2 else
                    "W = (1/N) Σ_μ ξ^μ ξ^μᵀ with W_ii = 0.")
            raise CheckFailed(f"{where} the Hebbian stabilities average {hebb.mean():.4f} ± "
                              f"{error:.4f}; theory (N - 1)/N = {(n - 1) / n:.4f}: {hint}")
        shown.append(f"N = {n}, p = {p}: Hebb {hebb.mean():.3f} ± {error:.3f} (lowest "
                     f"{worst['hebbian']:+.2f}), pseudo-inverse {1 - p / n:.3f} (lowest "
                     f"{worst['pseudoinverse']:+.2f})")
    print(f"✔ rule_stabilities: {'; '.join(shown)}: Hebb keeps the larger mean, the pseudo-inverse "
          f"the only guarantee, every bit stable.")
