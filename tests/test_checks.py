"""Every self-check passes a correct answer and rejects plausible wrong ones with a useful hint."""

import importlib
from pathlib import Path

import numpy as np
import pytest

import hopfield_edu as hf
from hopfield_edu import checks
from hopfield_edu.checks._core import graded

# --- to_spins ---------------------------------------------------------------------------------


def to_spins(image):
    return np.where(np.asarray(image, dtype=bool), 1, -1)


def to_spins_times_two(image):
    return 2 * np.asarray(image)


def to_spins_swapped(image):
    return 1 - 2 * np.asarray(image, dtype=int)


def to_spins_unsigned(image):
    return 2 * image - 1


def to_spins_in_place(image):
    image[...] = 2 * np.asarray(image, dtype=int) - 1
    return image


# --- overlap ----------------------------------------------------------------------------------


def overlap(a, b):
    return np.mean(a * b)


def overlap_int8_dot(a, b):
    return np.dot(a, b) / len(a)


def overlap_not_normalised(a, b):
    return np.dot(a, b)


def overlap_fraction_agreeing(a, b):
    return np.mean(a == b)


def overlap_without_return(a, b):
    np.dot(a, b) / len(a)


# --- flip -------------------------------------------------------------------------------------


def flip(pattern, k, rng):
    result = pattern.copy()
    result[rng.choice(len(pattern), size=k, replace=False)] *= -1
    return result


def flip_with_replacement(pattern, k, rng):
    result = pattern.copy()
    result[rng.integers(0, len(pattern), size=k)] *= -1
    return result


def flip_in_place(pattern, k, rng):
    pattern[rng.choice(len(pattern), size=k, replace=False)] *= -1
    return pattern


def flip_first_units(pattern, k, rng):
    result = pattern.copy()
    result[:k] *= -1
    return result


def flip_to_zero(pattern, k, rng):
    result = pattern.copy()
    result[rng.choice(len(pattern), size=k, replace=False)] = 0
    return result


def not_implemented(*args):
    # YOUR CODE HERE
    raise NotImplementedError()


# --- second correct answers, written another way (issue 22: a check accepts other right methods) --


def to_spins_by_arithmetic(image):
    return 2 * np.asarray(image, dtype=np.int64) - 1


def overlap_in_a_loop(a, b):
    return sum(float(x) * float(y) for x, y in zip(a, b)) / len(a)


def flip_by_permutation(pattern, k, rng):
    result = np.array(pattern, copy=True)
    chosen = rng.permutation(len(pattern))[:k]
    result[chosen] = -result[chosen]
    return result


def energy_site_by_site(spins, J):
    s = np.asarray(spins, dtype=int)
    rows, columns = s.shape
    return -J * sum(s[i, j] * (s[(i + 1) % rows, j] + s[i, (j + 1) % columns])
                    for i in range(rows) for j in range(columns))


def metropolis_sweep_always_drawing(spins, T, rng):
    s = np.array(spins, copy=True)
    rows, columns = s.shape
    for _ in range(s.size):
        i, j = rng.integers(rows), rng.integers(columns)
        delta = 2 * s[i, j] * neighbour_sum(s, i, j)
        if rng.random() < min(1.0, np.exp(-delta / T)):  # a uniform drawn for every attempt
            s[i, j] = -s[i, j]
    return s


def binder_crossing_by_scanning(T, u_small, u_large):
    for k in range(len(T) - 1):
        a, b = u_large[k] - u_small[k], u_large[k + 1] - u_small[k + 1]
        if a * b <= 0:
            return T[k] + (T[k + 1] - T[k]) * a / (a - b)
    return None


def hebbian_sum_of_outer_products(patterns):
    xi = np.asarray(patterns, dtype=float)
    w = sum(np.outer(p, p) for p in xi) / xi.shape[1]
    return w - np.diag(np.diag(w))


def update_unit_by_the_energy_formula(w, s, i):
    h = float(w[i] @ s)
    new = s.copy()
    new[i] = s[i] if h == 0 else np.sign(h)
    return new, -(new[i] - s[i]) * h  # ΔE = -Δs_i h_i when w_ii = 0


def retrieval_rate_counting(n_neurons, n_patterns, rng):
    xi = hf.random_patterns(n_patterns, n_neurons, rng=rng)
    network = hf.HopfieldNetwork(hf.hebbian(xi))
    retrieved = sum(hf.overlap(network.recall(p, rng=rng).state, p) > 0.9 for p in xi)
    return retrieved / len(xi)


def mixture_by_majority(patterns):
    return np.where(np.asarray(patterns, dtype=int).sum(axis=0) > 0, 1, -1)


def is_fixed_point_by_alignment(w, s):
    return bool(np.all(s * (w @ s) >= 0))  # aligned with its field, or a field of 0


def storkey_update_in_loops(w, xi):
    n = len(xi)
    x = np.asarray(xi, dtype=float)
    h = w @ x
    new = np.array(w, dtype=float, copy=True)
    for i in range(n):
        for j in range(n):
            if i != j:
                h_i = h[i] - w[i, i] * x[i] - w[i, j] * x[j]   # the field at i without i and j
                h_j = h[j] - w[j, j] * x[j] - w[j, i] * x[i]
                new[i, j] += (x[i] * x[j] - x[i] * h_j - h_i * x[j]) / n
    np.fill_diagonal(new, 0)
    return new


def pseudoinverse_with_numpy_pinv(patterns):
    xi = np.asarray(patterns, dtype=float)
    w = np.linalg.pinv(xi) @ xi
    np.fill_diagonal(w, 0)
    return w


def bam_recall_until_y_repeats(w, x, max_steps):
    y = np.sign(w @ x)
    for _ in range(max_steps):
        new_x = np.sign(w.T @ y)
        new_y = np.sign(w @ new_x)
        if np.array_equal(new_x, x) and np.array_equal(new_y, y):
            break
        x, y = new_x, new_y
    return x, y


def dense_energy_pattern_by_pattern(patterns, state, n):
    return -sum(float(np.dot(np.asarray(p, dtype=float), state)) ** n for p in patterns)


def dense_update_by_the_energy_difference(patterns, state, i, n):
    xi = np.asarray(patterns, dtype=float)
    rest = xi @ state - xi[:, i] * state[i]       # every overlap without unit i
    gain = np.sum((rest + xi[:, i]) ** n - (rest - xi[:, i]) ** n)  # E(s_i = -1) - E(s_i = +1)
    new = state.copy()
    if gain != 0:
        new[i] = 1 if gain > 0 else -1
    return new


def stable_fraction_from_the_fields(n_neurons, n_patterns, degree, rng):
    xi = hf.random_patterns(n_patterns, n_neurons, rng=rng).astype(float)
    stable = 0
    for s in xi:
        rest = (xi @ s)[:, None] - xi * s[None, :]   # overlaps without each unit
        field = np.sum((rest + xi) ** degree - (rest - xi) ** degree, axis=0)
        stable += np.all(s * field >= 0)
    return stable / n_patterns


# check: (a correct implementation, or a list of several written differently,
#         [(a wrong one, a phrase its hint must contain), ...])
CASES = {
    checks.check_to_spins: ([to_spins, to_spins_by_arithmetic], [
        (to_spins_times_two, "returned the values {0, 2}"),
        (to_spins_swapped, "swapped black and white"),
        (to_spins_unsigned, "unsigned integers wrap around"),
        (to_spins_in_place, "changed the array it was given"),
        (not_implemented, "still raises NotImplementedError"),
    ]),
    checks.check_overlap: ([overlap, overlap_in_a_loop], [
        (overlap_not_normalised, "Divide the dot product by the number of units"),
        (overlap_int8_dot, "wraps around above 127"),
        (overlap_fraction_agreeing, "counts -1, not 0"),
        (overlap_without_return, "did you forget to return"),
        (not_implemented, "still raises NotImplementedError"),
    ]),
    checks.check_flip: ([flip, flip_by_permutation], [
        (flip_with_replacement, "replace=False"),
        (flip_in_place, "changed the array it was given"),
        (flip_first_units, "the same units for 5 different random generators"),
        (flip_to_zero, "a pattern holds only -1 and +1"),
        (not_implemented, "still raises NotImplementedError"),
    ]),
}


# --- chapter 1 ----------------------------------------------------------------------------------


def energy(spins, J):
    s = np.asarray(spins, dtype=int)
    return -J * (np.sum(s * np.roll(s, -1, 0)) + np.sum(s * np.roll(s, -1, 1)))


def energy_all_four_neighbours(spins, J):
    s = np.asarray(spins, dtype=int)
    return -J * sum(np.sum(s * np.roll(s, k, a)) for k in (-1, 1) for a in (0, 1))


def energy_open_edges(spins, J):
    s = np.asarray(spins, dtype=int)
    return -J * (np.sum(s[:, :-1] * s[:, 1:]) + np.sum(s[:-1] * s[1:]))


def energy_without_sign(spins, J):
    return -energy(spins, J)


def energy_without_j(spins, J):
    return energy(spins, 1.0)


def neighbour_sum(s, i, j):
    L = s.shape[0]
    return s[(i + 1) % L, j] + s[i - 1, j] + s[i, (j + 1) % L] + s[i, j - 1]


def metropolis_sweep(spins, T, rng):
    s = np.array(spins, copy=True)
    for _ in range(s.size):
        i, j = rng.integers(0, s.shape[0], size=2)
        delta = 2 * s[i, j] * neighbour_sum(s, i, j)
        if delta <= 0 or rng.random() < np.exp(-delta / T):
            s[i, j] *= -1
    return s


def sweep_accepting_everything(spins, T, rng):
    s = np.array(spins, copy=True)
    for _ in range(s.size):
        i, j = rng.integers(0, s.shape[0], size=2)
        s[i, j] *= -1
    return s


def sweep_never_uphill(spins, T, rng):
    s = np.array(spins, copy=True)
    for _ in range(s.size):
        i, j = rng.integers(0, s.shape[0], size=2)
        if 2 * s[i, j] * neighbour_sum(s, i, j) <= 0:
            s[i, j] *= -1
    return s


def sweep_without_factor_two(spins, T, rng):
    s = np.array(spins, copy=True)
    for _ in range(s.size):
        i, j = rng.integers(0, s.shape[0], size=2)
        delta = s[i, j] * neighbour_sum(s, i, j)  # the flip changes the energy by twice this
        if delta <= 0 or rng.random() < np.exp(-delta / T):
            s[i, j] *= -1
    return s


def binder_crossing(T, u_small, u_large):
    d = np.asarray(u_large) - np.asarray(u_small)
    k = np.flatnonzero(np.diff(np.sign(d)))[0]
    return T[k] + (T[k + 1] - T[k]) * d[k] / (d[k] - d[k + 1])


def binder_crossing_on_the_grid(T, u_small, u_large):
    return T[np.argmin(np.abs(np.asarray(u_large) - np.asarray(u_small)))]


CASES.update({
    checks.check_lattice_energy: ([energy, energy_site_by_site], [
        (energy_all_four_neighbours, "counted from both of its ends"),
        (energy_open_edges, "bonds across the edges are missing"),
        (energy_without_sign, "check the sign"),
        (energy_without_j, "multiply by the coupling J"),
        (not_implemented, "still raises NotImplementedError"),
    ]),
    checks.check_metropolis_sweep: ([metropolis_sweep, metropolis_sweep_always_drawing], [
        (sweep_accepting_everything, "too disordered"),
        (sweep_never_uphill, "never left the starting lattice"),
        (sweep_without_factor_two, "mind the factor 2"),
        (not_implemented, "still raises NotImplementedError"),
    ]),
    checks.check_binder_crossing: ([binder_crossing, binder_crossing_by_scanning], [
        (binder_crossing_on_the_grid, "Interpolate linearly"),
        (not_implemented, "still raises NotImplementedError"),
    ]),
})


# --- chapter 3 ----------------------------------------------------------------------------------


def my_hebbian(patterns):
    xi = np.asarray(patterns, dtype=float)
    w = xi.T @ xi / xi.shape[1]
    np.fill_diagonal(w, 0)
    return w


def hebbian_with_diagonal(patterns):
    xi = np.asarray(patterns, dtype=float)
    return xi.T @ xi / xi.shape[1]


def hebbian_over_p(patterns):
    xi = np.asarray(patterns, dtype=float)
    w = xi.T @ xi / xi.shape[0]
    np.fill_diagonal(w, 0)
    return w


def hebbian_in_int8(patterns):
    w = (patterns.T @ patterns) / patterns.shape[1]  # int8 @ int8 wraps above 127
    np.fill_diagonal(w, 0)
    return w


def hebbian_not_divided(patterns):
    xi = np.asarray(patterns, dtype=float)
    w = xi.T @ xi
    np.fill_diagonal(w, 0)
    return w


def energy_of(w, s):
    return -0.5 * s @ w @ s


def update_unit(w, s, i):
    new = s.copy()
    h = w[i] @ s
    if h != 0:
        new[i] = 1 if h > 0 else -1
    return new, energy_of(w, new) - energy_of(w, s)


def update_unit_flipping_ties(w, s, i):
    new = s.copy()
    new[i] = 1 if w[i] @ s >= 0 else -1
    return new, energy_of(w, new) - energy_of(w, s)


def update_unit_energy_backwards(w, s, i):
    new, delta = update_unit(w, s, i)
    return new, -delta


def update_every_unit(w, s, i):
    h = w @ s
    new = np.where(h > 0, 1, np.where(h < 0, -1, s))
    return new, energy_of(w, new) - energy_of(w, s)


def cycle_length(w, s, max_steps):
    previous = None
    for _ in range(max_steps):
        h = w @ s
        new = np.where(h > 0, 1, np.where(h < 0, -1, s))
        if np.array_equal(new, s):
            return 1
        if previous is not None and np.array_equal(new, previous):
            return 2
        previous, s = s, new
    return 0


def cycle_length_by_history(w, s, max_steps):
    states = [s]
    for _ in range(max_steps):
        h = w @ states[-1]
        states.append(np.where(h == 0, states[-1], np.sign(h)).astype(s.dtype))
        if np.array_equal(states[-1], states[-2]):
            return 1
        if len(states) > 2 and np.array_equal(states[-1], states[-3]):
            return 2
    return 0


def cycle_length_flipping_the_unstable(w, s, max_steps):
    # a unit flips when s_i h_i < 0; two steps at a time, counting the updates
    steps, two_back = 0, None
    while steps < max_steps:
        new = np.where(s * (w @ s) < 0, -s, s)
        steps += 1
        if np.array_equal(new, s):
            return 1
        if two_back is not None and np.array_equal(new, two_back):
            return 2
        two_back, s = s, new
    return 0


def cycle_length_with_np_sign(w, s, max_steps):
    previous = None
    for _ in range(max_steps):
        new = np.sign(w @ s)  # a zero field gives 0, not the unit's state
        if np.array_equal(new, s):
            return 1
        if previous is not None and np.array_equal(new, previous):
            return 2
        previous, s = s, new
    return 0


def cycle_length_one_update_short(w, s, max_steps):
    return cycle_length(w, s, max_steps - 1) if max_steps > 1 else 0


def cycle_length_one_update_long(w, s, max_steps):
    return cycle_length(w, s, max_steps + 1)


def cycle_length_without_memory(w, s, max_steps):
    for _ in range(max_steps):
        h = w @ s
        new = np.where(h > 0, 1, np.where(h < 0, -1, s))
        if np.array_equal(new, s):
            return 1
        s = new
    return 0


CASES.update({
    checks.check_hebbian: ([my_hebbian, hebbian_sum_of_outer_products], [
        (hebbian_with_diagonal, "the diagonal is not zero"),
        (hebbian_over_p, "divided by the number of patterns"),
        (hebbian_in_int8, "overflows int8"),
        (hebbian_not_divided, "times too large"),
        (not_implemented, "still raises NotImplementedError"),
    ]),
    checks.check_async_update: ([update_unit, update_unit_by_the_energy_formula], [
        (update_unit_flipping_ties, "should keep its state when its field is 0"),
        (update_unit_energy_backwards, "E(new) - E(old), not the other way round"),
        (update_every_unit, "only unit"),
        (not_implemented, "still raises NotImplementedError"),
    ]),
    checks.check_sync_cycle: ([cycle_length, cycle_length_by_history,
                               cycle_length_flipping_the_unstable], [
        (cycle_length_without_memory, "compare with the state two steps back"),
        (cycle_length_with_np_sign, "np.sign(0) is 0"),
        (cycle_length_one_update_short, "range(max_steps)), not fewer"),
        (cycle_length_one_update_long, "run at most max_steps updates"),
        (not_implemented, "still raises NotImplementedError"),
    ]),
})


# --- chapter 4 ----------------------------------------------------------------------------------


def retrieval_rate(n_neurons, n_patterns, rng):
    xi = hf.random_patterns(n_patterns, n_neurons, rng=rng)
    network = hf.HopfieldNetwork.from_patterns(xi)
    finals = [hf.overlap(network.recall(p, rng=rng).state, p) for p in xi]
    return np.mean(np.array(finals) > 0.9)


def retrieval_rate_of_the_cue(n_neurons, n_patterns, rng):
    xi = hf.random_patterns(n_patterns, n_neurons, rng=rng)
    return np.mean([hf.overlap(p, p) > 0.9 for p in xi])


def retrieval_rate_wrong_threshold(n_neurons, n_patterns, rng):
    xi = hf.random_patterns(n_patterns, n_neurons, rng=rng)
    network = hf.HopfieldNetwork.from_patterns(xi)
    return np.mean([hf.overlap(network.recall(p, rng=rng).state, p) > 0.2 for p in xi])


def mixture(patterns):
    return np.sign(np.sum(patterns, axis=0, dtype=int))


def mixture_product(patterns):
    return patterns[0] * patterns[1] * patterns[2]


def mixture_wrong_axis(patterns):
    return np.sign(np.sum(patterns, axis=1, dtype=int))


def is_fixed_point(w, s):
    h = w @ s
    return bool(np.all((h == 0) | (np.sign(h) == s)))


def is_fixed_point_without_ties(w, s):
    return bool(np.all(np.sign(w @ s) == s))


def is_fixed_point_by_field_sign(w, s):
    return bool(np.all(w @ s > 0))


CASES.update({
    checks.check_retrieval_rate: ([retrieval_rate, retrieval_rate_counting], [
        (retrieval_rate_of_the_cue, "Did you measure the cue"),
        (retrieval_rate_wrong_threshold, "below an overlap of 0.9"),
        (not_implemented, "still raises NotImplementedError"),
    ]),
    checks.check_mixture: ([mixture, mixture_by_majority], [
        (mixture_product, "multiplied the patterns"),
        (mixture_wrong_axis, "returned shape"),
        (not_implemented, "still raises NotImplementedError"),
    ]),
    checks.check_fixed_point: ([is_fixed_point, is_fixed_point_by_alignment], [
        (is_fixed_point_without_ties, "field of exactly 0 and keeps its state"),
        (is_fixed_point_by_field_sign, "A unit is stable when s_i h_i > 0"),
        (not_implemented, "still raises NotImplementedError"),
    ]),
})


# --- chapter 6 ----------------------------------------------------------------------------------


def storkey_update(w, xi):
    n = len(xi)
    x = np.asarray(xi, dtype=float)
    h = w @ x
    h_ij = h[:, None] - w * x[None, :]  # the field at i without units i and j
    new = w + (np.outer(x, x) - x[:, None] * h_ij.T - h_ij * x[None, :]) / n
    np.fill_diagonal(new, 0)
    return new


def storkey_update_with_full_fields(w, xi):
    n = len(xi)
    x = np.asarray(xi, dtype=float)
    h = w @ x
    new = w + (np.outer(x, x) - np.outer(x, h) - np.outer(h, x)) / n
    np.fill_diagonal(new, 0)
    return new


def storkey_update_keeping_the_diagonal(w, xi):
    n = len(xi)
    x = np.asarray(xi, dtype=float)
    h = w @ x
    h_ij = h[:, None] - w * x[None, :]
    return w + (np.outer(x, x) - x[:, None] * h_ij.T - h_ij * x[None, :]) / n


def my_pseudoinverse(patterns):
    xi = np.asarray(patterns, dtype=float)
    w = xi.T @ np.linalg.inv(xi @ xi.T) @ xi
    np.fill_diagonal(w, 0)
    return w


def pseudoinverse_with_diagonal(patterns):
    xi = np.asarray(patterns, dtype=float)
    return xi.T @ np.linalg.inv(xi @ xi.T) @ xi


def pseudoinverse_as_hebb(patterns):
    xi = np.asarray(patterns, dtype=float)
    w = xi.T @ xi / xi.shape[1]
    np.fill_diagonal(w, 0)
    return w


def bam_recall(w, x, max_steps):
    for _ in range(max_steps):
        y = np.sign(w @ x)
        new_x = np.sign(w.T @ y)
        if np.array_equal(new_x, x):
            break
        x = new_x
    return x, y


def bam_recall_forward_only(w, x, max_steps):
    return x, np.sign(w @ x)


def bam_recall_transposed(w, x, max_steps):
    y = np.sign(w.T @ np.resize(x, w.shape[0]))
    return np.resize(y, len(x)), np.sign(w @ np.resize(y, w.shape[1]))


CASES.update({
    checks.check_storkey_update: ([storkey_update, storkey_update_in_loops], [
        (storkey_update_with_full_fields, "leaves out unit j as well"),
        (storkey_update_keeping_the_diagonal, "diagonal of the new weights is not zero"),
        (not_implemented, "still raises NotImplementedError"),
    ]),
    checks.check_pseudoinverse: ([my_pseudoinverse, pseudoinverse_with_numpy_pinv], [
        (pseudoinverse_with_diagonal, "remove the diagonal"),
        (pseudoinverse_as_hebb, "the small p × p matrix"),
        (not_implemented, "still raises NotImplementedError"),
    ]),
    checks.check_bam_recall: ([bam_recall, bam_recall_until_y_repeats], [
        (bam_recall_forward_only, "y is right but x is not"),
        (bam_recall_transposed, "Forward is y = sgn(W x)"),
        (not_implemented, "still raises NotImplementedError"),
    ]),
})


# --- chapter 9 ----------------------------------------------------------------------------------


def dense_energy(patterns, state, n):
    return -np.sum((np.asarray(patterns, dtype=float) @ state) ** n)


def dense_energy_positive(patterns, state, n):
    return -dense_energy(patterns, state, n)


def dense_energy_in_int8(patterns, state, n):
    return -np.sum((patterns @ state).astype(float) ** n)  # int8 @ int8 wraps above 127


def dense_update(patterns, state, i, n):
    up, down = state.copy(), state.copy()
    up[i], down[i] = 1, -1
    e_up, e_down = dense_energy(patterns, up, n), dense_energy(patterns, down, n)
    new = state.copy()
    if e_up != e_down:
        new[i] = 1 if e_up < e_down else -1
    return new


def dense_update_uphill(patterns, state, i, n):
    up, down = state.copy(), state.copy()
    up[i], down[i] = 1, -1
    e_up, e_down = dense_energy(patterns, up, n), dense_energy(patterns, down, n)
    new = state.copy()
    if e_up != e_down:
        new[i] = 1 if e_up > e_down else -1  # the higher energy: backwards
    return new


def dense_update_ignoring_ties(patterns, state, i, n):
    up, down = state.copy(), state.copy()
    up[i], down[i] = 1, -1
    new = state.copy()
    new[i] = 1 if dense_energy(patterns, up, n) <= dense_energy(patterns, down, n) else -1
    return new


def stable_fraction(n_neurons, n_patterns, degree, rng):
    patterns = hf.random_patterns(n_patterns, n_neurons, rng=rng)
    memory = hf.DenseAssociativeMemory(patterns, degree=degree)
    return np.mean([memory.recall(p, max_steps=1, rng=rng).cycle_length == 1 for p in patterns])


def stable_fraction_of_classical(n_neurons, n_patterns, degree, rng):
    patterns = hf.random_patterns(n_patterns, n_neurons, rng=rng)
    network = hf.HopfieldNetwork.from_patterns(patterns)
    return np.mean([np.array_equal(network.recall(p, rng=rng).state, p) for p in patterns])


CASES.update({
    checks.check_dense_energy: ([dense_energy, dense_energy_pattern_by_pattern], [
        (dense_energy_positive, "wrong sign"),
        (dense_energy_in_int8, "does not fit in an int8"),
        (not_implemented, "still raises NotImplementedError"),
    ]),
    checks.check_dense_update: ([dense_update, dense_update_by_the_energy_difference], [
        (dense_update_uphill, "lower"),
        (dense_update_ignoring_ties, "same energy in both states"),
        (not_implemented, "still raises NotImplementedError"),
    ]),
    checks.check_dense_capacity_point: ([stable_fraction, stable_fraction_from_the_fields], [
        (stable_fraction_of_classical, "should lie between 0.9 and 1.0"),
        (not_implemented, "still raises NotImplementedError"),
    ]),
})


# --- chapters 11 and 12 ---------------------------------------------------------------------------


def softmax_lse(z, beta):
    top = np.max(beta * z)
    w = np.exp(beta * z - top)
    return w / w.sum(), (top + np.log(w.sum())) / beta


def softmax_lse_unshifted(z, beta):
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        w = np.exp(beta * z)
        return w / w.sum(), np.log(w.sum()) / beta


def softmax_lse_without_dividing(z, beta):
    p, lse = softmax_lse(z, beta)
    return p, lse * beta


def softmax_lse_by_logaddexp(z, beta):
    lse = np.logaddexp.reduce(beta * np.asarray(z, dtype=float)) / beta
    return np.exp(beta * z - beta * lse), lse


def softmax_lse_shifting_z(z, beta):
    # shifting z by its maximum (not β z) is the same for β > 0
    w = np.exp(beta * (z - np.max(z)))
    return w / w.sum(), np.max(z) + np.log(w.sum()) / beta


def softmax_lse_without_beta(z, beta):
    return softmax_lse(z, 1.0)


def softmax_lse_unshifted_without_beta(z, beta):
    return softmax_lse_unshifted(z, 1.0)


def softmax_lse_unnormalised(z, beta):
    top = np.max(beta * z)
    w = np.exp(beta * z - top)
    return w, (top + np.log(w.sum())) / beta


def softmax_lse_without_adding_back(z, beta):
    top = np.max(beta * z)
    w = np.exp(beta * z - top)
    return w / w.sum(), np.log(w.sum()) / beta


def modern_update(X, xi, beta):
    p, _ = softmax_lse(X @ xi, beta)
    return X.T @ p


def modern_update_unshifted(X, xi, beta):
    with np.errstate(over="ignore", invalid="ignore"):
        w = np.exp(beta * X @ xi)
        return X.T @ (w / w.sum())


def modern_update_without_beta(X, xi, beta):
    return modern_update(X, xi, 1.0)


def modern_update_pattern_by_pattern(X, xi, beta):
    scores = [beta * x @ xi for x in X]
    top = max(scores)
    weights = [np.exp(score - top) for score in scores]
    return sum(w * x for w, x in zip(weights, X)) / sum(weights)


def modern_update_divided_by_beta(X, xi, beta):
    return modern_update(X, xi, 1 / beta)


def modern_update_averaged(X, xi, beta):
    return modern_update(X, xi, beta) / len(X)


def modern_update_unnormalised(X, xi, beta):
    scores = beta * X @ xi
    return X.T @ np.exp(scores - scores.max())


def modern_energy(X, xi, beta):
    _, lse = softmax_lse(X @ xi, beta)
    return -lse + 0.5 * xi @ xi + np.log(len(X)) / beta + 0.5 * np.max(np.sum(X**2, axis=1))


def modern_energy_without_m(X, xi, beta):
    return modern_energy(X, xi, beta) - 0.5 * np.max(np.sum(X**2, axis=1))


def modern_energy_without_log_n(X, xi, beta):
    return modern_energy(X, xi, beta) - np.log(len(X)) / beta


def modern_energy_by_logaddexp(X, xi, beta):
    lse = np.logaddexp.reduce(beta * X @ xi) / beta
    largest = max(np.linalg.norm(x) for x in X)
    return 0.5 * xi @ xi - lse + np.log(X.shape[0]) / beta + 0.5 * largest**2


def modern_energy_half_m(X, xi, beta):
    return modern_energy_without_m(X, xi, beta) + 0.5 * np.max(np.linalg.norm(X, axis=1))


def modern_energy_m_to_the_fourth(X, xi, beta):
    return modern_energy_without_m(X, xi, beta) + 0.5 * np.max(np.sum(X**2, axis=1)) ** 2


def modern_energy_log_dimension(X, xi, beta):
    return modern_energy_without_log_n(X, xi, beta) + np.log(X.shape[1]) / beta


def modern_energy_log_n_undivided(X, xi, beta):
    return modern_energy_without_log_n(X, xi, beta) + np.log(len(X))


def modern_energy_lse_undivided(X, xi, beta):
    _, lse = softmax_lse(X @ xi, beta)
    return modern_energy(X, xi, beta) + lse - beta * lse


def modern_energy_without_beta(X, xi, beta):
    return modern_energy(X, xi, 1.0)


CASES.update({
    checks.check_softmax_lse: ([softmax_lse, softmax_lse_by_logaddexp, softmax_lse_shifting_z], [
        (softmax_lse_unshifted, "subtract the largest"),
        (softmax_lse_without_dividing, "divide the logarithm by β"),
        (softmax_lse_without_beta, "multiply z by β"),
        # two faults at once: both are named
        (softmax_lse_unshifted_without_beta, "subtract the largest"),
        (softmax_lse_unshifted_without_beta, "multiply z by β"),
        # each kind of fault once, though several cases show it; very negative β z underflows
        (softmax_lse_unshifted_without_beta, "has 4 separate mistakes"),
        (softmax_lse_unshifted, "underflowed for β z far below zero"),
        (softmax_lse_unnormalised, "not to 1"),
        (softmax_lse_without_adding_back, "add it back"),
        (not_implemented, "still raises NotImplementedError"),
    ]),
    checks.check_modern_update: ([modern_update, modern_update_pattern_by_pattern], [
        (modern_update_unshifted, "shift the scores"),
        (modern_update_without_beta, "multiply by β"),
        (modern_update_divided_by_beta, "you divided by β"),
        (modern_update_averaged, "divided by the number of patterns"),
        (modern_update_unnormalised, "do not sum to 1"),
        (not_implemented, "still raises NotImplementedError"),
    ]),
    checks.check_modern_energy: ([modern_energy, modern_energy_by_logaddexp], [
        (modern_energy_without_m, "add ½ M²"),
        (modern_energy_without_log_n, "add β⁻¹ ln N"),
        (modern_energy_half_m, "you added ½ M"),
        (modern_energy_m_to_the_fourth, "½ M⁴"),
        (modern_energy_log_dimension, "not their dimension"),
        (modern_energy_log_n_undivided, "divide ln N by β"),
        (modern_energy_lse_undivided, "the log-sum-exp lacks its 1/β"),
        (modern_energy_without_beta, "that of β = 1"),
        (not_implemented, "still raises NotImplementedError"),
    ]),
})


# --- the tests ----------------------------------------------------------------------------------


def other_files_cases() -> dict:
    """The ``CHECK_CASES`` of every other test file: a chapter's file may keep the cases of its
    own checks, ``{check: ([correct answers], [(wrong answer, what the hint says)])}``, with two
    or more correct answers written differently; this file runs them all."""
    cases = {}
    for path in sorted(Path(__file__).resolve().parent.glob("test_*.py")):
        if path.stem != "test_checks":
            cases.update(getattr(importlib.import_module(path.stem), "CHECK_CASES", {}))
    return cases


ELSEWHERE = other_files_cases()


def _arguments(answer):
    return answer if isinstance(answer, tuple) else (answer,)


def shown(answer) -> str:
    """An answer as its test id shows it, the same in every process: a set's elements sorted (a
    set's own repr follows string hashing, which differs between pytest's workers, and xdist
    refuses workers that collected different ids)."""
    if isinstance(answer, (set, frozenset)):
        return "{" + ", ".join(sorted(map(shown, answer))) + "}"
    if isinstance(answer, tuple):
        return "(" + ", ".join(map(shown, answer)) + ")"
    return repr(answer)


@pytest.mark.parametrize("check, answer", [(check, answer) for check, (right, _) in
                                           ELSEWHERE.items() for answer in right],
                         ids=lambda value: getattr(value, "__name__", shown(value)[:20]))
def test_a_correct_answer_of_a_chapter_file_passes_in_one_line(check, answer, capsys):
    check(*_arguments(answer))
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1 and lines[0].startswith("✔")


@pytest.mark.parametrize("check, answer, hint", [
    (check, answer, hint) for check, (_, wrong) in ELSEWHERE.items() for answer, hint in wrong
], ids=lambda value: getattr(value, "__name__", shown(value)[:20]))
def test_a_wrong_answer_of_a_chapter_file_gets_a_hint_naming_the_mistake(check, answer, hint,
                                                                        capsys):
    with pytest.raises(checks.CheckFailed) as failure:
        check(*_arguments(answer))
    assert hint in str(failure.value)
    assert "✔" not in capsys.readouterr().out  # a prediction check may say what it recorded


def test_every_check_is_tested_against_wrong_answers():
    public = {getattr(checks, name) for name in checks.__all__ if name.startswith("check_")}
    elsewhere = other_files_cases()
    assert not set(CASES) & set(elsewhere), "a check tested in two files"
    assert public == set(CASES) | set(elsewhere)
    assert all(len(wrong) >= 1 for _, wrong in [*CASES.values(), *elsewhere.values()])


def _rights(right) -> list:
    """A check's correct answers here: one, or a list of several written differently."""
    return right if isinstance(right, list) else [right]


@pytest.mark.parametrize("check, right", [(check, answer) for check, (right, _) in CASES.items()
                                          for answer in _rights(right)],
                         ids=lambda value: getattr(value, "__name__", ""))
def test_correct_answer_passes_in_one_line(check, right, capsys):
    check(right)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1 and lines[0].startswith("✔")


@pytest.mark.parametrize("check, wrong, hint", [
    (check, wrong, hint) for check, (_, wrongs) in CASES.items() for wrong, hint in wrongs
], ids=lambda value: getattr(value, "__name__", ""))
def test_wrong_answer_gets_a_specific_hint(check, wrong, hint, capsys):
    with pytest.raises(checks.CheckFailed) as failure:
        check(wrong)
    assert hint in str(failure.value)
    assert capsys.readouterr().out == ""


def test_a_failed_check_shows_only_its_hint_in_ipython():
    with pytest.raises(checks.CheckFailed) as failure:
        checks.check_overlap(overlap_not_normalised)
    rendered = failure.value._render_traceback_()
    assert len(rendered) == 1 and "Divide the dot product" in rendered[0]


# --- graded runs (tools/make_assignment.py writes them into the hidden tests) -------------------


def hebbian_by_the_library(patterns):
    return hf.hebbian(patterns)


def hebbian_through_a_network(patterns):
    return hf.HopfieldNetwork.from_patterns(patterns).weights


def cycle_length_by_the_library(w, s, max_steps):
    return hf.HopfieldNetwork(w).recall(s, mode="sync", max_steps=max_steps).cycle_length


@pytest.mark.parametrize("check, shortcut, name", [
    (checks.check_hebbian, hebbian_by_the_library, "hebbian"),
    (checks.check_hebbian, hebbian_through_a_network, "from_patterns (which does what hebbian does)"),
    (checks.check_sync_cycle, cycle_length_by_the_library, "recall"),
])
def test_a_graded_run_refuses_the_library_function_its_check_compares_with(check, shortcut,
                                                                            name, capsys):
    check(shortcut)                                  # the self-check accepts the shortcut
    capsys.readouterr()
    with pytest.raises(checks.CheckFailed) as failure:
        graded(check, shortcut)
    assert name in str(failure.value) and "graded work does not" in str(failure.value)
    assert capsys.readouterr().out == ""


def test_a_graded_run_accepts_the_learners_own_code_and_the_answer_keys_calls(capsys):
    graded(checks.check_hebbian, my_hebbian)
    graded(checks.check_sync_cycle, cycle_length_by_history)
    graded(checks.check_retrieval_rate, retrieval_rate,
           allowed=("random_patterns", "HopfieldNetwork", "from_patterns", "recall", "overlap"))
    assert capsys.readouterr().out == ""             # a graded run that passes is silent
    with pytest.raises(checks.CheckFailed, match="still raises NotImplementedError"):
        graded(checks.check_hebbian, not_implemented)
