"""Self-checks of the chapter on mean field and spin glasses (``02_mean_field_and_spin_glasses``):
Landau's expansion, a prediction about metastability, an experiment that measures T_c, the
annealed entropy of the SK model, and the susceptibility below T_c."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from .. import ising
from ..theory import mean_field
from ._core import CheckFailed, as_number, call, real_number, refuse

__all__ = ["check_annealed_entropy_zero", "check_landau", "check_metastable_prediction",
           "check_susceptibility_below_tc", "check_tc_experiment"]


def _pair(result, name: str) -> tuple[float, float]:
    if result is None:
        raise CheckFailed(f"{name} returned None: did you forget to return (a, b)?")
    try:
        a, b = result
    except (TypeError, ValueError):
        raise CheckFailed(f"{name} must return two numbers (a, b), got {result!r}.") from None
    return as_number(a, name), as_number(b, name)


def check_landau(landau: Callable, amplitude) -> None:
    """Check ``landau(T)``, the coefficients (a, b) of f(m) - f(0) = a m² + b m⁴ + O(m⁶) of the
    Curie-Weiss free energy without a field, and ``amplitude``, the A in m* ≈ A (1 - T)^(1/2)
    just below T = 1."""
    name = "landau"
    amplitude = real_number(amplitude, "amplitude")
    temperatures = (0.5, 0.9, 1.0, 1.3, 2.0)
    for T in temperatures:  # to 10⁻⁶: exact algebra passes, and so does a careful numerical fit
        a, b = _pair(call(landau, name, T), name)
        good_a, good_b = mean_field.landau_coefficients(T)
        if not math.isclose(a, good_a, rel_tol=1e-6, abs_tol=1e-9):
            if math.isclose(a, 2 * good_a, rel_tol=1e-9):
                raise CheckFailed(f"at T = {T} your a = {a:g} is twice the coefficient of m²: "
                                  f"a m² is half of f''(0) m², as in any Taylor series.")
            if math.isclose(a, -good_a, rel_tol=1e-9):
                raise CheckFailed(f"at T = {T} your a = {a:g} has the wrong sign: above T = 1 "
                                  f"m = 0 is the minimum, so a must be positive there.")
            raise CheckFailed(f"at T = {T} your a = {a:g} is not the coefficient of m²: collect "
                              f"the m² terms of -m²/2 and of -T s(m).")
        if not math.isclose(b, good_b, rel_tol=1e-6, abs_tol=1e-9):
            if math.isclose(b, -good_b, rel_tol=1e-9):
                raise CheckFailed(f"at T = {T} your b = {b:g} has the wrong sign: the m⁴ term of "
                                  f"s(m) is negative, and f contains -T s(m).")
            if T != 1.0 and math.isclose(b, good_b / T, rel_tol=1e-9):
                raise CheckFailed(f"at T = {T} your b = {b:g} does not change with T: the m⁴ "
                                  f"term comes from -T s(m), so b is proportional to T.")
            raise CheckFailed(f"at T = {T} your b = {b:g} is not the coefficient of m⁴. Expand "
                              f"(1+m) ln(1+m) + (1-m) ln(1-m) to fourth order: the odd powers "
                              f"cancel, and ln(1 ± m) = ±m - m²/2 ± m³/3 - m⁴/4 + ...")
    good = math.sqrt(3.0)
    if not math.isclose(amplitude, good, rel_tol=1e-3):
        if math.isclose(amplitude, 3.0, rel_tol=1e-3):
            raise CheckFailed("amplitude = 3 is A², not A: m*² ≈ 3(1 - T), so A is its root.")
        if math.isclose(amplitude, math.sqrt(6.0), rel_tol=1e-3):
            raise CheckFailed("amplitude = √6 comes from m*² = -a/b; setting the derivative of "
                              "a m² + b m⁴ to zero gives 2a + 4b m² = 0, so m*² = -a/(2b).")
        raise CheckFailed(f"amplitude = {amplitude:g}: minimise a m² + b m⁴ with your a and b, "
                          f"then let T → 1 in m*² / (1 - T).")
    print(f"✔ landau: a and b right at {len(temperatures)} temperatures, and A = √3 = "
          f"{good:.4f}: m* ≈ √(3(1 - T)), mean field's exponent 1/2.")


_PREDICTION_T, _PREDICTION_N, _PREDICTION_FIELDS = 0.6, 4000, (0.1, 0.25)


def check_metastable_prediction(prediction) -> None:
    """Check ``prediction``, a dict {h: m} for the two fields 0.1 and 0.25: the mean
    magnetisation of N = 4000 Curie-Weiss spins at T = 0.6 over sweeps 100 to 300, started all
    down (m = -1). The prediction is recorded first; then the experiment runs, and its result is
    shown beside the prediction with what the gap means. Any two magnetisations in [-1, 1] pass:
    a prediction is judged by what it teaches, not graded."""
    if not isinstance(prediction, dict) or set(prediction) != set(_PREDICTION_FIELDS):
        raise CheckFailed(f"prediction must be a dict with one predicted m for each field, "
                          f"{{0.1: ..., 0.25: ...}}; got {prediction!r}.")
    predicted = {h: real_number(prediction[h], f"prediction[{h}]") for h in _PREDICTION_FIELDS}
    for h, m in predicted.items():
        if abs(m) > 1:
            raise CheckFailed(f"prediction[{h}] = {m:g}: a magnetisation lies in [-1, 1].")
    rng = np.random.default_rng(2024)
    T, N = _PREDICTION_T, _PREDICTION_N
    h_s = float(mean_field.curie_weiss_spinodal(T))
    measured = {}
    for h in _PREDICTION_FIELDS:
        run = ising.simulate_curie_weiss(N, T, h=h, sweeps=200, burn_in=100,
                                         start=-np.ones(N, np.int8), rng=rng)
        measured[h] = float(run.magnetization.mean())
    shown = ", ".join(f"h = {h}: you said {predicted[h]:+.3f}, measured {measured[h]:+.3f}"
                      for h in _PREDICTION_FIELDS)
    low, high = _PREDICTION_FIELDS
    if predicted[low] > 0:
        points = mean_field.curie_weiss_stationary_points(T, h=low)
        barrier = points.free_energy[1] - points.free_energy[0]
        meaning = (f"at h = {low}, below the spinodal {h_s:.3f}, the down state is still a "
                   f"minimum of f, though not the lowest: a barrier of N Δf / T = "
                   f"{N * barrier / T:.0f} keeps the spins there (metastable) for far longer "
                   f"than 300 sweeps")
    elif predicted[high] < 0:
        meaning = (f"at h = {high}, beyond the spinodal {h_s:.3f}, f has no minimum with m < 0 "
                   f"any more: nothing holds the spins down, and they run to the only minimum")
    elif any(abs(predicted[h] - measured[h]) > 0.05 for h in _PREDICTION_FIELDS):
        meaning = (f"the signs are right, but not the sizes: at T = {T} the spins are not all "
                   f"aligned; the state sits in a minimum of f, a solution of "
                   f"m = tanh((m + h) / T) (theory.curie_weiss_stationary_points)")
    else:
        meaning = "both within 0.05: right"
    print(f"✔ metastable_prediction recorded: {shown} (spinodal h_s = {h_s:.3f}); {meaning}.")


def _model(J: float, rng: np.random.Generator, log: list) -> Callable:
    """A Curie-Weiss model with a hidden coupling J, so T_c = J: ``simulate(N, T, sweeps)``."""
    def simulate(N, T, sweeps):
        N, T, sweeps = int(N), float(T), int(sweeps)
        if not 10 <= N <= 100_000 or T <= 0 or not 1 <= sweeps <= 100_000:
            raise CheckFailed(f"simulate(N, T, sweeps) needs 10 ≤ N ≤ 100000, T > 0 and 1 ≤ "
                              f"sweeps ≤ 100000; got ({N}, {T}, {sweeps}).")
        log.append((N, sweeps))
        if sum(n * s for n, s in log) > 5e8:
            raise CheckFailed("your experiment ran more than 5·10⁸ spin updates; design a "
                              "cheaper one (fewer temperatures, sizes or sweeps).")
        # coupling J at temperature T is coupling 1 at temperature T / J
        return ising.simulate_curie_weiss(N, T / J, sweeps=sweeps, rng=rng).magnetization.copy()
    return simulate


def check_tc_experiment(estimate_tc: Callable) -> None:
    """Check ``estimate_tc(simulate)``: an experiment, designed by the learner, that measures the
    critical temperature of a Curie-Weiss model with a coupling hidden from them.

    ``simulate(N, T, sweeps)`` returns the magnetisation after each of ``sweeps`` sweeps of N
    spins at temperature T, from all spins up. The check hides two couplings J (T_c = J) and
    accepts an estimate within J (0.02 + 2/√N_max) of each, N_max ≥ 200 the largest size the
    experiment simulated: the finite-size shift of the usual estimators is of order N^(-1/2).
    """
    name = "estimate_tc"
    rng = np.random.default_rng(2025)
    results = []
    for J in (1.0, 1.6):
        log: list = []
        estimate = as_number(call(estimate_tc, name, _model(J, rng, log)), name)
        if not log:
            raise CheckFailed(f"{name} never called simulate: the estimate must come from the "
                              f"experiment, not from theory.")
        largest = max(n for n, _ in log)
        if largest < 200:
            raise CheckFailed(f"your experiment simulated at most N = {largest} spins; use at "
                              f"least 200, where the finite-size tolerance J (0.02 + 2/√N) is "
                              f"about J/6 or better.")
        tolerance = J * (0.02 + 2.0 / math.sqrt(largest))
        results.append((J, estimate, tolerance, largest))
    (J1, e1, t1, n1), (J2, e2, t2, n2) = results
    if math.isclose(e1, e2, rel_tol=1e-3):
        raise CheckFailed(f"{name} gave {e1:.3f} for two models whose couplings differ by a "
                          f"factor 1.6: the estimate must follow what the simulation shows, not "
                          f"what mean-field theory says for J = 1.")
    for J, estimate, tolerance, largest in results:
        if abs(estimate - J) > tolerance:
            hint = (" Larger systems shrink the finite-size shift (and the tolerance)."
                    if largest < 2000 else "")
            raise CheckFailed(f"for one hidden model your estimate is {estimate:.3f}, off by "
                              f"more than the tolerance {tolerance:.3f} allowed at your largest "
                              f"N = {largest}. Look for what changes at T_c whatever N is: a "
                              f"peak of N(⟨m²⟩ - ⟨|m|⟩²)/T, or the temperature where Binder "
                              f"cumulants of two sizes cross.{hint}")
    print(f"✔ {name}: {e1:.3f} for T_c = {J1:g} (tolerance {t1:.3f}, N ≤ {n1}) and {e2:.3f} for "
          f"T_c = {J2:g} (tolerance {t2:.3f}, N ≤ {n2}).")


def check_annealed_entropy_zero(temperature) -> None:
    """Check ``temperature``: where the annealed entropy of the SK model, from
    [Z] = 2^N exp((N - 1)/(4T²)), falls to zero as N → ∞ (1/(2√ln 2) = 0.6006)."""
    T = real_number(temperature, "temperature")
    good = 0.5 / math.sqrt(math.log(2.0))
    if math.isclose(T, good, rel_tol=1e-3):
        print(f"✔ annealed_entropy_zero: s(T) = ln 2 - 1/(4T²) vanishes at T = {good:.4f}; below "
              f"it the annealed average is impossible for Ising spins.")
        return
    wrong = {0.5 / math.log(2.0): "it solves ln 2 = 1/(2T), but the annealed entropy depends on "
                                  "T through 1/T², not 1/T: take s = -∂f/∂T of the free "
                                  "energy, not -f/T or u/T.",
             1.0 / math.sqrt(2 * math.log(2.0)): "its 1/T² term is twice too large: per spin "
                                                 "the exponent of [Z] is (N - 1)/(4T²N); a "
                                                 "factor 2 slips in easily when differentiating.",
             1.0 / math.sqrt(math.log(2.0)): "its 1/T² term is four times too large: keep the "
                                             "1/4 of the exponent (N - 1)/(4T²) of [Z]."}
    refuse(f"temperature = {T:.4f}", T, wrong,
           "Per spin, ln[Z]/N → ln 2 + 1/(4T²); the annealed "
           "free energy is f = -T ln[Z]/N and the entropy s = -∂f/∂T. Where is s "
           "zero?", rel_tol=1e-3)


_CHI_T = 0.9


def check_susceptibility_below_tc(chi, amplitude) -> None:
    """Check ``chi``, the susceptibility χ = ∂m/∂h at h = 0 of the infinite Curie-Weiss model at
    T = 0.9, and ``amplitude``, the C of χ ≈ C / (1 - T) as T → 1 from below.

    Differentiating m = tanh((m + h)/T) gives χ = (1 - m²) / (T - (1 - m²)), with m the positive
    root of m = tanh(m/T) (χ(0.9) = 4.111); near T_c, 1 - m² ≈ 1 - 3(1 - T), so C = 1/2: half
    the amplitude 1 of the Curie-Weiss law 1/(T - 1) above T_c."""
    value = real_number(chi, "chi")
    c = real_number(amplitude, "amplitude")
    T = _CHI_T
    m = float(mean_field.mean_field_magnetization(T))
    good = (1 - m**2) / (T - (1 - m**2))
    if not math.isclose(value, good, rel_tol=1e-3):
        wrong = [(1 / (T - 1), "that is the Curie-Weiss law 1/(T - 1) of the state m = 0, "
                               "which below T_c = 1 is unstable (its χ is negative): "
                               "differentiate at the positive root of m = tanh(m/T)."),
                 ((1 - m**2) / T, "that is the response of spins in a fixed field: m itself "
                                  "responds to h and feeds back, so ∂m/∂h appears on both sides "
                                  "of the equation; solve for it."),
                 (1 / (2 * (1 - T)), "that is the leading order near T_c, 1/(2(1 - T)); at "
                                     "T = 0.9 keep the exact 1 - m² with the exact m."),
                 (1 / (1 - T), "that mirrors the Curie-Weiss law, 1/|T - 1|, but below T_c "
                               "the order m ≠ 0 stiffens the spins: use 1 - m² with the "
                               "positive root m."),
                 (T * good, "that is N var(m) = Tχ, the fluctuation, not the response: divide "
                            "by T."),
                 (-good, "check the sign: a field along m raises m, so χ > 0.")]
        refuse(f"chi = {value:.4g}", value, wrong,
               "Differentiate m = tanh((m + h)/T) with respect to "
               "h at h = 0, using d tanh(x)/dx = 1 - tanh²(x); then put in the "
               f"positive root m of m = tanh(m/T) at T = {T}.", rel_tol=1e-3)
    if not math.isclose(c, 0.5, rel_tol=1e-3):
        hints = {1.0: "that is the amplitude above T_c, of 1/(T - 1). Below, 1 - m² ≈ "
                      "1 - 3(1 - T) in the denominator T - (1 - m²): expand to first order.",
                 2.0: "that is (1 - T) χ upside down: C is the limit of (1 - T) χ, not of its "
                      "inverse.",
                 math.sqrt(3): "√3 is the amplitude of m ≈ √(3(1 - T)), not of χ: put "
                               "m² ≈ 3(1 - T) into χ = (1 - m²)/(T - (1 - m²)).",
                 1.0 / 3.0: "keep both terms of the denominator to first order in 1 - T: "
                            "T - 1 + m² ≈ -(1 - T) + 3(1 - T)."}
        refuse(f"chi is right; amplitude = {c:g}", c, hints,
               "Near T = 1, m² ≈ 3(1 - T) "
               "(Exercise 1): put it into your χ and keep the leading order in "
               "1 - T.", rel_tol=1e-3)
    print(f"✔ susceptibility_below_tc: χ({T}) = {good:.4f}, and χ ≈ 1/(2(1 - T)) below T_c "
          f"against 1/(T - 1) above: the same exponent γ = 1, amplitudes in the ratio 2.")
