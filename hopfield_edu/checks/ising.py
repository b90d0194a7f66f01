"""Self-checks of Chapter 1: the Ising model: energy, Metropolis, Binder crossings, correlations."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .._validate import check_function, check_int
from .. import ising
from ._core import CheckFailed, as_array, as_number, call, passed, spin_values

__all__ = ["check_lattice_energy", "check_metropolis_sweep", "check_binder_crossing", "check_correlation"]

def _random_lattice(shape, rng) -> np.ndarray:
    return np.where(rng.random(shape) < 0.5, 1, -1).astype(np.int8)


def check_lattice_energy(energy: Callable) -> None:
    """Check ``energy(spins, J)``: the total energy -J Σ_<ij> s_i s_j of a periodic lattice."""
    check_function(energy, "energy(spins, J)")
    name = "energy"
    rng = np.random.default_rng(11)
    cases = [(np.ones((4, 4), np.int8), 1.0), (np.where(np.indices((4, 4)).sum(0) % 2, 1, -1), 1.0),
             (_random_lattice((3, 3), rng), 1.0), (_random_lattice((8, 8), rng), 1.0),
             (_random_lattice((5, 5), rng), 0.7), (_random_lattice((4, 6), rng), 1.0)]
    for spins, J in cases:
        got = as_number(call(energy, name, spins, J), name)
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
    passed(name, len(cases))


def check_metropolis_sweep(sweep: Callable, *, sweeps: int = 4000) -> None:
    """Check ``sweep(spins, T, rng)``: one Metropolis sweep, sampled against exact weights.

    Runs the learner's sweep as a Markov chain on a 3 × 3 lattice at T = 2.5 and compares how
    often it visits each energy with the exact Boltzmann probabilities of all 512 states, in
    40 batches of the chain (so ``sweeps`` is at least 40).
    """
    check_function(sweep, "sweep(spins, T, rng)")
    sweeps = check_int(sweeps, "sweeps", minimum=40)
    name = "metropolis_sweep"
    T, L = 2.5, 3
    rng = np.random.default_rng(12)
    spins = np.ones((L, L), np.int8)
    energies = []
    for _ in range(sweeps):
        new = as_array(call(sweep, name, spins, T, rng), name, spins.shape)
        spin_values(new, name)
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
    check_function(binder_crossing, "binder_crossing(T, u_small, u_large)")
    name = "binder_crossing"
    cases = []
    for crossing in (2.27, 2.31, 2.2437):
        T = np.linspace(2.1, 2.45, 15)
        small = 0.61 - 0.4 * (T - crossing) + 0.3 * (T - crossing) ** 2
        large = 0.61 - 1.2 * (T - crossing)
        cases.append((T, small, large))
        cases.append((T[::-1].copy(), small[::-1].copy(), large[::-1].copy()))  # hot to cold
    for T, small, large in cases:
        got = as_number(call(binder_crossing, name, T, small, large), name)
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
    passed(name, len(cases))


def check_correlation(correlation: Callable) -> None:
    """Check ``correlation(samples, r)``: ⟨s_i s_{i+r}⟩ over sites and samples of a ring."""
    check_function(correlation, "correlation(samples, r)")
    name = "correlation"
    rng = np.random.default_rng(14)
    samples = np.where(np.cumsum(rng.random((50, 40)) < 0.2, axis=1) % 2, 1, -1).astype(np.int8)
    cases = 0
    for r in (0, 1, 3, 10, 39):
        got = as_number(call(correlation, name, samples, r), name)
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
    passed(name, cases)


# --- chapter 2: the Hopfield network ------------------------------------------------------------
