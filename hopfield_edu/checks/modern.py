"""Self-checks of Chapter 11: the softmax and log-sum-exp, the modern update and energy."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .._validate import check_array, check_function
from ..modern import ModernHopfield
from ..patterns import ALPHABET, letters
from ._core import CheckFailed, as_array, as_number, as_prediction, call, passed

__all__ = ["check_softmax_lse", "check_modern_update", "check_modern_energy", "check_split_beta",
           "check_letter_split_prediction", "check_split_experiment", "check_modern_descent"]

def _stable_softmax_lse(z: np.ndarray, beta: float) -> tuple[np.ndarray, float]:
    top = np.max(beta * z)
    weights = np.exp(beta * z - top)
    return weights / weights.sum(), float((top + np.log(weights.sum())) / beta)


def _report(name: str, faults: list[str]) -> None:
    """Raise one hint naming every distinct fault found, in the order found."""
    faults = list(dict.fromkeys(faults))
    if len(faults) == 1:
        raise CheckFailed(faults[0])
    if faults:
        listed = " ".join(f"({k}) {fault}" for k, fault in enumerate(faults, start=1))
        raise CheckFailed(f"{name} has {len(faults)} separate mistakes. {listed}")


def check_softmax_lse(softmax_lse: Callable) -> None:
    """Check ``softmax_lse(z, beta)``: softmax(β z) and lse(β, z) = β⁻¹ ln Σ exp(β z), stable for
    large β z.

    Every fault that the cases tell apart is named, not only the first."""
    check_function(softmax_lse, "softmax_lse(z, beta)")
    name = "softmax_lse"
    rng = np.random.default_rng(28)
    cases = [(rng.normal(size=7), 1.0), (rng.normal(size=30) * 30, 10.0),
             (np.array([1000.0, 999.0, -1000.0]), 5.0),
             (np.array([-800.0, -801.0]), 1.0)]
    faults = []
    for z, beta in cases:
        result = call(softmax_lse, name, z, beta)
        if not isinstance(result, tuple) or len(result) != 2:
            raise CheckFailed(f"{name} must return two things: return p, lse")
        with np.errstate(all="ignore"):
            p = as_array(result[0], name, z.shape).astype(np.float64)
            lse = as_number(result[1], name)
        expected_p, expected_lse = _stable_softmax_lse(z, beta)
        top = np.max(beta * z)
        if not (np.all(np.isfinite(p)) and np.isfinite(lse)):
            # one message per kind, whatever the case's numbers, so that each is named once
            if top > 0:
                faults.append(f"{name} overflowed for large β z (exp(β z) is infinite beyond "
                              f"β z ≈ 709): subtract the largest β z before exponentiating, "
                              f"and add it back to the logarithm.")
            else:
                faults.append(f"{name} underflowed for β z far below zero (every exp(β z) "
                              f"is 0 below β z ≈ -745, and 0 / 0 is NaN): subtract the largest "
                              f"β z before exponentiating, and add it back to the logarithm.")
            continue
        unit_p, unit_lse = _stable_softmax_lse(z, 1.0)
        if not np.allclose(p, expected_p, atol=1e-12):
            if beta != 1 and np.allclose(p, unit_p, atol=1e-12):
                faults.append("the softmax weights are those of β = 1, not of the β given: "
                              "multiply z by β before the exponential.")
            elif np.isclose(p.sum(), 1.0):
                faults.append(f"the softmax weights are wrong for β = {beta}; they must be "
                              f"exp(β z_i) / Σ_j exp(β z_j).")
            else:
                faults.append(f"the softmax weights sum to {p.sum():.4g} for β = {beta}, not to "
                              f"1: divide exp(β z_i) by Σ_j exp(β z_j).")
        if not np.isclose(lse, expected_lse, rtol=1e-12, atol=1e-12):
            if beta != 1 and np.isclose(lse, beta * expected_lse, rtol=1e-9):
                faults.append("the log-sum-exp lacks its 1/β: divide the logarithm by β.")
            elif beta != 1 and np.isclose(lse, unit_lse, rtol=1e-9):
                faults.append("the log-sum-exp is that of β = 1, not of the β given: multiply "
                              "z by β inside the exponential (and divide the logarithm by β).")
            elif np.isclose(lse, expected_lse - top / beta, rtol=1e-9):
                faults.append("the log-sum-exp lacks the largest β z you subtracted: add it "
                              "back to the logarithm before dividing by β.")
            else:
                faults.append(f"lse(β = {beta}) should be {expected_lse:.6g}, yours is "
                              f"{lse:.6g}.")
    _report(name, faults)
    passed(name, len(cases))


def _modern_cases():
    rng = np.random.default_rng(29)
    # the patterns' count and dimension differ in every case, and β ≠ 1 in all but the first
    return [(rng.normal(size=(n, d)), rng.normal(size=d), beta)
            for n, d, beta in ((5, 3, 1.0), (40, 8, 0.3), (200, 16, 4.0), (10, 4, 1e3))]


def check_modern_update(update: Callable) -> None:
    """Check ``update(X, xi, beta)``: ξ_new = Xᵀ softmax(β X ξ), patterns as the rows of X."""
    check_function(update, "update(X, xi, beta)")
    name = "update"
    cases = _modern_cases()
    for X, xi, beta in cases:
        with np.errstate(all="ignore"):
            got = as_array(call(update, name, X, xi, beta), name, xi.shape).astype(np.float64)
        expected = ModernHopfield(X, beta=beta).update(xi)
        if np.allclose(got, expected, atol=1e-10):
            continue
        where = f"for {len(X)} patterns of dimension {X.shape[1]} at β = {beta:g}"
        if not np.all(np.isfinite(got)):
            raise CheckFailed(f"{name} gave NaN or infinity {where}: shift the scores by their "
                              f"maximum before the exponential.")
        scores = beta * X @ xi
        unnormalised = X.T @ np.exp(scores - scores.max())
        if np.allclose(got, ModernHopfield(X, beta=1.0).update(xi), atol=1e-10):
            raise CheckFailed(f"your update is that of β = 1 {where}: the scores are β X ξ, "
                              f"multiply by β before the softmax.")
        if np.allclose(got, ModernHopfield(X, beta=1 / beta).update(xi), atol=1e-10):
            raise CheckFailed(f"your update is that of β = {1 / beta:g} {where}: the scores "
                              f"are β X ξ; you divided by β.")
        for count, what in ((len(X), "the number of patterns"), (X.shape[1], "the dimension")):
            if np.allclose(got * count, expected, atol=1e-10):
                raise CheckFailed(f"your update is {count} times too small {where}: you divided "
                                  f"by {what}; the softmax weights already sum to 1.")
        if np.allclose(got, unnormalised, atol=1e-10):
            raise CheckFailed(f"your weights do not sum to 1 {where}: divide the exponentials by "
                              f"their sum (the softmax), not only shift them.")
        raise CheckFailed(f"{where} your update differs from Xᵀ softmax(β X ξ) by up to "
                          f"{np.abs(got - expected).max():.3g}.")
    passed(name, len(cases))


def check_modern_energy(energy: Callable) -> None:
    """Check ``energy(X, xi, beta)``: -lse(β, Xξ) + ½ξᵀξ + β⁻¹ ln N + ½M² (Ramsauer Eq. 2).

    N is the number of stored patterns and M the largest of their norms."""
    check_function(energy, "energy(X, xi, beta)")
    name = "energy"
    cases = _modern_cases()
    for X, xi, beta in cases:
        got = as_number(call(energy, name, X, xi, beta), name)
        expected = ModernHopfield(X, beta=beta).energy(xi)
        if np.isclose(got, expected, rtol=1e-9, atol=1e-9):
            continue
        n, d = X.shape
        m_squared = np.max(np.sum(X**2, axis=1))
        log_sum = float(np.log(np.sum(np.exp(beta * X @ xi - np.max(beta * X @ xi))))
                        + np.max(beta * X @ xi))
        where = f"for {n} patterns of dimension {d} at β = {beta:g}"
        # each likely mistake, as the energy it gives; the first that matches is named
        mistakes = [
            (expected - 0.5 * m_squared, "add ½ M², with M the largest norm of a stored "
             "pattern: it makes the energy non-negative."),
            (expected - 0.5 * m_squared + 0.5 * np.sqrt(m_squared), "the constant is ½ M², "
             "the square of the largest norm M; you added ½ M."),
            (expected - 0.5 * m_squared + 0.5 * m_squared**2, "the constant is ½ M², with M "
             "the largest norm; you squared the squared norm (½ M⁴): M² is already "
             "max_μ ξ^μ·ξ^μ."),
            (expected - np.log(n) / beta, "add β⁻¹ ln N, with N the number of stored patterns."),
            (expected - np.log(n) / beta + np.log(d) / beta, f"N in β⁻¹ ln N is the number of "
             f"stored patterns, {n} here (len(X)), not their dimension {d}."),
            (expected - np.log(n) / beta + np.log(n), "β⁻¹ ln N lacks its 1/β: divide ln N by "
             "β."),
            (expected + (log_sum / beta) - log_sum, "the log-sum-exp lacks its 1/β: it is "
             "β⁻¹ ln Σ_μ exp(β ξ^μ·ξ)."),
            (expected + (log_sum / beta) - log_sum - np.log(n) / beta + np.log(n),
             "both β⁻¹ ln Σ_μ exp(β ξ^μ·ξ) and β⁻¹ ln N lack their 1/β: divide each logarithm "
             "by β."),
            (ModernHopfield(X, beta=1.0).energy(xi), f"your energy is that of β = 1, not "
             f"β = {beta:g}: β multiplies the scores inside the log-sum-exp and divides both "
             f"logarithms."),
        ]
        for value, hint in mistakes:
            if np.isclose(got, value, rtol=1e-9, atol=1e-9):
                raise CheckFailed(f"{where}: {hint}")
        raise CheckFailed(f"{where} the energy is {expected:.6g}; yours is {got:.6g}.")
    passed(name, len(cases))


# --- exercises that make the learner think: a derivation, a prediction, an experiment ---------

#: The inverse temperature of the prediction about the 26 letters.
LETTER_BETA = 0.05


def _pairs():
    """Pairs of patterns of equal norm: ±1 patterns at several distances, and scaled ones."""
    rng = np.random.default_rng(31)
    pairs = []
    for dim, flips, scale in ((8, 1, 1.0), (16, 5, 1.0), (64, 20, 1.0), (64, 3, 0.5),
                              (100, 50, 3.0)):
        x1 = np.where(rng.random(dim) < 0.5, -1.0, 1.0)
        x2 = x1.copy()
        x2[rng.choice(dim, size=flips, replace=False)] *= -1
        pairs.append((scale * x1, scale * x2))
    return pairs


def check_split_beta(split_beta: Callable) -> None:
    """Check ``split_beta(x1, x2)``: the β above which the midpoint of two stored patterns of
    equal norm stops being a stable fixed point of the modern update, 4 / |x1 - x2|²."""
    check_function(split_beta, "split_beta(x1, x2)")
    name = "split_beta"
    cases = _pairs()
    for x1, x2 in cases:
        got = as_number(call(split_beta, name, x1, x2), name)
        gap = float(np.sum((x1 - x2) ** 2))
        expected = 4.0 / gap
        if np.isclose(got, expected, rtol=1e-9):
            continue
        if np.isclose(got, 1.0 / gap, rtol=1e-9):
            hint = ("you linearised along the full difference x₁ - x₂; write ξ = m + t d with "
                    "the half-difference d = (x₁ - x₂)/2, so that the patterns sit at t = ±1: "
                    "then t' = tanh(β |d|² t) and |d|² = |x₁ - x₂|²/4.")
        elif np.isclose(got, 2.0 / gap, rtol=1e-9):
            hint = ("p₁ - p₂ = tanh of half the score difference, (s₁ - s₂)/2 = β t |d|²: a "
                    "factor 2 went astray between the softmax and the tanh.")
        elif np.isclose(got, 4.0 / np.sqrt(gap), rtol=1e-9) or np.isclose(
                got, 1.0 / np.sqrt(gap), rtol=1e-9):
            hint = ("β multiplies a score, a product of two lengths: the threshold goes as "
                    "1/|x₁ - x₂|², not 1/|x₁ - x₂|.")
        else:
            hint = ("the midpoint m is a fixed point; put ξ = m + t (x₁ - x₂)/2 into "
                    "Xᵀ softmax(β X ξ) and keep the first order in t: it is stable while the "
                    "slope dt'/dt is below 1.")
        raise CheckFailed(f"for two patterns at squared distance {gap:g} the midpoint becomes "
                          f"unstable at β = {expected:.6g}; yours says {got:.6g}: {hint}")
    passed(name, len(cases))


def check_letter_split_prediction(predicted) -> None:
    """Record a prediction of how many of the 26 letters, stored in a modern network at
    β = LETTER_BETA and each started at its own image, end as single-pattern fixed points of
    that letter (one softmax weight above 0.9); then measure it and say what the gap means."""
    guess = as_prediction(predicted, "predicted", "a number of letters", 0, 26)
    X = letters(ALPHABET).astype(np.float64)
    result = ModernHopfield(X, beta=LETTER_BETA).recall(X, max_steps=300)
    p = result.probabilities
    kept = int(np.sum((p.max(axis=1) > 0.9) & (p.argmax(axis=1) == np.arange(len(X)))))
    closest = int(min(np.sum(X[a] != X[b]) for a in range(len(X)) for b in range(a)))
    pair_beta = 1.0 / closest  # 4 / |x1 - x2|² for ±1 letters that differ in `closest` pixels
    if guess > kept + 2:
        meaning = (f"you expected more: the pair estimate 4/|x₁ - x₂|² = 1/{closest} = "
                   f"{pair_beta:.3f} says every pair has split at β = {LETTER_BETA}, but a "
                   f"letter is pulled by all 25 others at once, each with weight "
                   f"e^(-2β·Hamming distance): together they keep the rest in metastable "
                   f"averages")
    elif guess < kept - 2:
        meaning = (f"you expected fewer: at β = {LETTER_BETA} a letter's own score beats the "
                   f"closest other letter, {closest} pixels away, by a factor e^(2β·{closest}) "
                   f"= {np.exp(2 * LETTER_BETA * closest):.0f}, and most letters are much "
                   f"farther from all the others")
    else:
        meaning = "within 2 of the measurement"
    print(f"✔ prediction recorded: you said {guess:g} of 26 letters; measured {kept} at "
          f"β = {LETTER_BETA} ({len(X) - kept} end in metastable averages): {meaning}.")


def check_split_experiment(betas, moved_away, x1, x2) -> None:
    """Check an experiment that locates, for two stored patterns ``x1`` and ``x2`` of equal
    norm, the β at which their midpoint becomes unstable: ``moved_away[k]`` says whether, at
    ``betas[k]``, a state started near the midpoint moved away from it under the update."""
    betas = check_array(betas, "betas", ndim=1, shape="(n_betas,), the values of β you tried")
    x1 = check_array(x1, "x1", ndim=1, shape="(dim,), a stored pattern")
    x2 = check_array(x2, "x2", ndim=1, shape=f"({len(x1)},), like x1")
    moved = np.asarray(moved_away)
    if moved.shape != betas.shape or not np.all(np.isin(moved, (0, 1))):
        raise CheckFailed(f"moved_away must hold one True or False per β ({betas.size}); got "
                          f"{moved_away!r}.")
    moved = moved.astype(bool)
    if np.any(betas <= 0):
        raise CheckFailed(f"betas must be positive; got {betas.min():g}.")
    norms = np.sum(x1**2), np.sum(x2**2)
    if not np.isclose(*norms) or np.array_equal(x1, x2):
        raise CheckFailed("x1 and x2 must be two different patterns of the same norm (two ±1 "
                          "patterns, say): only then is their midpoint a fixed point.")
    critical = 4.0 / np.sum((x1 - x2) ** 2)
    clear = np.abs(betas / critical - 1) > 0.01
    if not (np.any(clear & (betas < critical)) and np.any(clear & (betas > critical))):
        raise CheckFailed(f"your βs run from {betas.min():.4g} to {betas.max():.4g}: the "
                          f"experiment must bracket the threshold, so try βs on both sides of "
                          f"your derived 4/|x₁ - x₂|² = {critical:.4g}.")
    expected = betas > critical
    wrong = clear & (moved != expected)
    if np.any(wrong):
        if not np.any(moved):
            hint = ("nothing ever moved away: a state exactly at the midpoint stays there for "
                    "every β (it is a fixed point); start a little off it, along x₁ - x₂.")
        elif np.any(wrong & expected) and not np.any(wrong & ~expected):
            first = betas[moved].min()
            hint = (f"your first move is at β = {first:.4g}, {first / critical:.2f} times the "
                    f"threshold: did you wait for a retrieved pattern? The split is gentle (a "
                    f"pitchfork): just above threshold the new fixed points sit at t ≈ "
                    f"√(3(β/β_c - 1)), close to the midpoint. Ask whether the distance along "
                    f"x₁ - x₂ grew, not whether a pattern came back.")
        else:
            hint = ("below the threshold the distance from the midpoint shrinks at each update "
                    "(by the factor β/β_c, to first order): measure it along x₁ - x₂ after "
                    "the updates and compare it with where you started.")
        raise CheckFailed(f"for these two patterns the midpoint is unstable above β_c = "
                          f"{critical:.4g}; your experiment disagrees at β = "
                          f"{', '.join(f'{b:.4g}' for b in betas[wrong][:4])}: {hint}")
    below, above = betas[clear & ~expected].max(), betas[clear & expected].min()
    print(f"✔ split_experiment: the midpoint is stable up to β = {below:.4g} and unstable from "
          f"{above:.4g}; the linear analysis says β_c = {critical:.4g}, between them.")


def check_modern_descent(energy: Callable, update: Callable) -> None:
    """Check that ``energy(X, xi, beta)`` is a Lyapunov function of ``update(X, xi, beta)``:
    it never rises along the learner's own updates, and its gradient vanishes at the fixed
    point they reach (the concave-convex procedure of Yuille and Rangarajan)."""
    check_function(energy, "energy(X, xi, beta)")
    check_function(update, "update(X, xi, beta)")
    cases = _modern_cases()[:3]
    for X, xi, beta in cases:
        path, state = [], xi.copy()
        for _ in range(30):
            path.append(as_number(call(energy, "energy", X, state, beta), "energy"))
            state = as_array(call(update, "update", X, state, beta), "update", xi.shape)
        rises = np.diff(path)
        scale = 1e-9 * (1 + np.abs(path).max())
        if np.any(rises > scale):
            step = int(np.argmax(rises > scale))
            raise CheckFailed(
                f"at β = {beta:g} your energy rose by {rises[step]:.3g} at update {step + 1}: "
                f"a Lyapunov function never rises. The update comes from splitting E into a "
                f"convex ½ξᵀξ and a concave -lse(β, Xξ) (divided by β, so that its gradient "
                f"is Xᵀ softmax); check the β in both.")
        h = 1e-5
        gradient = np.array([(call(energy, "energy", X, state + h * e, beta)
                              - call(energy, "energy", X, state - h * e, beta)) / (2 * h)
                             for e in np.eye(len(state))])
        if np.linalg.norm(gradient) > 1e-4 * (1 + np.linalg.norm(state)):
            raise CheckFailed(
                f"at β = {beta:g} your updates settle at a state where your energy still has "
                f"a gradient of size {np.linalg.norm(gradient):.3g}: the fixed point of the "
                f"update must be a stationary point of the energy, ξ = Xᵀ softmax(β X ξ) "
                f"where ∇E = ξ - Xᵀ softmax(β X ξ) = 0.")
    passed("modern_descent", len(cases))
