"""Self-checks of Chapter 10: activations as gradients, the two-layer energy, the adiabatic
elimination of the memory layer, a Lagrangian of the reader's own and its capacity."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..lagrangian import Lagrangian, lagrangian
from ..patterns import flip, random_patterns
from ..two_layer import TwoLayerMemory
from ._core import CheckFailed, as_array, as_number, as_prediction, call, known_mistake, passed

__all__ = ["check_adiabatic_energy", "check_lagrangian", "check_log_cosh_activation",
           "check_log_sum_exp_activation", "check_rectified_activation",
           "check_restored_fraction", "check_two_layer_energy", "check_gap_prediction",
           "check_restoration_experiment"]

#: The Lagrangians of exercise 1: the parameter the reader's activation takes, and its values.
_EXERCISE_LAGRANGIANS = {"log-cosh": ("gain", (0.5, 2.0, 7.0)),
                         "log-sum-exp": ("beta", (0.3, 1.0, 5.0)),
                         "rectified polynomial": ("degree", (2, 3, 5))}


def _function(value, name: str) -> Callable:
    if not callable(value):
        raise TypeError(f"{name} must be your function, got {type(value).__name__}")
    return value


def _library_lagrangian(name: str, parameter) -> Lagrangian:
    if name == "log-cosh":
        return lagrangian("log-cosh", gain=parameter)
    if name == "log-sum-exp":
        return lagrangian("log-sum-exp", beta=parameter)
    return lagrangian("polynomial", degree=parameter, rectified=True)


def _activation_hint(name: str, got: np.ndarray, x: np.ndarray, parameter) -> str:
    """The likely mistake behind a wrong activation, or a general hint."""
    if name == "log-cosh":
        lam = parameter
        if np.allclose(got, np.tanh(x)):
            return "the gain belongs inside: d/dx [λ⁻¹ ln cosh(λx)] = tanh(λx)."
        if np.allclose(got, lam * np.tanh(lam * x)):
            return "the λ from the chain rule cancels the λ⁻¹ in front: no factor λ outside."
        if np.allclose(got, np.log(np.cosh(lam * x)) / lam):
            return "that is L itself; the activation is its derivative."
    elif name == "log-sum-exp":
        beta = parameter
        weights = np.exp(beta * (x - x.max()))
        if np.allclose(got / got.sum(), weights / weights.sum()) and not np.isclose(
                got.sum(), 1.0):
            return ("the weights must sum to 1: divide by Σ_j exp(β x_j) (the chain rule of "
                    "the logarithm).")
        plain = np.exp(x - x.max())
        if np.allclose(got, plain / plain.sum()):
            return "β belongs inside the exponential: softmax(β x)."
    else:
        n = parameter
        if np.allclose(got, n * x ** (n - 1)):
            return ("a rectified unit is silent for x < 0: use max(x, 0), so the activation is "
                    "n max(x, 0)ⁿ⁻¹.")
        if np.allclose(got, np.maximum(x, 0.0) ** (n - 1)):
            return "the derivative of xⁿ is n xⁿ⁻¹: the factor n is missing."
        if np.allclose(got, np.maximum(x, 0.0) ** n):
            return "that is L itself; the activation is its derivative."
    if np.allclose(got, -_library_lagrangian(name, parameter).activation(x)):
        return "the sign is wrong: the activation is +∇L."
    return "differentiate L with respect to each x_i."


def _check_activation(activation: Callable, name: str) -> None:
    """Run ``activation(x, parameter)`` against the gradient of exercise 1's Lagrangian ``name``."""
    _function(activation, "activation")
    label, parameters = _EXERCISE_LAGRANGIANS[name]
    rng = np.random.default_rng(101)
    cases = [(rng.normal(size=size) * scale, parameter)
             for parameter in parameters for size, scale in ((5, 1.0), (12, 3.0))]
    for x, parameter in cases:
        got = as_array(call(activation, "activation", x, parameter), "activation", x.shape)
        expected = _library_lagrangian(name, parameter).activation(x)
        if not np.allclose(got, expected, rtol=1e-9, atol=1e-12):
            worst = int(np.argmax(np.abs(got - expected)))
            raise CheckFailed(f"for {label} = {parameter} at x_{worst} = {x[worst]:.3f} the slope "
                              f"of L is {expected[worst]:.6g}, yours is {got[worst]:.6g}: "
                              f"{_activation_hint(name, got, x, parameter)}")
    passed(f"activation of the {name} Lagrangian", len(cases))


def check_log_cosh_activation(activation: Callable) -> None:
    """Check ``activation(x, gain)``: the gradient of L = λ⁻¹ Σ ln cosh(λx)."""
    _check_activation(activation, "log-cosh")


def check_log_sum_exp_activation(activation: Callable) -> None:
    """Check ``activation(x, beta)``: the gradient of L = β⁻¹ ln Σ exp(βx)."""
    _check_activation(activation, "log-sum-exp")


def check_rectified_activation(activation: Callable) -> None:
    """Check ``activation(x, degree)``: the gradient of L = Σ max(x, 0)ⁿ."""
    _check_activation(activation, "rectified polynomial")


def _two_layer_cases():
    rng = np.random.default_rng(102)
    cases = []
    for p, n, gain, beta, scale in ((3, 8, 1.0, 1.0, 1.0), (10, 30, 4.0, 0.2, 2.0),
                                    (26, 64, 0.5, 2.0, 0.5), (5, 20, 10.0, 0.05, 3.0)):
        patterns = np.where(rng.random((p, n)) < 0.5, 1.0, -1.0)
        cases.append((rng.normal(size=n) * scale, rng.normal(size=p) * scale * 3, patterns,
                      gain, beta))
    return cases


def check_two_layer_energy(energy: Callable) -> None:
    """Check ``energy(v, h, patterns, gain, beta)``: Krotov & Hopfield's E(v, h) for log-cosh
    feature neurons of gain λ and log-sum-exp memory neurons at β."""
    name = "two_layer_energy"
    _function(energy, "energy")
    cases = _two_layer_cases()
    for v, h, patterns, gain, beta in cases:
        got = as_number(call(energy, name, v, h, patterns, gain, beta), name)
        feature = lagrangian("log-cosh", gain=gain)
        memory = lagrangian("log-sum-exp", beta=beta)
        expected = TwoLayerMemory(patterns, feature=feature, memory=memory).energy(v, h)
        if np.isclose(got, expected, rtol=1e-9, atol=1e-9):
            continue
        g, f = feature.activation(v), memory.activation(h)
        coupling = f @ patterns @ g
        feature_term, memory_term = feature.legendre(v), memory.legendre(h)
        hints = [
            (feature_term + memory_term + coupling, "the interaction is -Σ f_μ ξ_μi g_i: mind "
                                                    "its sign."),
            (memory_term - coupling, "the feature layer's term Σ v_i g_i - L_v is missing."),
            (feature_term - coupling, "the memory layer's term Σ h_μ f_μ - L_h is missing."),
            (feature_term + memory_term - h @ patterns @ v,
             "the synapses couple the activations, f and g, not the states h and v."),
            (v @ g + h @ f - coupling, "each layer's term is Σ x g - L: subtract the "
                                       "Lagrangian."),
        ]
        hint = known_mistake(got, hints, "compare each of the three terms with the formula.")
        raise CheckFailed(f"for {len(h)} memories of {len(v)} features (λ = {gain:g}, "
                          f"β = {beta:g}) E is {expected:.6g}, yours is {got:.6g}: {hint}")
    passed(name, len(cases))


def check_adiabatic_energy(adiabatic_energy: Callable) -> None:
    """Check ``adiabatic_energy(v, patterns, beta)``: the energy of linear feature neurons once
    the log-sum-exp memory layer is at equilibrium, ½ vᵀv - lse(β, Ξv)."""
    name = "adiabatic_energy"
    _function(adiabatic_energy, "adiabatic_energy")
    cases = _two_layer_cases()
    for v, _, patterns, _, beta in cases:
        got = as_number(call(adiabatic_energy, name, v, patterns, beta), name)
        expected = TwoLayerMemory.preset("modern", patterns, beta=beta).adiabatic_energy(v)
        if np.isclose(got, expected, rtol=1e-9, atol=1e-9):
            continue
        scores = patterns @ v
        lse = lagrangian("log-sum-exp", beta=beta).value(scores)
        constants = np.log(len(patterns)) / beta + 0.5 * np.max(np.sum(patterns**2, axis=1))
        hints = [
            (expected + constants, "that is Ramsauer et al.'s energy: the constants "
                                   "β⁻¹ ln N + ½M² do not come out of the elimination."),
            (-lse, "the feature layer's term Σ v_i g_i - L_v = ½ vᵀv is missing."),
            (v @ v - lse, "the feature layer's term is vᵀv - L_v(v) = vᵀv - ½ vᵀv = ½ vᵀv: "
                          "its Lagrangian takes back half of vᵀv."),
            (0.5 * v @ v + lse, "the memory layer contributes -L_h(Ξg), with a minus sign."),
            (0.5 * v @ v - beta * lse, "L_h = β⁻¹ ln Σ exp(β h): divide the logarithm by β."),
            (0.5 * v @ v - scores.max(), "the largest score alone is the limit β → ∞; keep "
                                         "the whole log-sum-exp."),
        ]
        hint = known_mistake(got, hints, "put h = Ξg into E(v, h) and simplify.")
        raise CheckFailed(f"for {len(patterns)} patterns of {len(v)} features at β = {beta:g} "
                          f"the energy is {expected:.6g}, yours is {got:.6g}: {hint}")
    passed(name, len(cases))


def check_lagrangian(layer: Lagrangian) -> None:
    """Check a Lagrangian of your own: ``value`` gives one number per state, ``activation``
    is its gradient, and L is convex (which keeps the two-layer energy falling)."""
    if not isinstance(layer, Lagrangian):
        raise TypeError(f"layer must be a Lagrangian, made with Lagrangian(value, activation, "
                        f"name=...); got {type(layer).__name__}")
    rng = np.random.default_rng(103)
    cases = [rng.normal(size=(4, 7)) * scale for scale in (0.3, 1.0, 4.0)]
    for x in cases:
        try:
            value, slope = layer.value(x), layer.activation(x)
        except NotImplementedError:
            raise CheckFailed("your Lagrangian still raises NotImplementedError: replace the "
                              "line `raise NotImplementedError()` with your code.") from None
        except ValueError as error:  # a value or activation of the wrong shape
            raise CheckFailed(str(error)) from None
        step = 1e-6 * max(1.0, np.abs(x).max())
        numeric = np.stack([(layer.value(x + step * e) - layer.value(x - step * e)) / (2 * step)
                            for e in np.eye(x.shape[1])], axis=-1)
        scale = max(1.0, np.abs(numeric).max())
        if not np.allclose(slope, numeric, rtol=1e-4, atol=1e-6 * scale):
            row, unit = np.unravel_index(np.argmax(np.abs(slope - numeric)), x.shape)
            raise CheckFailed(f"activation is not the gradient of value: at x = "
                              f"{x[row, unit]:.3f} the slope of L along unit {unit} is "
                              f"{numeric[row, unit]:.6g}, your activation gives "
                              f"{slope[row, unit]:.6g}.")
        y = rng.normal(size=x.shape) * np.abs(x).max()
        middle = layer.value((x + y) / 2)
        chord = (value + layer.value(y)) / 2
        bad = middle > chord + 1e-9 * np.maximum(1.0, np.abs(chord))
        if np.any(bad):
            k = int(np.argmax(bad))
            raise CheckFailed(f"L is not convex: halfway between two states it is "
                              f"{middle[k]:.6g}, above the average {chord[k]:.6g} of its ends. "
                              f"A concave part lets the energy rise; change L.")
    passed(f"your Lagrangian {layer.name!r} (gradient and convexity)", len(cases))


def _expected_restored_fraction(network: TwoLayerMemory, cues: np.ndarray) -> float:
    targets = network.patterns[:len(cues)]
    return float(np.mean(np.all(np.sign(network.update(cues)) == targets, axis=1)))


def check_restored_fraction(restored_fraction: Callable) -> None:
    """Check ``restored_fraction(network, cues)``: the fraction of the cues (cue k a corrupted
    copy of the stored pattern k) that one update turns into their pattern, every unit's sign
    right."""
    name = "restored_fraction"
    _function(restored_fraction, "restored_fraction")
    rng = np.random.default_rng(104)
    cases = []
    for preset, count, n, options in (("classical", 3, 60, {}), ("classical", 12, 60, {}),
                                      ("classical", 200, 60, {}),
                                      ("dense", 60, 30, dict(degree=4)),
                                      ("exponential", 300, 30, dict(beta=1.0))):
        patterns = np.where(rng.random((count, n)) < 0.5, 1.0, -1.0)
        tested = min(count, 40)
        cues = patterns[:tested] * np.where(rng.random((tested, n)) < 0.15, -1.0, 1.0)
        cases.append((TwoLayerMemory.preset(preset, patterns, gain=3.0, **options), cues))
    for network, cues in cases:
        got = as_number(call(restored_fraction, name, network, cues), name)
        expected = _expected_restored_fraction(network, cues)
        if np.isclose(got, expected, atol=1e-12):
            continue
        targets = network.patterns[:len(cues)]
        new = network.update(cues)
        hints = [(float(np.mean(np.sign(new) == targets)),
                  "count a cue as restored only when every one of its units is right, not unit "
                  "by unit."),
                 (expected * len(cues), "return a fraction of the cues, not a count."),
                 (float(np.mean(np.all(new == targets, axis=1))),
                  "the activations are tanh(λv), close to ±1 but not equal: compare signs."),
                 (float(np.mean(np.all(np.sign(new) == cues, axis=1))),
                  "compare with the stored pattern, network.patterns[k], not with the cue: a "
                  "cue that stays as it is was not restored.")]
        hint = known_mistake(got, hints, "update every cue once and compare its sign with its "
                             "pattern.", rel_tol=0.0, abs_tol=1e-12)
        raise CheckFailed(f"for {len(cues)} cues of {network.n_memories} stored patterns of "
                          f"{network.n_features} units ({network.memory.name}) the restored "
                          f"fraction is {expected:.3f}, yours is {got:.3f}: {hint}")
    passed(name, len(cases))


def _largest_gap(tau_memory: float) -> float:
    """The largest gap E(v, h) - E(v) along 100 steps (Δt = 0.02) of the modern two-layer network
    (20 patterns of 50 units, β = 0.2), from a pattern with 30 % of its bits flipped and the
    memory layer at equilibrium."""
    rng = np.random.default_rng(100)
    patterns = random_patterns(20, 50, rng=rng).astype(np.float64)
    beta = 0.2
    network = TwoLayerMemory.preset("modern", patterns, beta=beta, tau_memory=tau_memory)
    v = flip(patterns[0].astype(np.int8), 0.3, rng=rng).astype(np.float64)
    h = patterns @ v
    gaps = []
    for _ in range(100):
        v, h = network.step(v, h, 0.02)
        scores = beta * (patterns @ v)
        top = scores.max()
        adiabatic = 0.5 * v @ v - (top + np.log(np.sum(np.exp(scores - top)))) / beta
        gaps.append(network.energy(v, h) - adiabatic)
    return float(max(gaps))


def check_gap_prediction(predicted) -> None:
    """Record a prediction of the factor by which the largest gap E(v, h) - E(v) between the
    two-layer energy and the adiabatic one shrinks when the memory layer's time constant τ_h
    halves from 0.1 to 0.05; then measure it, and at smaller τ_h, and say what it means."""
    guess = as_prediction(predicted, "predicted", "a factor, such as 3", 0)
    taus = (0.1, 0.05, 0.025, 0.0125)
    gaps = [_largest_gap(tau) for tau in taus]
    factors = [gaps[k] / gaps[k + 1] for k in range(len(taus) - 1)]
    measured = factors[0]
    if abs(guess - measured) <= 0.5:
        meaning = "within 0.5"
    elif guess < measured:
        meaning = ("you expected less: if the gap grew linearly with the lag of h behind Ξv, "
                   "of order τ_h, halving τ_h would halve it; but E(v, h) rises quadratically "
                   "from its minimum h = Ξv, and in continuous time (Δt ≪ τ_h) the gap goes as "
                   "τ_h², a factor 4")
    else:
        meaning = ("you expected more: a factor 4 (gap ∝ τ_h²) is the continuous-time limit, "
                   "Δt ≪ τ_h; here the step Δt = 0.02 is not small against τ_h, and as τ_h "
                   "falls towards it the factor falls towards 2: the integrator's step, not "
                   "τ_h alone, then sets the lag")
    shown = ", ".join(f"{taus[k]} → {taus[k + 1]}: ×{f:.2f}" for k, f in enumerate(factors))
    print(f"✔ prediction recorded: you said ×{guess:.3g}; the largest gap shrank by "
          f"×{measured:.2f} at Δt = 0.02 ({shown}): {meaning}.")


def _restored(memory: Lagrangian, n: int, k: int, rho: float, sets: int,
              rng: np.random.Generator) -> np.ndarray:
    """Per pattern set, the fraction of cues (up to 50 stored patterns, a fraction ``rho`` of
    their bits flipped) that one update of the two-layer network restores in every unit."""
    fractions = []
    for _ in range(sets):
        patterns = random_patterns(k, n, rng=rng)
        network = TwoLayerMemory(patterns, feature=lagrangian("log-cosh", gain=10.0),
                                 memory=memory)
        cues = flip(patterns[:50], rho, rng=rng)
        fractions.append(np.mean(np.all(np.sign(network.update(cues)) == patterns[:50],
                                        axis=1)))
    return np.array(fractions)


def check_restoration_experiment(memory, n_neurons, n_patterns, flipped, restored) -> None:
    """Check a measured restoration of a two-layer network with the memory Lagrangian
    ``memory`` (log-cosh features of gain 10): ``restored`` holds, for each of at least three
    pattern sets of ``n_patterns`` random patterns of ``n_neurons`` units, the fraction of cues
    with a fraction ``flipped`` of their bits flipped that one update restores. The check
    measures the same with six sets of its own and accepts a mean within 3.5 combined standard
    errors (each the spread over the sets, with a binomial floor)."""
    if not isinstance(memory, Lagrangian):
        raise CheckFailed(f"memory must be your Lagrangian; got {type(memory).__name__}.")
    for value, label, low, high in ((n_neurons, "n_neurons", 16, 128),
                                    (n_patterns, "n_patterns", 2, 4096)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not (
                low <= value <= high):
            raise CheckFailed(f"{label} must be a whole number from {low} to {high}; got "
                              f"{value!r}.")
    if isinstance(flipped, bool) or not isinstance(flipped, (float, int)) or not (
            0 < flipped < 0.5):
        raise CheckFailed(f"flipped must be a fraction between 0 and ½; got {flipped!r}.")
    yours = as_array(restored, "restored", np.shape(restored)).astype(np.float64).reshape(-1)
    if yours.size < 3 or np.any((yours < 0) | (yours > 1)):
        raise CheckFailed(f"restored must hold one fraction from 0 to 1 for each of at least "
                          f"three pattern sets; got {yours.size} values.")
    n, k = int(n_neurons), int(n_patterns)
    mine = _restored(memory, n, k, float(flipped), 6, np.random.default_rng(104))
    cues = min(k, 50)

    def error(fractions):
        p = fractions.mean()
        floor = np.sqrt(max(p * (1 - p), 1 / cues) / (cues * fractions.size))
        return max(float(fractions.std(ddof=1) / np.sqrt(fractions.size)), floor)

    spread = 3.5 * np.hypot(error(yours), error(mine))
    if abs(yours.mean() - mine.mean()) <= spread:
        print(f"✔ restoration_experiment: {memory.name}, K = {k} in N = {n}: you measured "
              f"{yours.mean():.2f}, the check {mine.mean():.2f} (tolerance ±{spread:.2f}).")
        return
    if yours.mean() > mine.mean():
        hint = ("yours is higher: did you count units with the right sign rather than cues "
                "restored in every unit, or cue with fewer flipped bits than you passed?")
    else:
        hint = ("yours is lower: did you compare each restored cue with its own pattern "
                "(cue k with network.patterns[k]), and take the sign of the update?")
    raise CheckFailed(f"with your Lagrangian, K = {k} patterns of N = {n} units and "
                      f"{flipped:.0%} of the bits flipped, one update restores "
                      f"{mine.mean():.2f} of the cues; you measured {yours.mean():.2f} "
                      f"(tolerance ±{spread:.2f}): {hint}")
