"""Self-checks for the exercises.

A check runs the learner's function on several inputs, compares it with the library's own
answer, and either prints one line saying it passed or raises :class:`CheckFailed` with a short,
specific hint at the mistake. In Jupyter a failed check shows only the hint, not a traceback.

Every check is tested against plausible wrong implementations (``tests/test_checks.py``), so
none can pass vacuously.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from . import experiments, ising
from .dense import DenseAssociativeMemory, dense_capacity
from .hetero import BidirectionalMemory
from .hopfield import HopfieldNetwork, hebbian, pseudoinverse, storkey
from .modern import ModernHopfield, attention
from .patterns import flip, letters, overlap, random_patterns

__all__ = ["CheckFailed", "check_async_update", "check_bam_recall", "check_binder_crossing",
           "check_correlation", "check_dense_capacity_point", "check_dense_energy",
           "check_dense_update", "check_fixed_point", "check_flip", "check_hebbian",
           "check_lattice_energy", "check_metropolis_sweep", "check_mixture", "check_overlap",
           "check_pseudoinverse", "check_retrieval_rate", "check_storkey_update",
           "check_sync_cycle", "check_to_spins",
           "check_softmax_lse", "check_modern_update", "check_modern_energy",
           "check_attention_from_update", "check_attended_patterns", "check_retrieval_classifier"]


class CheckFailed(AssertionError):
    """A self-check found a mistake; the message is a hint at what to change."""

    def _render_traceback_(self) -> list[str]:
        # IPython calls this instead of printing a traceback: the learner sees only the hint.
        return [f"\x1b[1;31m✘ Not yet.\x1b[0m {self.args[0]}"]


def _passed(name: str, cases: int) -> None:
    print(f"✔ {name}: correct on all {cases} test cases.")


def _call(function: Callable, name: str, *args):
    """Call the learner's function on copies of ``args`` and check that it left them alone."""
    copies = [np.array(a, copy=True) if isinstance(a, np.ndarray) else a for a in args]
    try:
        result = function(*copies)
    except NotImplementedError:
        raise CheckFailed(f"{name} still raises NotImplementedError: replace the line "
                          f"`raise NotImplementedError()` with your code.") from None
    for original, copy in zip(args, copies):
        if isinstance(original, np.ndarray) and not np.array_equal(original, copy):
            raise CheckFailed(f"{name} changed the array it was given; work on a copy "
                              f"(array.copy()) and return that.")
    return result


def _as_number(result, name: str) -> float:
    if result is None:
        raise CheckFailed(f"{name} returned None: did you forget to return the result?")
    return float(np.asarray(result))


def _as_array(result, name: str, expected_shape: tuple[int, ...]) -> np.ndarray:
    array = np.asarray(result)
    if array.shape != expected_shape:
        hint = " Did you forget to return the result?" if result is None else ""
        raise CheckFailed(f"{name} returned shape {array.shape}, expected {expected_shape}.{hint}")
    return array


def _spin_values(array: np.ndarray, name: str) -> None:
    values = np.unique(array)
    if not np.all(np.isin(values, (-1, 1))):
        shown = ", ".join(f"{v:g}" for v in values[:6])
        raise CheckFailed(f"{name} returned the values {{{shown}}}; a pattern holds only -1 "
                          f"and +1.")


def check_to_spins(to_spins: Callable) -> None:
    """Check ``to_spins(image)``: a 0/1 image (any dtype, boolean too) to -1/+1 coding."""
    name = "to_spins"
    rng = np.random.default_rng(2)
    images = [np.array([0, 1, 1, 0]), np.array([[1, 0], [0, 0]]),
              rng.random(64) < 0.5, (rng.random((8, 8)) < 0.3).astype(np.uint8),
              (rng.random(25) < 0.5).astype(float)]
    for image in images:
        result = _as_array(_call(to_spins, name, image), name, image.shape)
        expected = np.where(image.astype(bool), 1, -1)
        if image.dtype == np.uint8 and np.any(result == 255):
            raise CheckFailed(f"{name} turned a 0 of a uint8 image into 255: unsigned integers "
                              f"wrap around below 0. Convert to a signed type first, for "
                              f"example image.astype(int).")
        if np.array_equal(result, -expected):
            raise CheckFailed(f"{name} swapped black and white: a 1 (ink) must become +1 and a "
                              f"0 must become -1.")
        _spin_values(result, name)
        if not np.array_equal(result, expected):
            raise CheckFailed(f"{name}({image.astype(int).ravel()[:6].tolist()}...) gave "
                              f"{result.astype(int).ravel()[:6].tolist()}...; each 1 must become "
                              f"+1 and each 0 must become -1.")
    _passed(name, len(images))


def check_overlap(my_overlap: Callable) -> None:
    """Check ``my_overlap(a, b)``: the overlap ``a·b / n`` of two ±1 patterns."""
    name = "overlap"
    rng = np.random.default_rng(3)
    cases = 0
    for n in (16, 64, 100, 256):
        xi = random_patterns(1, n, rng=rng)[0]
        for k in (0, n, 1, n // 4, n // 2):  # the telling cases, ξ·ξ and ξ·(-ξ), first
            other = xi.copy()
            other[rng.permutation(n)[:k]] *= -1
            expected = overlap(xi, other)
            got = _as_number(_call(my_overlap, name, xi, other), name)
            cases += 1
            if np.isclose(got, expected):
                continue
            if k == 0 and np.isclose(got, n):
                raise CheckFailed(f"{name}(ξ, ξ) gave {got:g} for n = {n}; it should be 1. "
                                  f"Divide the dot product by the number of units n.")
            if k == n and np.isclose(got, 0.0):
                raise CheckFailed(f"{name}(ξ, -ξ) gave {got:g}; it should be -1. A unit that "
                                  f"disagrees counts -1, not 0: use the product ξ_i s_i.")
            if np.isclose((got - expected) * n % 256, 0):
                raise CheckFailed(f"{name} gave {got:.4g} for n = {n}, expected {expected:.4g}: "
                                  f"the dot product of two int8 arrays is an int8 too, and wraps "
                                  f"around above 127. Convert first (a.astype(int)) or use "
                                  f"np.mean(a * b).")
            raise CheckFailed(f"{name} of two patterns of n = {n} units that differ in {k} "
                              f"gave {got:.4g}; expected 1 - 2·{k}/{n} = {expected:.4g}.")
    _passed(name, cases)


def check_flip(my_flip: Callable) -> None:
    """Check ``my_flip(pattern, k, rng)``: a copy with exactly ``k`` distinct units flipped."""
    name = "flip"
    n = 64
    pattern = random_patterns(1, n, rng=4)[0]
    flipped_sets = set()
    cases = 0
    for seed in range(5):
        for k in (0, 1, 10, 32, 64):
            result = _as_array(_call(my_flip, name, pattern, k, np.random.default_rng(seed)),
                               name, pattern.shape)
            _spin_values(result, name)
            changed = np.flatnonzero(result != pattern)
            cases += 1
            if changed.size != k:
                hint = (" Drawing units with replacement picks some twice: use "
                        "rng.choice(n, size=k, replace=False).") if changed.size < k else ""
                raise CheckFailed(f"{name}(pattern, k={k}) changed {changed.size} units; it "
                                  f"must flip exactly {k} distinct units.{hint}")
            if k == 10:
                flipped_sets.add(tuple(changed))
    if len(flipped_sets) == 1:
        raise CheckFailed(f"{name} flipped the same units for 5 different random generators; "
                          f"choose the units at random with the rng it is given.")
    _passed(name, cases)


# --- chapter 1: the Ising model -----------------------------------------------------------------


def _random_lattice(shape, rng) -> np.ndarray:
    return np.where(rng.random(shape) < 0.5, 1, -1).astype(np.int8)


def check_lattice_energy(energy: Callable) -> None:
    """Check ``energy(spins, J)``: the total energy -J Σ_<ij> s_i s_j of a periodic lattice."""
    name = "energy"
    rng = np.random.default_rng(11)
    cases = [(np.ones((4, 4), np.int8), 1.0), (np.where(np.indices((4, 4)).sum(0) % 2, 1, -1), 1.0),
             (_random_lattice((3, 3), rng), 1.0), (_random_lattice((8, 8), rng), 1.0),
             (_random_lattice((5, 5), rng), 0.7), (_random_lattice((4, 6), rng), 1.0)]
    for spins, J in cases:
        got = _as_number(_call(energy, name, spins, J), name)
        expected = ising.lattice_energy(spins, J=J)
        if np.isclose(got, expected):
            continue
        s = spins.astype(np.int64)
        open_bonds = np.sum(s[:, :-1] * s[:, 1:]) + np.sum(s[:-1, :] * s[1:, :])
        where = f"for a {spins.shape[0]} × {spins.shape[1]} lattice with J = {J}"
        if np.isclose(got, 2 * expected):
            raise CheckFailed(f"{name} gave {got:g} {where}, twice the right {expected:g}: each "
                              f"bond was counted from both of its ends. Sum s_i s_j over the "
                              f"right and lower neighbours only.")
        if np.isclose(got, -expected):
            raise CheckFailed(f"{name} gave {got:g} {where}, expected {expected:g}: check the "
                              f"sign. Aligned neighbours (s_i s_j = +1) lower the energy.")
        if np.isclose(got, -J * open_bonds):
            raise CheckFailed(f"{name} gave {got:g} {where}, expected {expected:g}: the bonds "
                              f"across the edges are missing. The lattice wraps around; "
                              f"np.roll(spins, -1, axis) pairs each spin with its neighbour, "
                              f"edges included.")
        if J != 1.0 and np.isclose(got, expected / J):
            raise CheckFailed(f"{name} gave {got:g} {where}, expected {expected:g}: multiply "
                              f"by the coupling J.")
        raise CheckFailed(f"{name} gave {got:g} {where}, expected {expected:g}.")
    _passed(name, len(cases))


def check_metropolis_sweep(sweep: Callable, *, sweeps: int = 4000) -> None:
    """Check ``sweep(spins, T, rng)``: one Metropolis sweep, sampled against exact weights.

    Runs the learner's sweep as a Markov chain on a 3 × 3 lattice at T = 2.5 and compares how
    often it visits each energy with the exact Boltzmann probabilities of all 512 states.
    """
    name = "metropolis_sweep"
    T, L = 2.5, 3
    rng = np.random.default_rng(12)
    spins = np.ones((L, L), np.int8)
    energies = []
    for _ in range(sweeps):
        new = _as_array(_call(sweep, name, spins, T, rng), name, spins.shape)
        _spin_values(new, name)
        spins = new.astype(np.int8)
        energies.append(ising.lattice_energy(spins))
    energies = np.array(energies)
    if np.all(energies == energies[0]):
        raise CheckFailed(f"{name} never left the starting lattice (all spins up) in {sweeps} "
                          f"sweeps at T = {T}: from there every move raises the energy, and "
                          f"must be accepted with probability exp(-ΔE / T).")
    exact = ising.enumerate_states(L, T)
    levels = np.unique(exact.energy * L * L)
    p = np.array([exact.probability[np.isclose(exact.energy * L * L, e)].sum() for e in levels])
    batches = np.array_split(energies, 40)
    freq = np.stack([[np.mean(np.isclose(b, e)) for e in levels] for b in batches])
    z = (freq.mean(0) - p) / (freq.std(0, ddof=1) / np.sqrt(len(batches)) + 1e-12)
    mean = float(energies.mean())
    expected_mean = float(np.sum(p * levels))
    if np.abs(z[p > 0.01]).max() > 5:
        if mean < expected_mean:
            raise CheckFailed(f"the lattice is too ordered: mean energy {mean:.2f} against the "
                              f"exact {expected_mean:.2f} at T = {T}. Accept a move that raises "
                              f"the energy with probability exp(-ΔE / T), not never.")
        raise CheckFailed(f"the lattice is too disordered: mean energy {mean:.2f} against the "
                          f"exact {expected_mean:.2f} at T = {T}. Accept a move that raises the "
                          f"energy only with probability exp(-ΔE / T), with "
                          f"ΔE = 2 s_i Σ_j s_j (mind the factor 2).")
    print(f"✔ {name}: {sweeps} sweeps of a 3 × 3 lattice visit every energy with its exact "
          f"Boltzmann probability.")


def _interpolated_crossing(T, a, b) -> float:
    """Where b - a changes sign, by linear interpolation between the two grid points."""
    d = np.asarray(b) - np.asarray(a)
    k = np.flatnonzero(np.sign(d[:-1]) != np.sign(d[1:]))[0]
    return float(T[k] + (T[k + 1] - T[k]) * d[k] / (d[k] - d[k + 1]))


def check_binder_crossing(binder_crossing: Callable) -> None:
    """Check ``binder_crossing(T, u_small, u_large)``: where two Binder curves cross."""
    name = "binder_crossing"
    cases = []
    for crossing in (2.27, 2.31, 2.2437):
        T = np.linspace(2.1, 2.45, 15)
        small = 0.61 - 0.4 * (T - crossing) + 0.3 * (T - crossing) ** 2
        large = 0.61 - 1.2 * (T - crossing)
        cases.append((T, small, large))
        cases.append((T[::-1].copy(), small[::-1].copy(), large[::-1].copy()))  # hot to cold
    for T, small, large in cases:
        got = _as_number(_call(binder_crossing, name, T, small, large), name)
        expected = _interpolated_crossing(T, small, large)
        if np.isclose(got, expected, atol=1e-9):
            continue
        order = "decreasing" if T[0] > T[-1] else "increasing"
        if np.any(np.isclose(got, T)):
            raise CheckFailed(f"{name} returned the grid temperature {got:.4f}; the curves "
                              f"cross between grid points, at {expected:.4f}. Interpolate "
                              f"linearly between the two temperatures where u_large - u_small "
                              f"changes sign.")
        raise CheckFailed(f"{name} gave {got:.4f} for temperatures in {order} order; the "
                          f"crossing is at {expected:.4f}.")
    _passed(name, len(cases))


def check_correlation(correlation: Callable) -> None:
    """Check ``correlation(samples, r)``: ⟨s_i s_{i+r}⟩ over sites and samples of a ring."""
    name = "correlation"
    rng = np.random.default_rng(14)
    samples = np.where(np.cumsum(rng.random((50, 40)) < 0.2, axis=1) % 2, 1, -1).astype(np.int8)
    cases = 0
    for r in (0, 1, 3, 10, 39):
        got = _as_number(_call(correlation, name, samples, r), name)
        s = samples.astype(float)
        expected = float(np.mean(s * np.roll(s, -r, axis=1)))
        cases += 1
        if np.isclose(got, expected):
            continue
        if r > 0 and np.isclose(got, np.mean(s[:, :-r] * s[:, r:])):
            raise CheckFailed(f"{name}(samples, {r}) left out the pairs that wrap around the "
                              f"ring; every site has a partner r steps on. Use "
                              f"np.roll(samples, -r, axis=1).")
        if np.isclose(got, np.mean(s[:, 0] * s[:, r])):
            raise CheckFailed(f"{name}(samples, {r}) averaged over site 0 only. On a ring "
                              f"every site is equivalent: average s_i s_(i+r) over all sites "
                              f"i, which cuts the noise by √L.")
        raise CheckFailed(f"{name}(samples, {r}) gave {got:.4f}, expected {expected:.4f}.")
    _passed(name, cases)


# --- chapter 2: the Hopfield network ------------------------------------------------------------


def check_hebbian(my_hebbian: Callable) -> None:
    """Check ``my_hebbian(patterns)``: W = (1/N) Σ_μ ξ^μ ξ^μᵀ with a zero diagonal."""
    name = "hebbian"
    # the last case: biased patterns, whose sums over 600 patterns overflow an int8 (max 127)
    cases = [(3, 10, 0.0), (1, 25, 0.0), (12, 40, 0.0), (600, 30, 0.5)]
    for p, n, bias in cases:
        xi = random_patterns(p, n, bias=bias, rng=p + n)
        w = _as_array(_call(my_hebbian, name, xi), name, (n, n)).astype(np.float64)
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
    _passed(name, len(cases))


def check_async_update(update_unit: Callable) -> None:
    """Check ``update_unit(W, s, i)``: unit i takes the sign of its field; returns the new state
    and the energy change ΔE = E(new) - E(old)."""
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
        result = _call(update_unit, name, w, s, i)
        if not isinstance(result, tuple) or len(result) != 2:
            raise CheckFailed(f"{name} must return two things, the new state and the energy "
                              f"change: return new_state, delta_e")
        new_state = _as_array(result[0], name, s.shape)
        delta = _as_number(result[1], name)
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
    _passed(name, len(cases))


def check_sync_cycle(cycle_length: Callable) -> None:
    """Check ``cycle_length(W, s, max_steps)``: 1 for a fixed point, 2 for a two-cycle under
    synchronous updates (0 when neither appears within max_steps)."""
    name = "cycle_length"
    rng = np.random.default_rng(22)
    cases = [(np.array([[0.0, -1.0], [-1.0, 0.0]]), np.array([1, 1], np.int8))]
    for _ in range(20):
        n = int(rng.integers(4, 25))
        w = rng.normal(size=(n, n))
        w = (w + w.T) / 2
        np.fill_diagonal(w, 0.0)
        cases.append((w, random_patterns(1, n, rng=rng)[0]))
    seen = set()
    for w, s in cases:
        got = _call(cycle_length, name, w, s, 100)
        expected = HopfieldNetwork(w).recall(s, mode="sync", max_sweeps=100).cycle_length
        seen.add(expected)
        if got is None:
            raise CheckFailed(f"{name} returned None: did you forget to return the result?")
        if int(got) != expected:
            hint = (" A two-cycle never repeats the state just before it: compare with the "
                    "state two steps back too." if expected == 2 else "")
            raise CheckFailed(f"from this state the synchronous dynamics ends in "
                              f"{'a fixed point' if expected == 1 else 'a two-cycle'}; {name} "
                              f"returned {got}.{hint}")
    _passed(name, len(cases))


# --- chapter 3: capacity ------------------------------------------------------------------------


def check_retrieval_rate(retrieval_rate: Callable) -> None:
    """Check ``retrieval_rate(n_neurons, n_patterns, rng)``: store that many random patterns,
    recall from each, return the fraction that end with overlap above 0.9."""
    name = "retrieval_rate"
    n = 200
    for p, low, high in ((10, 0.9, 1.0), (60, 0.0, 0.5)):  # load 0.05 and 0.3, far from α_c
        got = _as_number(_call(retrieval_rate, name, n, p, np.random.default_rng(p)), name)
        if not 0.0 <= got <= 1.0:
            raise CheckFailed(f"{name} returned {got:g}; a fraction lies between 0 and 1.")
        if not low <= got <= high:
            if p == 60 and got > 0.9:
                raise CheckFailed(f"{name}({n}, {p}) = {got:.2f}, but at load 0.3 recall fails: "
                                  f"it ends with an overlap near 0.3. Did you measure the cue "
                                  f"instead of the state where recall ends, or count a recall "
                                  f"as retrieved below an overlap of 0.9?")
            raise CheckFailed(f"{name}({n}, {p}) = {got:.2f}; at load {p / n:g} it should lie "
                              f"between {low} and {high}.")
    # near α_c, against the library's own measurement, averaged over networks
    p = 28
    theirs = np.mean([_as_number(_call(retrieval_rate, name, n, p, np.random.default_rng(s)),
                                 name) for s in range(8)])
    ours = experiments.capacity_curve([n], [p / n], trials=20, recalls=None, rng=5,
                                      progress=False).retrieval_rate[0, 0]
    if abs(theirs - ours) > 0.2:
        raise CheckFailed(f"near α_c your retrieval rate for N = {n}, p = {p} averages "
                          f"{theirs:.2f} over 8 networks; the library measures {ours:.2f}. "
                          f"Count a recall as retrieved when its final overlap exceeds 0.9.")
    print(f"✔ {name}: right at loads 0.05 and 0.3, and within 0.2 of the library near α_c "
          f"({theirs:.2f} against {ours:.2f}).")


def check_mixture(mixture: Callable) -> None:
    """Check ``mixture(patterns)``: the state sgn(ξ¹ + ξ² + ξ³) of three patterns (rows)."""
    name = "mixture"
    cases = 0
    for n in (9, 40, 101):
        xi = random_patterns(3, n, rng=n)
        got = _as_array(_call(mixture, name, xi), name, (n,))
        _spin_values(got, name)
        expected = experiments.mixture_state(xi)
        cases += 1
        if np.array_equal(got, expected):
            continue
        if np.array_equal(got, xi[0] * xi[1] * xi[2]):
            raise CheckFailed(f"{name} multiplied the patterns; the mixture is the sign of their "
                              f"sum, a majority vote of the three at each unit.")
        raise CheckFailed(f"{name} differs from sgn(ξ¹ + ξ² + ξ³) at "
                          f"{int(np.sum(got != expected))} of {n} units.")
    _passed(name, cases)


def check_fixed_point(is_fixed_point: Callable) -> None:
    """Check ``is_fixed_point(W, s)``: True when no unit would change under the update rule."""
    name = "is_fixed_point"
    cases = []
    rng = np.random.default_rng(23)
    for _ in range(10):
        xi = random_patterns(int(rng.integers(1, 5)), 30, rng=rng)
        w = hebbian(xi)
        s = xi[0] if rng.random() < 0.5 else random_patterns(1, 30, rng=rng)[0]
        field = w @ s
        cases.append((w, s, bool(np.all((field == 0) | (np.sign(field) == s)))))
    w_tie = hebbian(np.array([[1, 1, 1], [-1, 1, 1]]))  # unit 0 always has a zero field
    cases += [(w_tie, np.array([-1, 1, 1]), True), (w_tie, np.array([1, 1, 1]), True)]
    for w, s, expected in cases:
        got = _call(is_fixed_point, name, w, s)
        if got is None:
            raise CheckFailed(f"{name} returned None: did you forget to return the result?")
        if bool(got) != expected:
            field = w @ s
            if expected and np.any(field == 0):
                raise CheckFailed(f"this state is a fixed point, but {name} says no: unit "
                                  f"{int(np.flatnonzero(field == 0)[0])} has a field of exactly "
                                  f"0 and keeps its state, so it does not break the fixed point.")
            raise CheckFailed(f"{name} returned {bool(got)} for a state that "
                              f"{'is' if expected else 'is not'} a fixed point. A unit is stable "
                              f"when s_i h_i > 0, or when h_i = 0.")
    _passed(name, len(cases))


# --- chapter 4: learning rules ------------------------------------------------------------------


def check_storkey_update(storkey_update: Callable) -> None:
    """Check ``storkey_update(W, xi)``: the weights after adding one pattern by Storkey's rule."""
    name = "storkey_update"
    rng = np.random.default_rng(24)
    cases = 0
    for n, p in ((8, 1), (12, 3), (30, 6), (50, 10)):
        xi = random_patterns(p + 1, n, rng=rng)
        before = storkey(xi[:p]) if p else np.zeros((n, n))
        got = _as_array(_call(storkey_update, name, before, xi[p]), name, (n, n))
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
    _passed(name, cases)


def check_pseudoinverse(my_pseudoinverse: Callable) -> None:
    """Check ``my_pseudoinverse(patterns)``: W = Ξᵀ(ΞΞᵀ)⁻¹Ξ with a zero diagonal."""
    name = "pseudoinverse"
    cases = [random_patterns(p, n, rng=p * n) for p, n in ((1, 10), (5, 20), (19, 20))]
    cases.append(letters("HOPFIELD", size=10))  # correlated: the reason for the rule
    for xi in cases:
        n = xi.shape[1]
        got = _as_array(_call(my_pseudoinverse, name, xi), name, (n, n))
        expected = pseudoinverse(xi)
        if np.allclose(got, expected, atol=1e-8):
            continue
        if np.allclose(got - np.diag(np.diag(got)), expected, atol=1e-8):
            raise CheckFailed("remove the diagonal of the projection (np.fill_diagonal(W, 0)): "
                              "a unit must not drive itself.")
        raise CheckFailed(f"for {xi.shape[0]} patterns of {n} neurons your weights differ from "
                          f"Ξᵀ(ΞΞᵀ)⁻¹Ξ by up to {np.abs(got - expected).max():.3g}. With the "
                          f"patterns as rows, ΞΞᵀ is the small p × p matrix of their overlaps.")
    _passed(name, len(cases))


def check_bam_recall(bam_recall: Callable) -> None:
    """Check ``bam_recall(W, x, max_steps)``: alternate y = sgn(W x), x = sgn(Wᵀ y) until
    neither changes; return the pair (x, y)."""
    name = "bam_recall"
    rng = np.random.default_rng(25)
    cases = 0
    for n, m, p in ((31, 21, 3), (61, 41, 5), (101, 51, 7)):  # odd sizes: no field is ever 0
        inputs = random_patterns(p, n, rng=rng)
        outputs = random_patterns(p, m, rng=rng)
        memory = BidirectionalMemory(inputs, outputs)
        for k in range(p):
            cue = flip(inputs[k], 0.2, rng=rng)
            result = _call(bam_recall, name, memory.weights, cue, 50)
            if not isinstance(result, tuple) or len(result) != 2:
                raise CheckFailed(f"{name} must return the pair: return x, y")
            x = _as_array(result[0], name, (n,))
            y = _as_array(result[1], name, (m,))
            expected = memory.recall(x=cue, max_steps=50)
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
    _passed(name, cases)


# --- chapter 5: dense associative memory --------------------------------------------------------


def check_dense_energy(dense_energy: Callable) -> None:
    """Check ``dense_energy(patterns, state, n)``: E = -Σ_μ (ξ^μ·σ)ⁿ."""
    name = "dense_energy"
    rng = np.random.default_rng(26)
    cases = [(random_patterns(5, 20, rng=rng), 2), (random_patterns(30, 50, rng=rng), 3),
             (random_patterns(40, 200, rng=rng), 4)]  # overlaps up to 200: beyond an int8
    for patterns, degree in cases:
        state = flip(patterns[0], 0.1, rng=rng)
        got = _as_number(_call(dense_energy, name, patterns, state, degree), name)
        expected = DenseAssociativeMemory(patterns, degree=degree).energy(state)
        if np.isclose(got, expected):
            continue
        where = f"for {len(patterns)} patterns of {patterns.shape[1]} units and n = {degree}"
        if np.isclose(got, -expected):
            raise CheckFailed(f"{name} has the wrong sign {where}: E = -Σ F, so large overlaps "
                              f"give a low energy.")
        if patterns.shape[1] > 127:
            raise CheckFailed(f"{name} is wrong {where}: an overlap of 200 units does not fit in "
                              f"an int8 (at most 127). Convert first: patterns.astype(float).")
        raise CheckFailed(f"{name} gave {got:.6g} {where}, expected {expected:.6g}.")
    _passed(name, len(cases))


def check_dense_update(dense_update: Callable) -> None:
    """Check ``dense_update(patterns, state, i, n)``: unit i takes the state of lower energy
    E = -Σ_μ (ξ^μ·σ)ⁿ, and keeps its state on a tie. Returns the new state."""
    name = "dense_update"
    rng = np.random.default_rng(27)
    tie = np.array([[1, 1, 1, 1], [1, -1, 1, 1]])  # unit 1 sees equal energies either way
    cases = [(tie, np.array([1, -1, 1, 1], np.int8), 1, 2),
             (tie, np.array([1, 1, 1, 1], np.int8), 1, 2)]
    for _ in range(12):
        n = int(rng.integers(5, 30))
        patterns = random_patterns(int(rng.integers(2, 40)), n, rng=rng)
        cases.append((patterns, random_patterns(1, n, rng=rng)[0], int(rng.integers(n)),
                      int(rng.integers(2, 6))))
    for patterns, state, i, degree in cases:
        got = _as_array(_call(dense_update, name, patterns, state, i, degree), name, state.shape)
        memory = DenseAssociativeMemory(patterns, degree=degree)
        up, down = state.copy(), state.copy()
        up[i], down[i] = 1, -1
        e_up, e_down = memory.energy(up), memory.energy(down)
        expected = state.copy()
        expected[i] = 1 if e_up < e_down else (-1 if e_down < e_up else state[i])
        if np.array_equal(got, expected):
            continue
        if e_up == e_down:
            raise CheckFailed(f"unit {i} has the same energy in both states; it should keep its "
                              f"state {state[i]:+d}, yours became {int(got[i]):+d}.")
        if got[i] == -expected[i]:
            raise CheckFailed(f"unit {i} should take the state of *lower* energy: E(+1) = "
                              f"{e_up:.4g}, E(-1) = {e_down:.4g}; yours chose {int(got[i]):+d}.")
        raise CheckFailed(f"{name}(patterns, state, {i}, {degree}) changed other units than "
                          f"unit {i}.")
    _passed(name, len(cases))


def check_dense_capacity_point(stable_fraction: Callable) -> None:
    """Check ``stable_fraction(n_neurons, n_patterns, degree, rng)``: the fraction of stored
    random patterns that are exact fixed points of a dense memory of that degree."""
    name = "stable_fraction"
    n, degree = 30, 3
    capacity = dense_capacity(n, degree)
    for scale, low, high in ((0.3, 0.9, 1.0), (6.0, 0.0, 0.2)):
        p = round(scale * capacity)
        got = _as_number(_call(stable_fraction, name, n, p, degree, np.random.default_rng(p)),
                         name)
        if not low <= got <= high:
            raise CheckFailed(f"{name}({n}, {p}, {degree}) = {got:.2f}, but at {scale} times "
                              f"the capacity N²/(6 ln N) = {capacity:.0f} it should lie between "
                              f"{low} and {high}. A pattern is stable when no unit of it would "
                              f"change.")
    print(f"✔ {name}: right well below and well above the capacity of degree {degree}.")


# --- chapters 6 and 7: modern Hopfield networks and attention ------------------------------------


def check_softmax_lse(softmax_lse: Callable) -> None:
    """Check ``softmax_lse(z, beta)``: softmax(β z) and lse(β, z) = β⁻¹ ln Σ exp(β z), stable for
    large β z."""
    name = "softmax_lse"
    rng = np.random.default_rng(28)
    cases = [(rng.normal(size=7), 1.0), (rng.normal(size=30) * 100, 10.0),
             (np.array([1000.0, 999.0, -1000.0]), 5.0), (np.array([-800.0, -801.0]), 1.0)]
    for z, beta in cases:
        result = _call(softmax_lse, name, z, beta)
        if not isinstance(result, tuple) or len(result) != 2:
            raise CheckFailed(f"{name} must return two things: return p, lse")
        p = _as_array(result[0], name, z.shape).astype(np.float64)
        lse = _as_number(result[1], name)
        top = np.max(beta * z)
        expected_p = np.exp(beta * z - top) / np.sum(np.exp(beta * z - top))
        expected_lse = (top + np.log(np.sum(np.exp(beta * z - top)))) / beta
        if not (np.all(np.isfinite(p)) and np.isfinite(lse)):
            raise CheckFailed(f"{name} overflowed for β z up to {top:g}: subtract the largest "
                              f"β z before exponentiating, and add it back to the logarithm.")
        if not np.allclose(p, expected_p, atol=1e-12):
            raise CheckFailed(f"the softmax weights are wrong for β = {beta}; they must be "
                              f"exp(β z_i) / Σ_j exp(β z_j), summing to 1 (yours sum to "
                              f"{p.sum():.4g}).")
        if not np.isclose(lse, expected_lse, rtol=1e-12, atol=1e-12):
            hint = (" Divide the logarithm by β." if np.isclose(lse, beta * expected_lse) else "")
            raise CheckFailed(f"lse(β = {beta}) should be {expected_lse:.6g}, yours is "
                              f"{lse:.6g}.{hint}")
    _passed(name, len(cases))


def _modern_cases():
    rng = np.random.default_rng(29)
    return [(rng.normal(size=(n, d)), rng.normal(size=d), beta)
            for n, d, beta in ((5, 3, 1.0), (40, 8, 0.3), (200, 16, 4.0), (10, 4, 1e3))]


def check_modern_update(update: Callable) -> None:
    """Check ``update(X, xi, beta)``: ξ_new = Xᵀ softmax(β X ξ), patterns as the rows of X."""
    name = "update"
    cases = _modern_cases()
    for X, xi, beta in cases:
        got = _as_array(_call(update, name, X, xi, beta), name, xi.shape)
        expected = ModernHopfield(X, beta=beta).update(xi)
        if np.allclose(got, expected, atol=1e-10):
            continue
        if not np.all(np.isfinite(got)):
            raise CheckFailed(f"{name} gave NaN or infinity at β = {beta:g}: shift the scores "
                              f"by their maximum before the exponential.")
        raise CheckFailed(f"for {len(X)} patterns of dimension {X.shape[1]} at β = {beta:g} "
                          f"your update differs from Xᵀ softmax(β X ξ) by up to "
                          f"{np.abs(got - expected).max():.3g}.")
    _passed(name, len(cases))


def check_modern_energy(energy: Callable) -> None:
    """Check ``energy(X, xi, beta)``: -lse(β, Xξ) + ½ξᵀξ + β⁻¹ ln N + ½M² (Ramsauer Eq. 2)."""
    name = "energy"
    cases = _modern_cases()
    for X, xi, beta in cases:
        got = _as_number(_call(energy, name, X, xi, beta), name)
        expected = ModernHopfield(X, beta=beta).energy(xi)
        if np.isclose(got, expected, rtol=1e-9, atol=1e-9):
            continue
        big_m = np.max(np.sum(X**2, axis=1))
        if np.isclose(got, expected - 0.5 * big_m):
            raise CheckFailed("add ½ M², with M the largest norm of a stored pattern: it makes "
                              "the energy non-negative.")
        if np.isclose(got, expected - np.log(len(X)) / beta):
            raise CheckFailed("add β⁻¹ ln N, with N the number of stored patterns.")
        raise CheckFailed(f"at β = {beta:g} the energy is {expected:.6g}; yours is {got:.6g}.")
    _passed(name, len(cases))


def check_attention_from_update(head: Callable) -> None:
    """Check ``head(Q, K, V)``: attention computed as one Hopfield update with β = 1/√d_k."""
    name = "head"
    rng = np.random.default_rng(30)
    cases = 0
    for n_q, n_k, d_k, d_v in ((1, 5, 4, 3), (6, 50, 16, 8), (20, 300, 64, 10)):
        Q, K, V = rng.normal(size=(n_q, d_k)), rng.normal(size=(n_k, d_k)), rng.normal(size=(n_k, d_v))
        got = _as_array(_call(head, name, Q, K, V), name, (n_q, d_v))
        expected = attention(Q, K, V)
        cases += 1
        if np.allclose(got, expected, atol=1e-10):
            continue
        if np.allclose(got, attention(Q, K, V, scale=1.0), atol=1e-10):
            raise CheckFailed(f"use β = 1/√d_k = {1 / np.sqrt(d_k):.4g}, not 1.")
        raise CheckFailed(f"for {n_q} queries and {n_k} keys of width {d_k} your head differs "
                          f"from softmax(Q Kᵀ/√d_k) V by up to {np.abs(got - expected).max():.3g}. "
                          f"The keys are the stored patterns; read the weights out through V.")
    _passed(name, cases)


def check_attended_patterns(attended: Callable) -> None:
    """Check ``attended(p)``: the effective number of patterns 1 / Σ p_i² of softmax weights."""
    name = "attended"
    rng = np.random.default_rng(31)
    cases = [np.full(10, 0.1), np.eye(1, 8)[0], np.array([0.5, 0.5, 0.0])]
    cases += [(lambda w: w / w.sum())(rng.random(n)) for n in (5, 50)]
    for p in cases:
        got = _as_number(_call(attended, name, p), name)
        expected = 1.0 / np.sum(p**2)
        if not np.isclose(got, expected):
            raise CheckFailed(f"for weights {np.round(p[:4], 3).tolist()}… the effective number is "
                              f"1/Σp² = {expected:.4g}, yours is {got:.4g}: uniform weights over "
                              f"n patterns give n, one weight of 1 gives 1.")
    _passed(name, len(cases))


def check_retrieval_classifier(classify: Callable) -> None:
    """Check ``classify(images, labels, queries, beta)``: the label index of each query, read off
    the one-hot labels retrieved with one update (keys: images, values: one-hot labels)."""
    name = "classify"
    rng = np.random.default_rng(32)
    images = letters("ABCDEFGHIJ").astype(np.float64)
    labels = np.arange(10)
    queries = np.repeat(images, 5, axis=0) * np.where(rng.random((50, 256)) < 0.25, -1, 1)
    truth = np.repeat(labels, 5)
    got = _as_array(_call(classify, name, images, labels, queries, 0.1), name, (50,))
    expected = attention(queries, images, np.eye(10), scale=0.1).argmax(axis=1)
    if not np.array_equal(got, expected):
        raise CheckFailed(f"your labels agree with retrieval on {np.mean(got == expected):.0%} "
                          f"of 50 noisy letters. Retrieve one-hot labels with "
                          f"softmax(β queries · imagesᵀ) and take the largest entry.")
    print(f"✔ {name}: classifies 50 noisy letters as retrieval does "
          f"({np.mean(got == truth):.0%} correct).")
