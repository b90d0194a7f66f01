"""Self-checks of Chapter 3: Hebb's rule, asynchronous updates, synchronous cycles."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from .._validate import check_function
from ..hopfield import HopfieldNetwork, hebbian
from ..patterns import letters, random_patterns
from ..theory.capacity import bit_error_probability
from ._core import (CheckFailed, as_array, as_number, call, fair_binomial, passed, per_network,
                    real_number, refuse)

__all__ = ["check_hebbian", "check_async_update", "check_sync_cycle", "check_energy_descent",
           "check_hebb_energy_drop", "check_letters_prediction", "check_cue_experiment"]

def check_hebbian(my_hebbian: Callable) -> None:
    """Check ``my_hebbian(patterns)``: W = (1/N) Σ_μ ξ^μ ξ^μᵀ with a zero diagonal."""
    check_function(my_hebbian, "my_hebbian(patterns)")
    name = "hebbian"
    # the last case: biased patterns, whose sums over 600 patterns overflow an int8 (max 127)
    cases = [(3, 10, 0.0), (1, 25, 0.0), (12, 40, 0.0), (600, 30, 0.5)]
    for p, n, bias in cases:
        xi = random_patterns(p, n, bias=bias, rng=p + n)
        w = as_array(call(my_hebbian, name, xi), name, (n, n)).astype(np.float64)
        expected = hebbian(xi)
        if np.allclose(w, expected):
            continue
        where = f"for {p} patterns of {n} neurons"
        if not np.allclose(w, w.T):
            raise CheckFailed(f"your weights are not symmetric {where}: W[i, j] must equal "
                              f"W[j, i], as each term ξ_i ξ_j does.")
        if np.allclose(w - np.diag(np.diag(w)), expected) and not np.allclose(np.diag(w), 0):
            raise CheckFailed(f"the diagonal is not zero {where}: a unit must not drive "
                              f"itself. Set W[i, i] = 0 (np.fill_diagonal(W, 0)).")
        if np.allclose(w, expected * n):
            raise CheckFailed(f"your weights are N = {n} times too large {where}: divide the "
                              f"sum of outer products by the number of neurons.")
        if np.allclose(w, expected * n / p):
            raise CheckFailed(f"you divided by the number of patterns p = {p} {where}; Hebb's "
                              f"rule divides by the number of neurons N = {n}.")
        if p > 127:
            raise CheckFailed(f"your weights are wrong {where}: the sum over {p} patterns "
                              f"overflows int8, which holds at most 127. Convert the patterns "
                              f"first, for example patterns.astype(float).")
        raise CheckFailed(f"your weights differ from (1/N) Σ_μ ξ^μ ξ^μᵀ {where}, largest "
                          f"difference {np.abs(w - expected).max():.3g}.")
    passed(name, len(cases))


def check_async_update(update_unit: Callable) -> None:
    """Check ``update_unit(W, s, i)``: unit i takes the sign of its field; returns the new state
    and the energy change ΔE = E(new) - E(old)."""
    check_function(update_unit, "update_unit(W, s, i)")
    name = "update_unit"
    w_tie = hebbian(np.array([[1, 1, 1], [-1, 1, 1]]))  # W[0, 1] = W[0, 2] = 0: unit 0 feels
    cases = [(w_tie, np.array(state, np.int8), 0)          # a field of exactly zero
             for state in ([1, 1, -1], [-1, 1, -1])]
    rng = np.random.default_rng(21)
    for _ in range(12):
        n = int(rng.integers(5, 30))
        w = hebbian(random_patterns(int(rng.integers(1, 6)), n, rng=rng))
        cases.append((w, random_patterns(1, n, rng=rng)[0], int(rng.integers(n))))
    for w, s, i in cases:
        result = call(update_unit, name, w, s, i)
        if not isinstance(result, tuple) or len(result) != 2:
            raise CheckFailed(f"{name} must return two things, the new state and the energy "
                              f"change: return new_state, delta_e")
        new_state = as_array(result[0], name, s.shape)
        delta = as_number(result[1], name)
        network = HopfieldNetwork(w)
        h = network.local_field(s)[i]
        expected = s.copy()
        expected[i] = 1 if h > 0 else (-1 if h < 0 else s[i])
        if h == 0 and new_state[i] != s[i]:
            raise CheckFailed(f"unit {i} should keep its state when its field is 0; yours "
                              f"changed it from {s[i]:+d} to {int(new_state[i]):+d}.")
        if not np.array_equal(new_state, expected):
            changed = np.flatnonzero(new_state != expected)
            if changed.size and changed[0] != i:
                raise CheckFailed(f"{name}(W, s, {i}) changed unit {changed[0]}; only unit {i} "
                                  f"may change.")
            raise CheckFailed(f"unit {i} has field h = {h:+.3f} and state {s[i]:+d}; it should "
                              f"become sign(h) = {expected[i]:+d}, yours became "
                              f"{int(new_state[i]):+d}.")
        expected_delta = network.energy(expected) - network.energy(s)
        if not np.isclose(delta, expected_delta):
            hint = (" That is -ΔE: E(new) - E(old), not the other way round."
                    if np.isclose(delta, -expected_delta) else
                    " Flipping unit i changes E = -½ sᵀWs by 2 s_i h_i (s_i before the flip).")
            raise CheckFailed(f"the energy change of updating unit {i} is {expected_delta:+.4f}; "
                              f"yours is {delta:+.4f}.{hint}")
    passed(name, len(cases))


def _sync_cases() -> list[tuple[np.ndarray, np.ndarray]]:
    """Two antiferromagnetic units (a two-cycle) and small Hebbian networks, whose weights are
    the integer counts Σ_μ ξ^μ_i ξ^μ_j (Hebb's rule times N, the same dynamics): their fields
    are exact, so a field of exactly 0, common with a few patterns of a few units, stays 0."""
    rng = np.random.default_rng(22)
    cases = [(np.array([[0.0, -1.0], [-1.0, 0.0]]), np.array([1, 1], np.int8))]
    for _ in range(40):
        n, p = int(rng.integers(4, 11)), int(rng.integers(2, 5))
        xi = random_patterns(p, n, rng=rng)
        cases.append((hebbian(xi) * n, random_patterns(1, n, rng=rng)[0]))
    return cases


def _has_zero_field(network: HopfieldNetwork, s: np.ndarray, steps: int) -> bool:
    """Whether some unit meets a field of exactly 0 in the first ``steps`` synchronous updates."""
    dynamics = network.dynamics(s, mode="sync")
    for _ in range(steps):
        if np.any(network.local_field(dynamics.state) == 0):
            return True
        dynamics.step()
    return False


def check_sync_cycle(cycle_length: Callable) -> None:
    """Check ``cycle_length(W, s, max_steps)``: 1 for a fixed point, 2 for a two-cycle under
    synchronous updates (0 when neither appears within max_steps).

    A unit whose field is exactly 0 keeps its state, and the cycle may appear at the last update
    allowed: both are among the cases."""
    check_function(cycle_length, "cycle_length(W, s, max_steps)")
    name = "cycle_length"
    cases = _sync_cases()
    kinds = {0: "neither a fixed point nor a two-cycle", 1: "a fixed point", 2: "a two-cycle"}
    # first every case with room to spare, then each one with exactly the updates it needs
    # (found at update k = max_steps) and one fewer (not found: 0)
    runs = [(w, s, 100) for w, s in cases]
    for w, s in cases:
        needed = HopfieldNetwork(w).recall(s, mode="sync", max_steps=100).steps
        runs += [(w, s, needed)] + ([(w, s, needed - 1)] if needed > 1 else [])
    for w, s, max_steps in runs:
        network = HopfieldNetwork(w)
        result = network.recall(s, mode="sync", max_steps=max_steps)
        got = as_number(call(cycle_length, name, w, s, max_steps), name)
        if got == result.cycle_length:
            continue
        where = (f"from this state of {len(s)} units the synchronous dynamics ends in "
                 f"{kinds[result.cycle_length]} within max_steps = {max_steps} updates; {name} "
                 f"returned {got:g}.")
        if max_steps < 100 and result.cycle_length == 0:
            raise CheckFailed(f"{where} It settles only at update {max_steps + 1}: run at most "
                              f"max_steps updates.")
        if max_steps < 100:
            raise CheckFailed(f"{where} It settles at update {max_steps}, the last one allowed: "
                              f"run max_steps updates (range(max_steps)), not fewer.")
        if _has_zero_field(network, s, result.steps):
            raise CheckFailed(f"{where} On the way a unit has a field of exactly 0, and it "
                              f"keeps its state; np.sign(0) is 0, which is no spin. Use "
                              f"np.where(h > 0, 1, np.where(h < 0, -1, s)).")
        hint = (" A two-cycle never repeats the state just before it: compare with the state two "
                "steps back too." if result.cycle_length == 2 else "")
        raise CheckFailed(f"{where}{hint}")
    passed(name, len(runs))



# --- derivation, prediction and a physics check (issue 22) ---------------------------------------

_DROP_N = 100


def check_hebb_energy_drop(delta_e) -> None:
    """Check ``delta_e``: how much storing ξ with Hebb's step W ← W + (ξξᵀ - I)/N changes the
    energy E(ξ) = -½ ξᵀWξ of ξ itself, for N = 100 units, whatever W was: -(N - 1)/2 = -49.5."""
    n = _DROP_N
    value = real_number(delta_e, "delta_e")
    good = -(n - 1) / 2
    if math.isclose(value, good, rel_tol=1e-9):
        print(f"✔ hebb_energy_drop: ΔE = -(N - 1)/2 = {good:g}; the step along -∂E/∂W_ij = "
              f"ξ_i ξ_j lowers the energy of the stored pattern, whatever W held before.")
        return
    wrong = {-n / 2: "that is -N/2: the diagonal stays zero, so the step adds 1/N to the "
                     "N(N - 1) pairs i ≠ j only, not to all N² entries (N - 1, not N).",
             -(n - 1.0): "the step adds (N - 1) to ξᵀWξ, but E carries a factor ½: "
                         "E = -½ ξᵀWξ.",
             float(n - 1) / 2: "check the sign: the Hebbian step makes ξᵀWξ larger, and "
                               "E = -½ ξᵀWξ, so E falls.",
             -(n - 1) / (2 * n): "that is per unit; delta_e is the change of the whole energy "
                                 "E(ξ), not of E/N.",
             -n * (n - 1) / 2: "the step is (ξξᵀ - I)/N: you left out the 1/N of Hebb's rule."}
    refuse(f"delta_e = {value:g}", value, wrong,
           "Write ΔE = -½ ξᵀ(ΔW)ξ with ΔW = (ξξᵀ - I)/N, and "
           "use ξ_i² = 1: ξᵀξξᵀξ = N², ξᵀIξ = N.", rel_tol=1e-9)


def check_energy_descent(energy: Callable, update_unit: Callable) -> None:
    """Check ``energy(W, s)`` by its descent under the learner's own ``update_unit(W, s, i)``
    (Exercise 2): over sweeps in random order on several Hebbian networks, every update must
    change the learner's energy by the ΔE that update_unit reports and that 2 s_i h_i gives for
    a flip of unit i, never upwards, and not at all when nothing flips."""
    check_function(energy, "energy(W, s)")
    check_function(update_unit, "update_unit(W, s, i)")
    name = "energy"
    rng = np.random.default_rng(23)
    steps = 0
    # unit 0 of the first network feels a zero field; p(N - 1) odd in the others: no zero field
    starts = [(hebbian(np.array([[1, 1, 1], [-1, 1, 1]])), np.array([-1, 1, -1], np.int8))]
    for p, n in ((1, 12), (3, 30), (5, 40)):
        starts.append((hebbian(random_patterns(p, n, rng=rng)), random_patterns(1, n, rng=rng)[0]))
    for w, s in starts:
        for i in np.concatenate([rng.permutation(len(s)) for _ in range(3)]):
            result = call(update_unit, "update_unit", w, s, int(i))
            if not isinstance(result, tuple) or len(result) != 2:
                raise CheckFailed("update_unit must return the new state and the energy change, "
                                  "as in Exercise 2.")
            new = as_array(result[0], "update_unit", s.shape)
            reported = as_number(result[1], "update_unit")
            before = as_number(call(energy, name, w, s), name)
            after = as_number(call(energy, name, w, new), name)
            if not math.isclose(as_number(call(energy, name, w, s), name), before, abs_tol=1e-12):
                raise CheckFailed("your energy gave two values for the same W and s: E must "
                                  "depend on W and s only.")
            change, steps = after - before, steps + 1
            flipped = not np.array_equal(new, s)
            true = 2.0 * s[i] * (w[i] @ s) if flipped else 0.0
            if flipped and true > -1e-12:
                raise CheckFailed(f"update_unit flipped unit {i} with s_i h_i = {true / 2:+.3f} "
                                  f"≥ 0 (against its field, or at zero field, where it must keep "
                                  f"its state): fix Exercise 2 first.")
            if flipped and math.isclose(change, 0.0, abs_tol=1e-12):
                raise CheckFailed(f"unit {i} flipped and your energy did not change: a Lyapunov "
                                  f"function that never moves proves nothing. E = -½ sᵀWs.")
            if change > 1e-9:
                raise CheckFailed(f"unit {i} flipped towards its field and your energy rose by "
                                  f"{change:+.4g}: check the sign, E = -½ sᵀWs falls when s_i "
                                  f"turns to the sign of h_i.")
            if not math.isclose(change, true, rel_tol=1e-7, abs_tol=1e-9):
                hint = (" It is twice 2 s_i h_i: E = -½ sᵀWs has a factor ½, which the double "
                        "count of each pair (i, j) and (j, i) in sᵀWs cancels to 2 s_i h_i."
                        if math.isclose(change, 2 * true, rel_tol=1e-7) else
                        " Your energy is not -½ sᵀWs (plus a constant).")
                raise CheckFailed(f"flipping unit {i} changed your energy by {change:+.4f}; a "
                                  f"flip changes E = -½ sᵀWs by 2 s_i h_i = {true:+.4f}.{hint}")
            if not math.isclose(reported, change, rel_tol=1e-7, abs_tol=1e-9):
                raise CheckFailed(f"update_unit reported ΔE = {reported:+.4f}, but your energy "
                                  f"changed by {change:+.4f}: the two must agree.")
            s = new
    print(f"✔ energy_descent: your energy fell by 2 s_i h_i at every flip and stayed put "
          f"otherwise, over {steps} updates of your own update_unit.")


_PREDICTION_LETTERS = "ABCDE"


def check_letters_prediction(prediction) -> None:
    """Check ``prediction``: how many of the five letters A-E (16 × 16 = 256 units, load 0.02)
    are fixed points of the Hebbian network that stores them. The prediction is recorded, the
    experiment runs, and the check says what the gap means; any whole number from 0 to 5 passes.
    """
    value = real_number(prediction, "prediction")
    total = len(_PREDICTION_LETTERS)
    if value != int(value) or not 0 <= value <= total:
        raise CheckFailed(f"prediction = {value:g}: a count of letters, a whole number from 0 to "
                          f"{total}.")
    xi = letters(_PREDICTION_LETTERS)
    n = xi.shape[1]
    w = hebbian(xi)
    h = (w @ xi.T.astype(np.float64)).T
    stable = int(np.sum(np.all((h == 0) | (np.sign(h) == xi), axis=1)))
    random_guess = total * (1.0 - float(bit_error_probability(total / n))) ** n
    off = np.abs(xi @ xi.T.astype(np.float64) / n)[~np.eye(total, dtype=bool)].mean()
    if value == stable:
        meaning = "right"
    elif value > stable:
        meaning = (f"you expected more: for random patterns at this load the one-step theory "
                   f"gives {random_guess:.2f} stable of {total}, but letters are not random: "
                   f"their mean |overlap| is {off:.2f}, so the crosstalk is a bias, not noise "
                   f"around 0")
    else:
        meaning = "you expected fewer: the letters' crosstalk is smaller than you thought"
    print(f"✔ letters_prediction recorded: you said {int(value)}, the experiment gives {stable} "
          f"of {total} letters stable; {meaning}.")


# --- an experiment the learner designs (issue 22) ------------------------------------------------

def _binomial_sign_probabilities(m: int, signal: int) -> tuple[float, float]:
    """P(signal + S > 0) and P(signal + S = 0) for S a sum of m independent ±1 terms."""
    weights = {k: fair_binomial(m, k) for k in range(m + 1) if signal + 2 * k >= m}
    tie = weights.get((m - signal) / 2, 0.0)  # k terms +1 make S = 2k - m
    return sum(weights.values()) - tie, tie


def _exact_cue_overlap(n: int, p: int, flips: int) -> float:
    """The mean overlap with ξ¹ after one synchronous update of a Hebbian network (zero diagonal,
    p random patterns of n units) from ξ¹ with exactly ``flips`` bits flipped.

    ξ¹_i h_i N = (signal) + S: the signal is N - 1 - 2k for an unflipped unit and N - 2k + 1 for
    a flipped one (k = flips), and the crosstalk S of the other p - 1 patterns is a sum of
    (p - 1)(N - 1) independent ±1 terms, whatever the cue. A unit whose field is 0 keeps its
    state. Exact at every N; as N → ∞ it tends to erf(m₀ / √(2α)), m₀ = 1 - 2k/N."""
    m = (p - 1) * (n - 1)
    above, tie = _binomial_sign_probabilities(m, n - 1 - 2 * flips)
    kept = 2 * (above + tie) - 1              # unflipped unit: +1 above, +1 at a tie
    above, _ = _binomial_sign_probabilities(m, n - 2 * flips + 1)
    repaired = 2 * above - 1                 # flipped unit: +1 above, -1 at a tie and below
    return ((n - flips) * kept + flips * repaired) / n


# (N, p, flips): a light load with a poor cue, and two heavy loads with worse cues, where one step
# differs most from an asynchronous sweep, a full recall or a nonzero diagonal
_ONE_STEP_CUES = ((200, 10, 60), (200, 30, 70), (400, 60, 140))
_CUE_PRECISION = 0.005


def _other_designs(n: int, p: int, flips: int) -> dict[str, float]:
    """The mean overlap plausible other experiments give at (n, p, flips), from 60 cues on 20
    networks: what a learner's means are compared with when they miss."""
    rng = np.random.default_rng(3)
    designs: dict[str, list] = {key: [] for key in (
        "an asynchronous sweep in place of one synchronous step",
        "a full recall to a fixed point in place of one step",
        "weights with the diagonal W_ii = p/N left in",
        "flipped positions drawn with replacement (a bit drawn twice is not flipped)",
        "a cue left as it was (no update)")}
    for _ in range(20):
        xi = rng.choice(np.array([-1, 1]), size=(p, n))
        with_diagonal = xi.T @ xi / n
        w = with_diagonal - np.eye(n) * (p / n)
        for pattern in xi[:3]:
            cue, loose = pattern.copy(), pattern.copy()
            cue[rng.choice(n, size=flips, replace=False)] *= -1
            loose[rng.integers(0, n, size=flips)] *= -1
            swept = cue.copy()
            for i in range(n):
                h = w[i] @ swept
                swept[i] = 1 if h > 1e-12 else (-1 if h < -1e-12 else swept[i])
            final = HopfieldNetwork(w).recall(cue, rng=rng).state
            states = [swept, final] + [np.where(h > 1e-12, 1, np.where(h < -1e-12, -1, s))
                                       for h, s in ((with_diagonal @ cue, cue), (w @ loose, loose))]
            for key, state in zip(designs, states + [cue]):
                designs[key].append(pattern @ state / n)
    return {key: float(np.mean(values)) for key, values in designs.items()}


def _diagnosis(measured: list[tuple[float, float, float]]) -> str:
    """Name the other design whose means, at every point, lie closest to the learner's."""
    def distance(values):
        return sum((mean - value) ** 2 / (error**2 + 0.005**2)
                   for (mean, error, _), value in zip(measured, values))
    others = [_other_designs(*point) for point in _ONE_STEP_CUES]
    candidates = {key: [other[key] for other in others] for key in others[0]}
    candidates["one pattern stored, not n_patterns (no crosstalk: a perfect recall)"] = [1.0] * 3
    design = min(candidates, key=lambda key: distance(candidates[key]))
    if distance(candidates[design]) < distance([exact for *_, exact in measured]):
        shown = ", ".join(f"{value:.3f}" for value in candidates[design])
        return f"your means are close to what {design} gives ({shown})."
    return ("check the step s' = sgn(W s), every field from the same cue, zero diagonal, a zero "
            "field keeping its state, exactly `flips` distinct bits flipped, and int8 patterns "
            "converted before a dot product (ξ·s overflows int8 beyond 127).")


def check_cue_experiment(one_step_overlaps: Callable) -> None:
    """Check ``one_step_overlaps(n_neurons, n_patterns, flips, rng)``, an experiment designed by
    the learner: the overlap with a stored pattern after one synchronous update from that pattern
    with exactly ``flips`` bits flipped, one value per independent Hebbian network (at least 5;
    each may average several cues).

    At three loads and cue qualities the mean is judged against the exact finite-N value
    (``_exact_cue_overlap``, a binomial sum) within 4 standard errors of the learner's own
    measurement, the spread between their networks over √(networks) (cues of one network share
    its crosstalk, so networks are the independent repetitions). With an error bar from some 30
    networks, Student's t puts a correct design outside 4 of them once in 2500 points. The design
    must reach a standard error of 0.005: coarser, and one step cannot be told from an
    asynchronous sweep or a nonzero diagonal, 0.02-0.04 away at these points. Means that miss
    are compared with those other designs, simulated, to name the mistake."""
    check_function(one_step_overlaps, "one_step_overlaps(n_neurons, n_patterns, flips, rng)")
    name = "one_step_overlaps"
    measured = []
    for index, (n, p, flips) in enumerate(_ONE_STEP_CUES):
        call_text = f"{name}({n}, {p}, {flips}, rng)"
        values = per_network(call(one_step_overlaps, name, n, p, flips,
                                  np.random.default_rng(30 + index)),
                             name, call_text, "overlap", "overlap")
        if not np.all(np.isfinite(values)) or np.any(np.abs(values) > 1 + 1e-9):
            raise CheckFailed(f"{call_text} returned values up to {np.abs(values).max():.3g}: "
                              f"an overlap ξ·s / N lies in [-1, 1]; divide by the number of "
                              f"neurons N = {n}.")
        measured.append((float(values.mean()), float(values.std(ddof=1) / math.sqrt(values.size)),
                         _exact_cue_overlap(n, p, flips)))
    for (mean, error, exact), (n, p, flips) in zip(measured, _ONE_STEP_CUES):
        where = (f"at N = {n}, p = {p}, {flips} flipped bits (cue overlap {1 - 2 * flips / n:.2f})"
                 f" you measured {mean:.4f} ± {error:.4f}")
        if abs(mean - exact) > 4 * error:
            raise CheckFailed(f"{where}; the exact one-step value is {exact:.4f}, over 4 "
                              f"standard errors away: {_diagnosis(measured)}")
        if error == 0:
            raise CheckFailed(f"{where}, the same for every network: draw a new network "
                              f"(patterns and cue) for each, from rng.")
        if error > _CUE_PRECISION:
            raise CheckFailed(f"{where}: your standard error is larger than {_CUE_PRECISION} "
                              f"and cannot tell one step from an asynchronous sweep or a nonzero "
                              f"diagonal (0.02-0.04 apart here). Use more networks, or average "
                              f"more cues in each (the error falls as 1/√networks).")
    shown = "; ".join(f"{mean:.3f} ± {error:.3f} vs {exact:.3f} (α = {p / n:.2f}, m₀ = "
                      f"{1 - 2 * k / n:.1f})" for (mean, error, exact), (n, p, k)
                      in zip(measured, _ONE_STEP_CUES))
    print(f"✔ cue_experiment: {shown}: each within 4 standard errors of the exact one-step "
          f"overlap.")
