"""Self-check of the capstone: the 26 letters in every memory of the course, compared in one
table that the learner fills and the check measures again."""

from __future__ import annotations

import functools
import math

import numpy as np

from ..dense import DenseAssociativeMemory
from ..hopfield import HopfieldNetwork, hebbian, pseudoinverse
from ..modern import ModernHopfield
from ..patterns import ALPHABET, flip, letters
from ._core import CheckFailed, real_number

__all__ = ["check_memory_table", "check_capstone_conclusions"]

#: The memories of the table, the settings the capstone fixes, and the columns.
MEMORIES = ("hebbian", "pseudoinverse", "dense", "modern")
DENSE_DEGREE, MODERN_BETA, CUE_FLIPPED = 3, 0.1, 0.1
COLUMNS = ("fixed", "restored", "cues", "numbers", "local")
#: Local learning, as the capstone defines it: each stored number changes, pattern by pattern,
#: by an amount that depends only on the activities of the units it joins.
LOCAL = {"hebbian": True, "pseudoinverse": False, "dense": True, "modern": True}


def _measure(rng: np.random.Generator, cues_per_letter: int) -> dict:
    """Fixed letters and the fraction of cues restored exactly, for every memory."""
    X = letters(ALPHABET)
    targets = np.repeat(X, cues_per_letter, axis=0)
    cues = np.array([flip(x, CUE_FLIPPED, rng=rng) for x in targets])
    measured = {}
    for name in MEMORIES[:3]:
        memory = (HopfieldNetwork(hebbian(X)) if name == "hebbian" else
                  HopfieldNetwork(pseudoinverse(X)) if name == "pseudoinverse" else
                  DenseAssociativeMemory(X, degree=DENSE_DEGREE))
        fixed = sum(memory.recall(x, max_steps=1, rng=rng).cycle_length == 1 for x in X)
        ends = memory.recall(cues, rng=rng).state
        measured[name] = (int(fixed), float(np.mean(np.all(ends == targets, axis=1))))
    modern = ModernHopfield(X.astype(np.float64), beta=MODERN_BETA)
    fixed = int(np.sum(np.all(np.sign(modern.update(X.astype(np.float64))) == X, axis=1)))
    ends = np.sign(modern.recall(cues.astype(np.float64)).state)
    measured["modern"] = (fixed, float(np.mean(np.all(ends == targets, axis=1))))
    return measured


@functools.cache
def _reference() -> dict:
    """The check's own measurement, the same for both checks of the capstone."""
    return _measure(np.random.default_rng(130), cues_per_letter=8)


def _whole(value) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool)


def check_memory_table(table) -> None:
    """Check the capstone's table: for each memory of ``MEMORIES``, a dict with "fixed" (how many
    of the 26 letters are fixed points), "restored" (the fraction of cues, letters with 10 % of
    their pixels flipped, that recall brings back exactly), "cues" (how many cues that fraction
    is over), "numbers" (how many numbers the memory stores) and "local" (whether its learning
    is local, as ``LOCAL`` defines it). The check measures fixed points and restoration itself
    and accepts a measured fraction within three binomial standard errors of its own."""
    if not isinstance(table, dict) or set(table) != set(MEMORIES):
        raise CheckFailed(f"table must be a dict with one entry for each memory, "
                          f"{list(MEMORIES)}; got {table!r:.80}.")
    for name in MEMORIES:
        row = table[name]
        if not isinstance(row, dict) or set(row) != set(COLUMNS):
            raise CheckFailed(f"table[{name!r}] must be a dict with the columns "
                              f"{list(COLUMNS)}; got {row!r:.80}.")
        if not (_whole(row["fixed"]) and 0 <= row["fixed"] <= 26):
            raise CheckFailed(f"table[{name!r}]['fixed'] must be a whole number of letters from "
                              f"0 to 26; got {row['fixed']!r}.")
        if not (_whole(row["cues"]) and row["cues"] >= 26):
            raise CheckFailed(f"table[{name!r}]['cues'] must be the number of cues you "
                              f"measured, at least one per letter; got {row['cues']!r}.")
        restored = row["restored"]
        if isinstance(restored, bool) or not isinstance(restored, (int, float, np.integer,
                                                                   np.floating)) or not (
                0 <= restored <= 1):
            raise CheckFailed(f"table[{name!r}]['restored'] must be a fraction from 0 to 1; "
                              f"got {restored!r}.")
        if not _whole(row["numbers"]) or not isinstance(row["local"], (bool, np.bool_)):
            raise CheckFailed(f"table[{name!r}]: 'numbers' must be a whole number and 'local' "
                              f"True or False; got {row['numbers']!r} and {row['local']!r}.")
    measured = _reference()
    n, k = 256, 26
    problems = []
    for name in MEMORIES:
        row, (fixed, restored) = table[name], measured[name]
        if row["fixed"] != fixed:
            problems.append(f"{name}: {fixed} of 26 letters are fixed points, not {row['fixed']}"
                            + (" (letters are correlated: their shared pixels add up in the "
                               "crosstalk, so fewer are stable than random patterns would be)"
                               if row["fixed"] > fixed else ""))
        p = restored
        spread = 3 * math.sqrt(max(p * (1 - p), 1 / row["cues"]) * (1 / row["cues"] + 1 / 208))
        if abs(row["restored"] - restored) > spread:
            problems.append(f"{name}: {restored:.2f} of the cues come back exactly, yours "
                            f"{row['restored']:.2f} (tolerance ±{spread:.2f} for "
                            f"{row['cues']} cues): recall to a fixed point, then compare "
                            f"every pixel")
        weights = {n * n, n * (n - 1), n * (n - 1) // 2}  # with or without the diagonal
        if name in ("hebbian", "pseudoinverse") and row["numbers"] not in weights:
            problems.append(f"{name}: the memory is its weight matrix, {n} × {n} numbers "
                            f"(or {n * (n - 1) // 2}, counting a symmetric matrix once without "
                            f"its diagonal); not {row['numbers']}")
        if name in ("dense", "modern") and row["numbers"] != k * n:
            problems.append(f"{name}: the memory keeps the patterns themselves, {k} × {n} = "
                            f"{k * n} numbers (an n-body weight tensor would need N^n); not "
                            f"{row['numbers']}")
        if bool(row["local"]) != LOCAL[name]:
            why = {"hebbian": "ΔW_ij = ξ_i ξ_j / N uses units i and j only",
                   "pseudoinverse": "W = Ξᵀ(ΞΞᵀ)⁻¹Ξ needs the inverse of the overlaps of all the "
                                    "patterns: every coupling depends on every pattern",
                   "dense": "each n-unit coupling T_ijk gains ξ_i ξ_j ξ_k, from its own units",
                   "modern": "storing a pattern adds one memory neuron whose weights are the "
                             "pattern itself: nothing else changes"}[name]
            problems.append(f"{name}: local is {LOCAL[name]}, as {why}")
    if problems:
        raise CheckFailed("; ".join(problems[:3]) + (f"; and {len(problems) - 3} more"
                                                     if len(problems) > 3 else "") + ".")
    shown = "; ".join(f"{name} {fixed}/26 fixed, {restored:.2f} restored"
                      for name, (fixed, restored) in measured.items())
    print(f"✔ memory_table: every entry agrees with the check's own measurement ({shown}).")


def check_capstone_conclusions(reliable, crossover) -> None:
    """Check two conclusions of the capstone's table: ``reliable``, the memories (names of
    ``MEMORIES``) that hold all 26 letters as fixed points and bring back every cue; and
    ``crossover``, how many stored patterns K make the dense and modern memories keep as many
    numbers, K N, as a classical network of N = 256 units keeps, N²."""
    if isinstance(reliable, str) or not isinstance(reliable, (set, frozenset, list, tuple)) or \
            not set(reliable) <= set(MEMORIES):
        raise CheckFailed(f"reliable must be a set of the memories' names, some of "
                          f"{list(MEMORIES)}; got {reliable!r:.80}.")
    measured = _reference()
    truth = {name for name, (fixed, restored) in measured.items() if fixed == 26 and restored == 1}
    problems = []
    for name in sorted(set(reliable) - truth, key=MEMORIES.index):
        fixed, restored = measured[name]
        problems.append(f"{name} holds {fixed} of 26 letters and brings back {restored:.0%} of "
                        f"the cues: look at your table's rows")
    for name in sorted(truth - set(reliable), key=MEMORIES.index):
        problems.append(f"{name} holds all 26 letters and brings back every cue: it belongs in "
                        f"reliable")
    n, k = 256, 26
    value = real_number(crossover, "crossover")
    if value != n:
        problems.append(_crossover_hint(value, n, k))
    if problems:
        raise CheckFailed("; ".join(problems) + ".")
    print(f"✔ capstone_conclusions: {' and '.join(sorted(truth, key=MEMORIES.index))} hold every "
          f"letter and every cue; K N = N² at K = N = {n}, about ten times the 26 letters.")


def _crossover_hint(value: float, n: int, k: int) -> str:
    """What a wrong crossover most likely took for K."""
    hints = {n * n: f"{n * n} is N², the numbers themselves; the crossover asks for K: solve "
                    f"K N = N²",
             k: f"{k} is how many letters you stored; the crossover is the K at which K N "
                f"reaches N²",
             math.isqrt(n): f"{math.isqrt(n)} is the side of a letter; N counts its pixels, {n}",
             k * n: f"{k * n} is K N for the 26 letters, the numbers the dense and modern "
                    f"memories keep now; solve K N = N² for K"}
    return (f"crossover = {value:g}: " + hints[value] if value in hints else
            f"crossover = {value:g}, but K N = N² at K = N, the number of units")
