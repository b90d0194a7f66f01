"""Bad input to any public name of the course gets an error that teaches.

One table, one row per mistake: the public name it exercises, a call that receives the bad
value, the bad value, the error expected (``ValueError``, or ``TypeError`` for a value of the
wrong type), and what the message must say: the argument's name and what it got. A Numba
typing error, a traceback from deep inside NumPy or a silent wrong result fails the row.

A second test reads the tables of the public API (``API.md`` in the team's ``shared/`` folder,
beside the repository) and the widget classes, and fails if a public name has no row, so that
the claim "every public name checks its input" stays true as the API grows. Names that take no
input (a constant, result classes, read-only attributes) are listed apart, and a third test
checks that they really take none.
"""

import dataclasses
import importlib
import re
from pathlib import Path

import numpy as np
import pytest

import hopfield_edu as hf
from hopfield_edu import ising, widgets
from hopfield_edu.dense import DenseAssociativeMemory
from hopfield_edu.hopfield import HopfieldNetwork, Recall
from hopfield_edu.attention import attention
from hopfield_edu.modern import ModernHopfield

API_MD = Path(__file__).resolve().parents[2] / "shared" / "API.md"

XI = hf.random_patterns(3, 8, rng=0)       # three ±1 patterns of 8 units
ONES = np.ones(8)
ZERO_ONE = np.array([0, 1, 1, 0, 1, 0, 0, 1])
NAN = np.array([1.0, np.nan, -1.0, 1.0, 1.0, -1.0, 1.0, -1.0])
NETWORK = HopfieldNetwork.from_patterns(XI)
DENSE = DenseAssociativeMemory(XI)
MODERN = ModernHopfield(XI)
Q, K, V = np.ones((2, 3)), np.ones((4, 3)), np.ones((4, 5))


def simulate(**kwargs):
    return ising.simulate(**{"L": 8, "T": 2.0, "sweeps": 2, **kwargs})


# (public name, call receiving the bad value, bad value, error, what the message must contain)
ROWS = [
    # --- patterns ---
    ("random_patterns", lambda v: hf.random_patterns(v, 5), 0, ValueError,
     ["n_patterns must be at least 1", "got 0"]),
    ("random_patterns", lambda v: hf.random_patterns(2.5, v), 5, TypeError,
     ["n_patterns must be a whole number", "got 2.5"]),
    ("random_patterns", lambda v: hf.random_patterns(2, v), -1, ValueError,
     ["n_neurons must be at least 1", "got -1"]),
    ("random_patterns", lambda v: hf.random_patterns(2, 5, bias=v), 1.5, ValueError,
     ["bias must be at most 1", "got 1.5"]),
    ("random_patterns", lambda v: hf.random_patterns(2, 5, bias=v), np.nan, ValueError,
     ["bias must be a finite number", "got nan"]),
    ("random_patterns", lambda v: hf.random_patterns(2, 5, rng=v), -3, ValueError,
     ["rng must be a non-negative seed", "got -3"]),
    ("random_patterns", lambda v: hf.random_patterns(2, 5, rng=v), "seed", TypeError,
     ["rng must be None, an int seed or a numpy.random.Generator", "got 'seed'"]),
    ("flip", lambda v: hf.flip(v, 0.1), np.array([0, 1, 1, 0]), ValueError,
     ["pattern must hold only -1 and +1", "{0, 1}", "0/1 coding: convert it with 2 * pattern - 1"]),
    ("flip", lambda v: hf.flip(v, 0.1), np.array([1, -1, 2]), ValueError,
     ["pattern must hold only -1 and +1", "{-1, 1, 2}"]),
    ("flip", lambda v: hf.flip(v, 0.1), np.array([1.0, np.nan, -1.0]), ValueError,
     ["pattern", "NaN or infinity"]),
    ("flip", lambda v: hf.flip(v, 0.1), np.array([True, False]), ValueError,
     ["pattern", "a boolean array", "np.where(pattern, 1, -1)"]),
    ("flip", lambda v: hf.flip(v, 0.1), np.array([], dtype=np.int8), ValueError,
     ["pattern must not be empty", "shape (0,)"]),
    ("flip", lambda v: hf.flip(v, 0.1), np.ones((2, 2, 2)), ValueError,
     ["pattern must have shape (n_neurons,) or (n_patterns, n_neurons)", "shape (2, 2, 2)"]),
    ("flip", lambda v: hf.flip(v, 0.1), np.array(["a", "b"]), ValueError,
     ["pattern must be a numeric array", "dtype <U1"]),
    ("flip", lambda v: hf.flip(v, 0.1), [[1, -1], [1]], ValueError,
     ["pattern must be a rectangular array", "[[1, -1], [1]]"]),
    ("flip", lambda v: hf.flip(ONES, v), 1.2, ValueError, ["fraction must be at most 1", "1.2"]),
    ("flip", lambda v: hf.flip(ONES, v), -0.1, ValueError, ["fraction must be at least 0", "-0.1"]),
    ("flip", lambda v: hf.flip(ONES, v), np.nan, ValueError, ["fraction must be a finite", "nan"]),
    ("flip", lambda v: hf.flip(ONES, v), "half", TypeError,
     ["fraction must be a real number", "'half'"]),
    ("flip", lambda v: hf.flip(ONES, 0.1, rng=v), 1.5, TypeError, ["rng must be None", "1.5"]),
    ("mask", lambda v: hf.mask(v, 0.5), ZERO_ONE, ValueError, ["pattern", "0/1 coding"]),
    ("mask", lambda v: hf.mask(ONES, v), 3, ValueError, ["fraction must be at most 1", "got 3"]),
    ("mask", lambda v: hf.mask(ONES, 0.5, value=v), 2, ValueError,
     ["value must be at most 1", "got 2"]),
    ("mask", lambda v: hf.mask(ONES, 0.5, value=v), 0.5, TypeError,
     ["value must be a whole number", "got 0.5"]),
    ("mask", lambda v: hf.mask(ONES, 0.5, value=v), np.ones(2), TypeError,
     ["value must be a whole number", "an array of shape (2,)"]),
    ("overlap", lambda v: hf.overlap(ONES, v), np.ones(5), ValueError,
     ["a and b must have the same number of units", "got 8 and 5"]),
    ("overlap", lambda v: hf.overlap(ONES, v), ZERO_ONE, ValueError,
     ["b must hold only -1 and +1", "{0, 1}"]),
    ("overlap", lambda v: hf.overlap(v, ONES), np.array([np.inf, 1.0]), ValueError,
     ["a must hold only -1 and +1", "NaN or infinity"]),
    ("overlap", lambda v: hf.overlap(v, ONES), np.ones((0, 8)), ValueError,
     ["a must not be empty", "(0, 8)"]),
    ("letters", lambda v: hf.letters(v), "", ValueError,
     ["text must hold at least one character", "got ''"]),
    ("letters", lambda v: hf.letters(v), ["A"], TypeError, ["text must be a str", "got ['A']"]),
    ("letters", lambda v: hf.letters(v), "A B", ValueError,
     ["text contains ' ' (U+0020), which draws no pixels"]),
    ("letters", lambda v: hf.letters(v), "A\u4e2d", ValueError,
     ["text contains '\u4e2d' (U+4E2D), which the course font (DejaVu Sans) cannot draw"]),
    ("letters", lambda v: hf.letters("A", size=v), 4, ValueError,
     ["size must be at least 8", "got 4"]),
    ("letters", lambda v: hf.letters("A", size=v), 1000, ValueError,
     ["size must be at most 128", "got 1000"]),
    ("letters", lambda v: hf.letters("A", size=v), 16.0, TypeError,
     ["size must be a whole number", "got 16.0"]),
    # --- Ising model ---
    ("simulate", lambda v: simulate(L=v), 1, ValueError, ["L must be at least 2", "got 1"]),
    ("simulate", lambda v: simulate(L=v), 8.0, TypeError, ["L must be a whole number", "got 8.0"]),
    ("simulate", lambda v: simulate(T=v), 0.0, ValueError, ["T must be greater than 0", "got 0.0"]),
    ("simulate", lambda v: simulate(T=v), -1.0, ValueError, ["T must be greater than 0", "-1.0"]),
    ("simulate", lambda v: simulate(T=v), np.nan, ValueError, ["T must be a finite number", "nan"]),
    ("simulate", lambda v: simulate(T=v), "2", TypeError, ["T must be a real number", "got '2'"]),
    ("simulate", lambda v: simulate(sweeps=v), 0, ValueError, ["sweeps must be at least 1", "0"]),
    ("simulate", lambda v: simulate(burn_in=v), -1, ValueError,
     ["burn_in must be at least 0", "got -1"]),
    ("simulate", lambda v: simulate(algorithm=v), "swendsen-wang", ValueError,
     ["algorithm must be one of 'metropolis', 'glauber', 'heatbath', 'wolff'", "'swendsen-wang'"]),
    ("simulate", lambda v: simulate(algorithm="wolff", h=v), 0.1, ValueError,
     ["algorithm='wolff' needs J > 0 and h = 0", "h=0.1"]),
    ("simulate", lambda v: simulate(algorithm="wolff", J=v), -1.0, ValueError,
     ["algorithm='wolff' needs J > 0 and h = 0", "J=-1.0"]),
    ("simulate", lambda v: simulate(algorithm="wolff", order=v), "random", ValueError,
     ["order='random' applies to the single-spin algorithms"]),
    ("simulate", lambda v: simulate(dim=v), 3, ValueError, ["dim must be at most 2", "got 3"]),
    ("simulate", lambda v: simulate(h=v), np.inf, ValueError, ["h must be a finite number", "inf"]),
    ("simulate", lambda v: simulate(J=v), np.nan, ValueError, ["J must be a finite number", "nan"]),
    ("simulate", lambda v: simulate(start=v), "warm", ValueError,
     ["start must be one of 'cold', 'hot'", "got 'warm'"]),
    ("simulate", lambda v: simulate(start=v), np.ones((4, 4)), ValueError,
     ["start must be 'cold', 'hot' or a lattice of shape (8, 8)", "shape (4, 4)"]),
    ("simulate", lambda v: simulate(start=v), np.zeros((8, 8)), ValueError,
     ["start must hold only -1 and +1", "{0}", "0/1 coding"]),
    ("simulate", lambda v: simulate(L=7, order=v), "checkerboard", ValueError,
     ["order='checkerboard' needs an even L", "got L=7"]),
    ("simulate", lambda v: simulate(order=v), "spiral", ValueError,
     ["order must be one of 'auto', 'checkerboard', 'random'", "got 'spiral'"]),
    ("simulate", lambda v: simulate(rng=v), "x", TypeError, ["rng must be None", "got 'x'"]),
    ("exact_magnetization", ising.exact_magnetization, -1.0, ValueError,
     ["T must be positive", "got -1"]),
    ("exact_magnetization", ising.exact_magnetization, [1.0, np.nan], ValueError,
     ["T must be finite", "NaN"]),
    ("exact_magnetization", ising.exact_magnetization, [], ValueError,
     ["T must not be empty", "shape (0,)"]),
    ("exact_magnetization", ising.exact_magnetization, "hot", ValueError,
     ["T must hold real numbers", "dtype <U3"]),
    ("exact_energy", ising.exact_energy, 0.0, ValueError, ["T must be positive", "got 0"]),
    ("exact_energy", ising.exact_energy, np.inf, ValueError, ["T must be finite", "infinity"]),
    ("exact_energy", ising.exact_energy, 2.0 + 1.0j, ValueError,
     ["T must hold real numbers", "dtype complex128"]),
    # --- classical Hopfield network ---
    ("hebbian", hf.hebbian, ZERO_ONE[None, :], ValueError,
     ["patterns must hold only -1 and +1", "{0, 1}", "2 * patterns - 1"]),
    ("hebbian", hf.hebbian, np.ones((2, 2, 2)), ValueError,
     ["patterns must have shape", "shape (2, 2, 2)"]),
    ("hebbian", hf.hebbian, np.ones((0, 4)), ValueError, ["patterns must not be empty", "(0, 4)"]),
    ("storkey", hf.storkey, NAN[None, :], ValueError, ["patterns", "NaN or infinity"]),
    ("storkey", hf.storkey, "abc", ValueError, ["patterns must have shape", "shape ()"]),
    ("pseudoinverse", hf.pseudoinverse, ZERO_ONE[None, :], ValueError,
     ["patterns must hold only -1 and +1", "0/1 coding"]),
    ("pseudoinverse", hf.pseudoinverse, hf.random_patterns(10, 8, rng=0), ValueError,
     ["the pseudo-inverse rule stores fewer patterns than neurons", "got 10 patterns of 8"]),
    ("pseudoinverse", hf.pseudoinverse, np.vstack([ONES, ONES, -ONES]), ValueError,
     ["linearly independent", "these 3 patterns span only 1 dimensions"]),
    ("HopfieldNetwork", HopfieldNetwork, np.ones((3, 4)), ValueError,
     ["weights must be a square matrix (n, n)", "got shape (3, 4)"]),
    ("HopfieldNetwork", HopfieldNetwork, np.ones(3), ValueError,
     ["weights must have shape (n, n)", "shape (3,)"]),
    ("HopfieldNetwork", HopfieldNetwork, np.array([[0.0, 1.0], [2.0, 0.0]]), ValueError,
     ["weights must be symmetric", "W[0, 1] = 1 but W[1, 0] = 2"]),
    ("HopfieldNetwork", HopfieldNetwork, np.array([[0.0, np.nan], [np.nan, 0.0]]), ValueError,
     ["weights must be finite", "NaN or infinity"]),
    ("HopfieldNetwork", HopfieldNetwork, np.zeros((0, 0)), ValueError,
     ["weights must not be empty", "shape (0, 0)"]),
    ("HopfieldNetwork", HopfieldNetwork, [["a", "b"], ["c", "d"]], ValueError,
     ["weights must hold real numbers", "dtype <U1"]),
    ("HopfieldNetwork", HopfieldNetwork, np.eye(2, dtype=complex), ValueError,
     ["weights must hold real numbers", "dtype complex128"]),
    ("HopfieldNetwork", HopfieldNetwork, [[0.0, 1.0], [1.0]], ValueError,
     ["weights must be a rectangular array of numbers", "[[0.0, 1.0], [1.0]]"]),
    ("HopfieldNetwork.from_patterns", lambda v: HopfieldNetwork.from_patterns(XI, rule=v), "oja",
     ValueError, ["rule must be one of 'hebbian', 'storkey', 'pseudoinverse'", "got 'oja'"]),
    ("HopfieldNetwork.from_patterns", lambda v: HopfieldNetwork.from_patterns(XI, rule=v), None,
     ValueError, ["rule must be one of", "got None"]),
    ("HopfieldNetwork.from_patterns", HopfieldNetwork.from_patterns, (XI + 1) // 2, ValueError,
     ["patterns must hold only -1 and +1", "0/1 coding"]),
    ("HopfieldNetwork.energy", NETWORK.energy, np.ones(7), ValueError,
     ["state must have 8 units", "got 7"]),
    ("HopfieldNetwork.energy", NETWORK.energy, ZERO_ONE, ValueError,
     ["state must hold only -1 and +1", "{0, 1}"]),
    ("HopfieldNetwork.energy", NETWORK.energy, XI, ValueError,
     ["state must have shape (n_neurons,)", "shape (3, 8)"]),
    ("HopfieldNetwork.local_field", NETWORK.local_field, NAN, ValueError,
     ["state", "NaN or infinity"]),
    ("HopfieldNetwork.local_field", NETWORK.local_field, np.ones(9), ValueError,
     ["state must have 8 units", "got 9"]),
    ("HopfieldNetwork.recall", NETWORK.recall, np.ones(7), ValueError,
     ["cue must have 8 units", "got 7"]),
    ("HopfieldNetwork.recall", NETWORK.recall, ZERO_ONE, ValueError,
     ["cue must hold only -1 and +1", "0/1 coding: convert it with 2 * cue - 1"]),
    ("HopfieldNetwork.recall", lambda v: NETWORK.recall(ONES, mode=v), "parallel", ValueError,
     ["mode must be one of 'async', 'sync'", "got 'parallel'"]),
    ("HopfieldNetwork.recall", lambda v: NETWORK.recall(ONES, max_steps=v), 0, ValueError,
     ["max_steps must be at least 1", "got 0"]),
    ("HopfieldNetwork.recall", lambda v: NETWORK.recall(ONES, max_steps=v), 1.5, TypeError,
     ["max_steps must be a whole number", "got 1.5"]),
    ("HopfieldNetwork.recall", lambda v: NETWORK.recall(ONES, temperature=v), -0.1, ValueError,
     ["temperature must be at least 0", "got -0.1"]),
    ("HopfieldNetwork.recall", lambda v: NETWORK.recall(ONES, temperature=v), np.nan, ValueError,
     ["temperature must be a finite number", "got nan"]),
    ("HopfieldNetwork.recall", lambda v: NETWORK.recall(ONES, rng=v), [1, 2], TypeError,
     ["rng must be None", "got [1, 2]"]),
    ("HopfieldNetwork.recall", lambda v: NETWORK.recall(ONES, record=v), "no", TypeError,
     ["record must be True or False", "got 'no'"]),
    ("HopfieldNetwork.recall", lambda v: NETWORK.recall(ONES, update=v), 5, TypeError,
     ["update must be a function update(h, s)", "got int"]),
    # --- dense associative memory ---
    ("DenseAssociativeMemory", DenseAssociativeMemory, XI[0], ValueError,
     ["patterns must have shape (n_patterns, n_neurons)", "shape (8,)"]),
    ("DenseAssociativeMemory", DenseAssociativeMemory, (XI + 1) // 2, ValueError,
     ["patterns must hold only -1 and +1", "0/1 coding"]),
    ("DenseAssociativeMemory", lambda v: DenseAssociativeMemory(XI, interaction=v), "softmax",
     ValueError, ["interaction must be one of 'polynomial', 'exponential'", "got 'softmax'"]),
    ("DenseAssociativeMemory", lambda v: DenseAssociativeMemory(XI, degree=v), 1, ValueError,
     ["degree must be at least 2", "got 1"]),
    ("DenseAssociativeMemory", lambda v: DenseAssociativeMemory(XI, degree=v), 31, ValueError,
     ["degree must be at most 30", "got 31"]),
    ("DenseAssociativeMemory", lambda v: DenseAssociativeMemory(XI, degree=v), 2.5, TypeError,
     ["degree must be a whole number", "got 2.5"]),
    ("DenseAssociativeMemory", lambda v: DenseAssociativeMemory(XI, beta=v), 0.0, ValueError,
     ["beta must be greater than 0", "got 0.0"]),
    ("DenseAssociativeMemory", lambda v: DenseAssociativeMemory(XI, beta=v), np.nan, ValueError,
     ["beta must be a finite number", "got nan"]),
    ("DenseAssociativeMemory", lambda v: DenseAssociativeMemory(XI, rectified=v), "no", TypeError,
     ["rectified must be True or False", "got 'no'"]),
    ("DenseAssociativeMemory.energy", DENSE.energy, np.ones(3), ValueError,
     ["state must have 8 units", "got 3"]),
    ("DenseAssociativeMemory.energy", DENSE.energy, NAN, ValueError, ["state", "NaN"]),
    ("DenseAssociativeMemory.recall", DENSE.recall, np.ones(9), ValueError,
     ["cue must have 8 units", "got 9"]),
    ("DenseAssociativeMemory.recall", DENSE.recall, np.zeros(8), ValueError,
     ["cue must hold only -1 and +1", "{0}", "0/1 coding"]),
    ("DenseAssociativeMemory.recall", DENSE.recall, np.full(8, np.nan), ValueError,
     ["cue", "NaN or infinity"]),
    ("DenseAssociativeMemory.recall", lambda v: DENSE.recall(ONES, mode=v), "x", ValueError,
     ["mode must be one of 'async', 'sync'", "got 'x'"]),
    ("DenseAssociativeMemory.recall", lambda v: DENSE.recall(ONES, max_steps=v), 0, ValueError,
     ["max_steps must be at least 1", "got 0"]),
    ("DenseAssociativeMemory.recall", lambda v: DENSE.recall(ONES, rng=v), -3, ValueError,
     ["rng must be a non-negative seed", "got -3"]),
    ("DenseAssociativeMemory.recall", lambda v: DENSE.recall(ONES, record=v), 1, TypeError,
     ["record must be True or False", "got 1"]),
    # --- modern Hopfield network and attention ---
    ("ModernHopfield", ModernHopfield, np.ones(3), ValueError,
     ["patterns must have shape (n_patterns, dim)", "shape (3,)"]),
    ("ModernHopfield", ModernHopfield, np.ones((0, 4)), ValueError,
     ["patterns must not be empty", "shape (0, 4)"]),
    ("ModernHopfield", ModernHopfield, [[1.0, np.nan]], ValueError,
     ["patterns must be finite", "NaN"]),
    ("ModernHopfield", ModernHopfield, [["a", "b"]], ValueError,
     ["patterns must hold real numbers", "dtype <U1"]),
    ("ModernHopfield", ModernHopfield, [[1.0, 2.0], [1.0]], ValueError,
     ["patterns must be a rectangular array", "[[1.0, 2.0], [1.0]]"]),
    ("ModernHopfield", ModernHopfield, np.ones((2, 2), dtype=complex), ValueError,
     ["patterns must hold real numbers", "complex128"]),
    ("ModernHopfield", ModernHopfield, np.ones((2, 2), dtype=bool), ValueError,
     ["patterns must hold real numbers", "dtype bool"]),
    ("ModernHopfield", lambda v: ModernHopfield(Q, beta=v), 0.0, ValueError,
     ["beta must be greater than 0", "got 0.0"]),
    ("ModernHopfield", lambda v: ModernHopfield(Q, beta=v), np.inf, ValueError,
     ["beta must be a finite number", "got inf"]),
    ("ModernHopfield", lambda v: ModernHopfield(Q, beta=v), "1", TypeError,
     ["beta must be a real number", "got '1'"]),
    ("ModernHopfield.probabilities", MODERN.probabilities, np.ones(3), ValueError,
     ["query must have shape (8,) or (batch, 8)", "shape (3,)"]),
    ("ModernHopfield.probabilities", MODERN.probabilities, np.ones((1, 1, 8)), ValueError,
     ["query must have shape (8,) or (batch, 8)", "shape (1, 1, 8)"]),
    ("ModernHopfield.probabilities", MODERN.probabilities, np.ones((0, 8)), ValueError,
     ["query must not be empty", "shape (0, 8)"]),
    ("ModernHopfield.update", MODERN.update, np.ones(4), ValueError,
     ["query must have shape (8,) or (batch, 8)", "shape (4,)"]),
    ("ModernHopfield.update", MODERN.update, NAN, ValueError,
     ["query must be finite", "NaN or infinity"]),
    ("ModernHopfield.energy", MODERN.energy, np.full(8, np.inf), ValueError,
     ["query must be finite", "infinity"]),
    ("ModernHopfield.energy", MODERN.energy, "abc", ValueError,
     ["query must hold real numbers", "dtype <U3"]),
    ("ModernHopfield.recall", MODERN.recall, np.ones((2, 9)), ValueError,
     ["query must have shape (8,) or (batch, 8)", "shape (2, 9)"]),
    ("ModernHopfield.recall", lambda v: MODERN.recall(ONES, max_steps=v), 0, ValueError,
     ["max_steps must be at least 1", "got 0"]),
    ("ModernHopfield.recall", lambda v: MODERN.recall(ONES, max_steps=v), 2.0, TypeError,
     ["max_steps must be a whole number", "got 2.0"]),
    ("ModernHopfield.recall", lambda v: MODERN.recall(ONES, tol=v), -1.0, ValueError,
     ["tol must be at least 0", "got -1.0"]),
    ("ModernHopfield.recall", lambda v: MODERN.recall(ONES, tol=v), np.nan, ValueError,
     ["tol must be a finite number", "got nan"]),
    ("attention", lambda v: attention(v, K, V), np.ones(3), ValueError,
     ["Q must have shape (n_queries, d_k)", "shape (3,)"]),
    ("attention", lambda v: attention(Q, v, V), np.ones((4, 2)), ValueError,
     ["Q and K must have the same width d_k", "got 3 and 2"]),
    ("attention", lambda v: attention(Q, K, v), np.ones((5, 5)), ValueError,
     ["K and V must have one row per key", "got 4 and 5"]),
    ("attention", lambda v: attention(Q, K, v), np.full((4, 5), np.nan), ValueError,
     ["V must be finite", "NaN"]),
    ("attention", lambda v: attention(Q, v, V), "ab", ValueError,
     ["K must hold real numbers", "dtype <U2"]),
    ("attention", lambda v: attention(Q, K, V, scale=v), 0, ValueError,
     ["scale must be greater than 0", "got 0.0"]),
    ("attention", lambda v: attention(Q, K, V, scale=v), np.nan, ValueError,
     ["scale must be a finite number", "got nan"]),
    ("attention", lambda v: attention(Q, K, V, scale=v), "1", TypeError,
     ["scale must be a real number", "got '1'"]),
    # --- widgets ---
    ("NoiseExplorer", lambda v: widgets.NoiseExplorer(v), "", ValueError,
     ["text must hold at least one character", "got ''"]),
    ("NoiseExplorer", lambda v: widgets.NoiseExplorer(v), 5, TypeError,
     ["text must be a str", "got 5"]),
    ("NoiseExplorer", lambda v: widgets.NoiseExplorer(fraction=v), 2.0, ValueError,
     ["fraction must be at most 1", "got 2.0"]),
    ("NoiseExplorer", lambda v: widgets.NoiseExplorer(seed=v), -1, ValueError,
     ["seed must be at least 0", "got -1"]),
    ("NoiseExplorer", lambda v: widgets.NoiseExplorer(size=v), 3, ValueError,
     ["size must be at least 8", "got 3"]),
    ("IsingExplorer", lambda v: widgets.IsingExplorer(L=v), 20, ValueError,
     ["L must be one of (16, 32, 64, 128, 256)", "got 20"]),
    ("IsingExplorer", lambda v: widgets.IsingExplorer(L=v), 64.0, TypeError,
     ["L must be a whole number", "got 64.0"]),
    ("IsingExplorer", lambda v: widgets.IsingExplorer(T=v), 0.1, ValueError,
     ["T must be at least 0.5", "got 0.1"]),
    ("IsingExplorer", lambda v: widgets.IsingExplorer(algorithm=v), "sw", ValueError,
     ["algorithm must be one of", "got 'sw'"]),
    ("IsingExplorer", lambda v: widgets.IsingExplorer(sweeps_per_frame=v), 0, ValueError,
     ["sweeps_per_frame must be at least 1", "got 0"]),
    ("IsingExplorer", lambda v: widgets.IsingExplorer(history=v), 1, ValueError,
     ["history must be at least 2", "got 1"]),
    ("RecallExplorer", lambda v: widgets.RecallExplorer(v), 5, TypeError,
     ["text must be a str", "got 5"]),
    ("RecallExplorer", lambda v: widgets.RecallExplorer(v), "", ValueError,
     ["text must hold at least one character", "got ''"]),
    ("RecallExplorer", lambda v: widgets.RecallExplorer(noise=v), 0.9, ValueError,
     ["noise must be at most 0.6", "got 0.9"]),
    ("RecallExplorer", lambda v: widgets.RecallExplorer(mode=v), "x", ValueError,
     ["mode must be one of 'async', 'sync'", "got 'x'"]),
    ("RecallExplorer", lambda v: widgets.RecallExplorer(seed=v), "x", TypeError,
     ["seed must be a whole number", "got 'x'"]),
    ("PatternEditor", lambda v: widgets.PatternEditor(side=v), 20, ValueError,
     ["side must be at most 16", "got 20"]),
    ("PatternEditor", lambda v: widgets.PatternEditor(stored=v), 5, TypeError,
     ["stored must be a str", "got 5"]),
    ("DenseExplorer", lambda v: widgets.DenseExplorer(v), "degree 5", ValueError,
     ["interaction must be one of 'degree 2 (classical)'", "got 'degree 5'"]),
    ("DenseExplorer", lambda v: widgets.DenseExplorer(stored=v), 0, ValueError,
     ["stored must be at least 1", "got 0"]),
    ("DenseExplorer", lambda v: widgets.DenseExplorer(noise=v), 0.8, ValueError,
     ["noise must be at most 0.5", "got 0.8"]),
    ("BetaExplorer", lambda v: widgets.BetaExplorer(beta=v), 100.0, ValueError,
     ["beta must be at most 10", "got 100.0"]),
    ("BetaExplorer", lambda v: widgets.BetaExplorer(letter=v), "é", ValueError,
     ["letter must be one of 'A', 'B'", "got 'é'"]),
    ("BetaExplorer", lambda v: widgets.BetaExplorer(seed=v), -1, ValueError,
     ["seed must be at least 0", "got -1"]),
]

# Public names that take no input, so no bad input either: what each one is.
NO_INPUT = {
    "CRITICAL_TEMPERATURE": "a number",
    "IsingRun": "a frozen result, made by simulate()",
    "Recall": "a frozen result, made by recall()",
    "HopfieldNetwork.weights": "a read-only array",
    "HopfieldNetwork.n_neurons": "a read-only property",
}


def _row_id(row) -> str:
    name, _, bad, error, _ = row
    shown = repr(bad) if not isinstance(bad, np.ndarray) else f"array{bad.shape}"
    return f"{name}({shown[:30]})->{error.__name__}"


@pytest.mark.parametrize("name, call, bad, error, needles", ROWS, ids=map(_row_id, ROWS))
def test_bad_input_gets_an_error_naming_the_argument_and_what_it_got(name, call, bad, error,
                                                                   needles):
    with pytest.raises(error) as caught:
        call(bad)
    message = str(caught.value)
    missing = [needle for needle in needles if needle not in message]
    assert not missing, f"{name}: the message {message!r} does not say {missing}"


def public_names(text: str) -> set[str]:
    """The names in backticks in the first column of every table under a "## ..." heading.

    A name written as ``.attribute`` belongs to the last class named before it in its section,
    such as ``HopfieldNetwork.recall``. Each section's heading names its module, and every
    undotted name must exist there, so that a misread table fails here rather than passing.
    """
    names, module, owner = set(), None, None
    for line in text.splitlines():
        if line.startswith("## "):
            module = importlib.import_module(re.search(r"`(hopfield_edu\.\w+)`", line)[1])
            owner = None
            continue
        if module is None or not line.startswith("|"):
            continue
        for code in re.findall(r"`([^`]+)`", line.split("|")[1]):
            name = re.match(r"\.?[A-Za-z_][\w.]*", code)[0]
            if name.startswith("."):
                name = owner + name
            else:
                assert hasattr(module, name.split(".")[0]), (module.__name__, name)
                if isinstance(getattr(module, name, None), type):
                    owner = name
            names.add(name)
    return names


def test_every_public_name_and_widget_has_a_row():
    if not API_MD.exists():
        pytest.skip(f"{API_MD} is not beside this clone")
    names = public_names(API_MD.read_text(encoding="utf-8")) | set(widgets.__all__)
    assert len(names) > 30  # the parser found the tables
    rows = {row[0] for row in ROWS}
    assert not names - rows - set(NO_INPUT), "public names without a bad-input row"
    assert not rows - names, "rows for names that are not public"
    assert set(NO_INPUT) <= names


def test_the_names_without_a_row_take_no_input():
    assert isinstance(ising.CRITICAL_TEMPERATURE, float)
    for result in (ising.IsingRun, Recall):
        assert dataclasses.is_dataclass(result) and result.__dataclass_params__.frozen
    assert not NETWORK.weights.flags.writeable
    assert isinstance(HopfieldNetwork.n_neurons, property)
    assert HopfieldNetwork.n_neurons.fset is None
