"""Self-checks of Chapter 0: patterns, noise and the overlap."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .._validate import check_function
from ..patterns import overlap, random_patterns
from ._core import CheckFailed, as_array, as_number, call, passed, spin_values

__all__ = ["check_to_spins", "check_overlap", "check_flip"]

def check_to_spins(to_spins: Callable) -> None:
    """Check ``to_spins(image)``: a 0/1 image (any dtype, boolean too) to -1/+1 coding."""
    check_function(to_spins, "to_spins(image)")
    name = "to_spins"
    rng = np.random.default_rng(2)
    images = [np.array([0, 1, 1, 0]), np.array([[1, 0], [0, 0]]),
              rng.random(64) < 0.5, (rng.random((8, 8)) < 0.3).astype(np.uint8),
              (rng.random(25) < 0.5).astype(float)]
    for image in images:
        result = as_array(call(to_spins, name, image), name, image.shape)
        expected = np.where(image.astype(bool), 1, -1)
        if image.dtype == np.uint8 and np.any(result == 255):
            raise CheckFailed(f"{name} turned a 0 of a uint8 image into 255: unsigned integers "
                              f"wrap around below 0. Convert to a signed type first, for "
                              f"example image.astype(int).")
        if np.array_equal(result, -expected):
            raise CheckFailed(f"{name} swapped black and white: a 1 (ink) must become +1 and a "
                              f"0 must become -1.")
        spin_values(result, name)
        if not np.array_equal(result, expected):
            raise CheckFailed(f"{name}({image.astype(int).ravel()[:6].tolist()}...) gave "
                              f"{result.astype(int).ravel()[:6].tolist()}...; each 1 must become "
                              f"+1 and each 0 must become -1.")
    passed(name, len(images))


def check_overlap(my_overlap: Callable) -> None:
    """Check ``my_overlap(a, b)``: the overlap ``a·b / n`` of two ±1 patterns."""
    check_function(my_overlap, "my_overlap(a, b)")
    name = "overlap"
    rng = np.random.default_rng(3)
    cases = 0
    for n in (16, 64, 100, 256):
        xi = random_patterns(1, n, rng=rng)[0]
        for k in (0, n, 1, n // 4, n // 2):  # the telling cases, ξ·ξ and ξ·(-ξ), first
            other = xi.copy()
            other[rng.permutation(n)[:k]] *= -1
            expected = overlap(xi, other)
            got = as_number(call(my_overlap, name, xi, other), name)
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
    passed(name, cases)


def check_flip(my_flip: Callable) -> None:
    """Check ``my_flip(pattern, k, rng)``: a copy with exactly ``k`` distinct units flipped."""
    check_function(my_flip, "my_flip(pattern, k, rng)")
    name = "flip"
    n = 64
    pattern = random_patterns(1, n, rng=4)[0]
    flipped_sets = set()
    cases = 0
    for seed in range(5):
        for k in (0, 1, 10, 32, 64):
            result = as_array(call(my_flip, name, pattern, k, np.random.default_rng(seed)),
                               name, pattern.shape)
            spin_values(result, name)
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
    passed(name, cases)


# --- chapter 1: the Ising model -----------------------------------------------------------------
