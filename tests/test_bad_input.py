"""Bad input to any public name of the course gets an error that teaches.

One table, one row per mistake: the public name it exercises, a call that receives the bad
value, the bad value, the error expected (``ValueError``, or ``TypeError`` for a value of the
wrong type), and what the message must say: the argument's name and what it got. A Numba
typing error, a traceback from deep inside NumPy or a silent wrong result fails the row.

The rows are this file's ``ROWS`` and the ``BAD_INPUT`` list of every other ``tests/test_*.py``
(each chapter's test file keeps the rows of its own names). The public names come from the
modules' ``__all__`` (``tools/public_api.py``): a test fails if a public function, class or
method that takes input has no row, so that "every public name checks its input" stays true as
the API grows. What takes no input needs no row: constants, methods of ``self`` alone, and
frozen result classes; the few others are listed in ``NO_INPUT`` with the reason.
"""

import dataclasses
import importlib
from pathlib import Path

import numpy as np
import public_api
import pytest

import hopfield_edu as hf
from hopfield_edu import checks, ising, widgets
from hopfield_edu.dense import DenseAssociativeMemory
from hopfield_edu.hopfield import HopfieldNetwork
from hopfield_edu.attention import attention
from hopfield_edu.modern import ModernHopfield

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


def one_argument(a):  # a learner's function that takes too few arguments
    return a


# (public name, call receiving the bad value, bad value, error, what the message must contain)
ROWS = [
    # --- patterns ---
    ("patterns.random_patterns", lambda v: hf.random_patterns(v, 5), 0, ValueError,
     ["n_patterns must be at least 1", "got 0"]),
    ("patterns.random_patterns", lambda v: hf.random_patterns(2.5, v), 5, TypeError,
     ["n_patterns must be a whole number", "got 2.5"]),
    ("patterns.random_patterns", lambda v: hf.random_patterns(2, v), -1, ValueError,
     ["n_neurons must be at least 1", "got -1"]),
    ("patterns.random_patterns", lambda v: hf.random_patterns(2, 5, bias=v), 1.5, ValueError,
     ["bias must be at most 1", "got 1.5"]),
    ("patterns.random_patterns", lambda v: hf.random_patterns(2, 5, bias=v), np.nan, ValueError,
     ["bias must be a finite number", "got nan"]),
    ("patterns.random_patterns", lambda v: hf.random_patterns(2, 5, rng=v), -3, ValueError,
     ["rng must be a non-negative seed", "got -3"]),
    ("patterns.random_patterns", lambda v: hf.random_patterns(2, 5, rng=v), "seed", TypeError,
     ["rng must be None, an int seed or a numpy.random.Generator", "got 'seed'"]),
    ("patterns.flip", lambda v: hf.flip(v, 0.1), np.array([0, 1, 1, 0]), ValueError,
     ["pattern must hold only -1 and +1", "{0, 1}", "0/1 coding: convert it with 2 * pattern - 1"]),
    ("patterns.flip", lambda v: hf.flip(v, 0.1), np.array([1, -1, 2]), ValueError,
     ["pattern must hold only -1 and +1", "{-1, 1, 2}"]),
    ("patterns.flip", lambda v: hf.flip(v, 0.1), np.array([1.0, np.nan, -1.0]), ValueError,
     ["pattern", "NaN or infinity"]),
    ("patterns.flip", lambda v: hf.flip(v, 0.1), np.array([True, False]), ValueError,
     ["pattern", "a boolean array", "np.where(pattern, 1, -1)"]),
    ("patterns.flip", lambda v: hf.flip(v, 0.1), np.array([], dtype=np.int8), ValueError,
     ["pattern must not be empty", "shape (0,)"]),
    ("patterns.flip", lambda v: hf.flip(v, 0.1), np.ones((2, 2, 2)), ValueError,
     ["pattern must have shape (n_neurons,) or (n_patterns, n_neurons)", "shape (2, 2, 2)"]),
    ("patterns.flip", lambda v: hf.flip(v, 0.1), np.array(["a", "b"]), ValueError,
     ["pattern must be a numeric array", "dtype <U1"]),
    ("patterns.flip", lambda v: hf.flip(v, 0.1), [[1, -1], [1]], ValueError,
     ["pattern must be a rectangular array", "[[1, -1], [1]]"]),
    ("patterns.flip", lambda v: hf.flip(ONES, v), 1.2, ValueError, ["fraction must be at most 1", "1.2"]),
    ("patterns.flip", lambda v: hf.flip(ONES, v), -0.1, ValueError, ["fraction must be at least 0", "-0.1"]),
    ("patterns.flip", lambda v: hf.flip(ONES, v), np.nan, ValueError, ["fraction must be a finite", "nan"]),
    ("patterns.flip", lambda v: hf.flip(ONES, v), "half", TypeError,
     ["fraction must be a real number", "'half'"]),
    ("patterns.flip", lambda v: hf.flip(ONES, 0.1, rng=v), 1.5, TypeError, ["rng must be None", "1.5"]),
    ("patterns.mask", lambda v: hf.mask(v, 0.5), ZERO_ONE, ValueError, ["pattern", "0/1 coding"]),
    ("patterns.mask", lambda v: hf.mask(ONES, v), 3, ValueError, ["fraction must be at most 1", "got 3"]),
    ("patterns.mask", lambda v: hf.mask(ONES, 0.5, value=v), 2, ValueError,
     ["value must be at most 1", "got 2"]),
    ("patterns.mask", lambda v: hf.mask(ONES, 0.5, value=v), 0.5, TypeError,
     ["value must be a whole number", "got 0.5"]),
    ("patterns.mask", lambda v: hf.mask(ONES, 0.5, value=v), np.ones(2), TypeError,
     ["value must be a whole number", "an array of shape (2,)"]),
    ("patterns.overlap", lambda v: hf.overlap(ONES, v), np.ones(5), ValueError,
     ["a and b must have the same number of units", "got 8 and 5"]),
    ("patterns.overlap", lambda v: hf.overlap(ONES, v), ZERO_ONE, ValueError,
     ["b must hold only -1 and +1", "{0, 1}"]),
    ("patterns.overlap", lambda v: hf.overlap(v, ONES), np.array([np.inf, 1.0]), ValueError,
     ["a must hold only -1 and +1", "NaN or infinity"]),
    ("patterns.overlap", lambda v: hf.overlap(v, ONES), np.ones((0, 8)), ValueError,
     ["a must not be empty", "(0, 8)"]),
    ("patterns.letters", lambda v: hf.letters(v), "", ValueError,
     ["text must hold at least one character", "got ''"]),
    ("patterns.letters", lambda v: hf.letters(v), ["A"], TypeError, ["text must be a str", "got ['A']"]),
    ("patterns.letters", lambda v: hf.letters(v), "A B", ValueError,
     ["text contains ' ' (U+0020), which draws no pixels"]),
    ("patterns.letters", lambda v: hf.letters(v), "A\u4e2d", ValueError,
     ["text contains '\u4e2d' (U+4E2D), which the course font (DejaVu Sans) cannot draw"]),
    ("patterns.letters", lambda v: hf.letters("A", size=v), 4, ValueError,
     ["size must be at least 8", "got 4"]),
    ("patterns.letters", lambda v: hf.letters("A", size=v), 1000, ValueError,
     ["size must be at most 128", "got 1000"]),
    ("patterns.letters", lambda v: hf.letters("A", size=v), 16.0, TypeError,
     ["size must be a whole number", "got 16.0"]),
    # --- Ising model ---
    ("ising.simulate", lambda v: simulate(L=v), 1, ValueError, ["L must be at least 2", "got 1"]),
    ("ising.simulate", lambda v: simulate(L=v), 8.0, TypeError, ["L must be a whole number", "got 8.0"]),
    ("ising.simulate", lambda v: simulate(T=v), 0.0, ValueError, ["T must be greater than 0", "got 0.0"]),
    ("ising.simulate", lambda v: simulate(T=v), -1.0, ValueError, ["T must be greater than 0", "-1.0"]),
    ("ising.simulate", lambda v: simulate(T=v), np.nan, ValueError, ["T must be a finite number", "nan"]),
    ("ising.simulate", lambda v: simulate(T=v), "2", TypeError, ["T must be a real number", "got '2'"]),
    ("ising.simulate", lambda v: simulate(sweeps=v), 0, ValueError, ["sweeps must be at least 1", "0"]),
    ("ising.simulate", lambda v: simulate(burn_in=v), -1, ValueError,
     ["burn_in must be at least 0", "got -1"]),
    ("ising.simulate", lambda v: simulate(algorithm=v), "swendsen-wang", ValueError,
     ["algorithm must be one of 'metropolis', 'glauber', 'heatbath', 'wolff'", "'swendsen-wang'"]),
    ("ising.simulate", lambda v: simulate(algorithm="wolff", h=v), 0.1, ValueError,
     ["algorithm='wolff' needs J > 0 and h = 0", "h=0.1"]),
    ("ising.simulate", lambda v: simulate(algorithm="wolff", J=v), -1.0, ValueError,
     ["algorithm='wolff' needs J > 0 and h = 0", "J=-1.0"]),
    ("ising.simulate", lambda v: simulate(algorithm="wolff", order=v), "random", ValueError,
     ["order='random' applies to the single-spin algorithms"]),
    ("ising.simulate", lambda v: simulate(dim=v), 3, ValueError, ["dim must be at most 2", "got 3"]),
    ("ising.simulate", lambda v: simulate(h=v), np.inf, ValueError, ["h must be a finite number", "inf"]),
    ("ising.simulate", lambda v: simulate(J=v), np.nan, ValueError, ["J must be a finite number", "nan"]),
    ("ising.simulate", lambda v: simulate(start=v), "warm", ValueError,
     ["start must be one of 'cold', 'hot'", "got 'warm'"]),
    ("ising.simulate", lambda v: simulate(start=v), np.ones((4, 4)), ValueError,
     ["start must be 'cold', 'hot' or a lattice of shape (8, 8)", "shape (4, 4)"]),
    ("ising.simulate", lambda v: simulate(start=v), np.zeros((8, 8)), ValueError,
     ["start must hold only -1 and +1", "{0}", "0/1 coding"]),
    ("ising.simulate", lambda v: simulate(L=7, order=v), "checkerboard", ValueError,
     ["order='checkerboard' needs an even L", "got L=7"]),
    ("ising.simulate", lambda v: simulate(order=v), "spiral", ValueError,
     ["order must be one of 'auto', 'checkerboard', 'random'", "got 'spiral'"]),
    ("ising.simulate", lambda v: simulate(rng=v), "x", TypeError, ["rng must be None", "got 'x'"]),
    ("theory.exact_magnetization", ising.exact_magnetization, -1.0, ValueError,
     ["T must be positive", "got -1"]),
    ("theory.exact_magnetization", ising.exact_magnetization, [1.0, np.nan], ValueError,
     ["T must be finite", "NaN"]),
    ("theory.exact_magnetization", ising.exact_magnetization, [], ValueError,
     ["T must not be empty", "shape (0,)"]),
    ("theory.exact_magnetization", ising.exact_magnetization, "hot", ValueError,
     ["T must hold real numbers", "dtype <U3"]),
    ("theory.exact_energy", ising.exact_energy, 0.0, ValueError, ["T must be positive", "got 0"]),
    ("theory.exact_energy", ising.exact_energy, np.inf, ValueError, ["T must be finite", "infinity"]),
    ("theory.exact_energy", ising.exact_energy, 2.0 + 1.0j, ValueError,
     ["T must hold real numbers", "dtype complex128"]),
    # --- classical Hopfield network ---
    ("hopfield.hebbian", hf.hebbian, ZERO_ONE[None, :], ValueError,
     ["patterns must hold only -1 and +1", "{0, 1}", "2 * patterns - 1"]),
    ("hopfield.hebbian", hf.hebbian, np.ones((2, 2, 2)), ValueError,
     ["patterns must have shape", "shape (2, 2, 2)"]),
    ("hopfield.hebbian", hf.hebbian, np.ones((0, 4)), ValueError, ["patterns must not be empty", "(0, 4)"]),
    ("hopfield.storkey", hf.storkey, NAN[None, :], ValueError, ["patterns", "NaN or infinity"]),
    ("hopfield.storkey", hf.storkey, "abc", ValueError, ["patterns must have shape", "shape ()"]),
    ("hopfield.pseudoinverse", hf.pseudoinverse, ZERO_ONE[None, :], ValueError,
     ["patterns must hold only -1 and +1", "0/1 coding"]),
    ("hopfield.pseudoinverse", hf.pseudoinverse, hf.random_patterns(10, 8, rng=0), ValueError,
     ["the pseudo-inverse rule stores fewer patterns than neurons", "got 10 patterns of 8"]),
    ("hopfield.pseudoinverse", hf.pseudoinverse, np.vstack([ONES, ONES, -ONES]), ValueError,
     ["linearly independent", "these 3 patterns span only 1 dimensions"]),
    ("hopfield.HopfieldNetwork", HopfieldNetwork, np.ones((3, 4)), ValueError,
     ["weights must be a square matrix (n, n)", "got shape (3, 4)"]),
    ("hopfield.HopfieldNetwork", HopfieldNetwork, np.ones(3), ValueError,
     ["weights must have shape (n, n)", "shape (3,)"]),
    ("hopfield.HopfieldNetwork", HopfieldNetwork, np.array([[0.0, 1.0], [2.0, 0.0]]), ValueError,
     ["weights must be symmetric", "W[0, 1] = 1 but W[1, 0] = 2"]),
    ("hopfield.HopfieldNetwork", HopfieldNetwork, np.array([[0.0, np.nan], [np.nan, 0.0]]), ValueError,
     ["weights must be finite", "NaN or infinity"]),
    ("hopfield.HopfieldNetwork", HopfieldNetwork, np.zeros((0, 0)), ValueError,
     ["weights must not be empty", "shape (0, 0)"]),
    ("hopfield.HopfieldNetwork", HopfieldNetwork, [["a", "b"], ["c", "d"]], ValueError,
     ["weights must hold real numbers", "dtype <U1"]),
    ("hopfield.HopfieldNetwork", HopfieldNetwork, np.eye(2, dtype=complex), ValueError,
     ["weights must hold real numbers", "dtype complex128"]),
    ("hopfield.HopfieldNetwork", HopfieldNetwork, [[0.0, 1.0], [1.0]], ValueError,
     ["weights must be a rectangular array of numbers", "[[0.0, 1.0], [1.0]]"]),
    ("hopfield.HopfieldNetwork.from_patterns", lambda v: HopfieldNetwork.from_patterns(XI, rule=v), "oja",
     ValueError, ["rule must be one of 'hebbian', 'storkey', 'pseudoinverse'", "got 'oja'"]),
    ("hopfield.HopfieldNetwork.from_patterns", lambda v: HopfieldNetwork.from_patterns(XI, rule=v), None,
     ValueError, ["rule must be one of", "got None"]),
    ("hopfield.HopfieldNetwork.from_patterns", HopfieldNetwork.from_patterns, (XI + 1) // 2, ValueError,
     ["patterns must hold only -1 and +1", "0/1 coding"]),
    ("hopfield.HopfieldNetwork.energy", NETWORK.energy, np.ones(7), ValueError,
     ["state must have 8 units", "got 7"]),
    ("hopfield.HopfieldNetwork.energy", NETWORK.energy, ZERO_ONE, ValueError,
     ["state must hold only -1 and +1", "{0, 1}"]),
    ("hopfield.HopfieldNetwork.energy", NETWORK.energy, XI, ValueError,
     ["state must have shape (n_neurons,)", "shape (3, 8)"]),
    ("hopfield.HopfieldNetwork.local_field", NETWORK.local_field, NAN, ValueError,
     ["state", "NaN or infinity"]),
    ("hopfield.HopfieldNetwork.local_field", NETWORK.local_field, np.ones(9), ValueError,
     ["state must have 8 units", "got 9"]),
    ("hopfield.HopfieldNetwork.recall", NETWORK.recall, np.ones(7), ValueError,
     ["cue must have 8 units", "got 7"]),
    ("hopfield.HopfieldNetwork.recall", NETWORK.recall, ZERO_ONE, ValueError,
     ["cue must hold only -1 and +1", "0/1 coding: convert it with 2 * cue - 1"]),
    ("hopfield.HopfieldNetwork.recall", lambda v: NETWORK.recall(ONES, mode=v), "parallel", ValueError,
     ["mode must be one of 'async', 'sync'", "got 'parallel'"]),
    ("hopfield.HopfieldNetwork.recall", lambda v: NETWORK.recall(ONES, max_steps=v), 0, ValueError,
     ["max_steps must be at least 1", "got 0"]),
    ("hopfield.HopfieldNetwork.recall", lambda v: NETWORK.recall(ONES, max_steps=v), 1.5, TypeError,
     ["max_steps must be a whole number", "got 1.5"]),
    ("hopfield.HopfieldNetwork.recall", lambda v: NETWORK.recall(ONES, temperature=v), -0.1, ValueError,
     ["temperature must be at least 0", "got -0.1"]),
    ("hopfield.HopfieldNetwork.recall", lambda v: NETWORK.recall(ONES, temperature=v), np.nan, ValueError,
     ["temperature must be a finite number", "got nan"]),
    ("hopfield.HopfieldNetwork.recall", lambda v: NETWORK.recall(ONES, rng=v), [1, 2], TypeError,
     ["rng must be None", "got [1, 2]"]),
    ("hopfield.HopfieldNetwork.recall", lambda v: NETWORK.recall(ONES, record=v), "no", TypeError,
     ["record must be True or False", "got 'no'"]),
    ("hopfield.HopfieldNetwork.recall", lambda v: NETWORK.recall(ONES, update=v), 5, TypeError,
     ["update must be a function update(h, s)", "got 5"]),
    ("hopfield.HopfieldNetwork.recall", lambda v: NETWORK.recall(ONES, update=v), "sign", TypeError,
     ["update must be a function update(h, s)", "got 'sign'"]),
    ("hopfield.HopfieldNetwork.recall", lambda v: NETWORK.recall(ONES, update=v), one_argument,
     TypeError, ["update must be a function update(h, s), called with 2 arguments", "it takes (a)"]),
    ("hopfield.HopfieldNetwork.recall", lambda v: NETWORK.recall(ONES, update=v, rng=0),
     lambda h, s: 0, ValueError, ["update must return the new state: -1 or +1", "it returned 0"]),
    # --- dense associative memory ---
    ("dense.DenseAssociativeMemory", DenseAssociativeMemory, XI[0], ValueError,
     ["patterns must have shape (n_patterns, n_neurons)", "shape (8,)"]),
    ("dense.DenseAssociativeMemory", DenseAssociativeMemory, (XI + 1) // 2, ValueError,
     ["patterns must hold only -1 and +1", "0/1 coding"]),
    ("dense.DenseAssociativeMemory", lambda v: DenseAssociativeMemory(XI, interaction=v), "softmax",
     ValueError, ["interaction must be one of 'polynomial', 'exponential'", "got 'softmax'"]),
    ("dense.DenseAssociativeMemory", lambda v: DenseAssociativeMemory(XI, degree=v), 1, ValueError,
     ["degree must be at least 2", "got 1"]),
    ("dense.DenseAssociativeMemory", lambda v: DenseAssociativeMemory(XI, degree=v), 31, ValueError,
     ["degree must be at most 30", "got 31"]),
    ("dense.DenseAssociativeMemory", lambda v: DenseAssociativeMemory(XI, degree=v), 2.5, TypeError,
     ["degree must be a whole number", "got 2.5"]),
    ("dense.DenseAssociativeMemory", lambda v: DenseAssociativeMemory(XI, beta=v), 0.0, ValueError,
     ["beta must be greater than 0", "got 0.0"]),
    ("dense.DenseAssociativeMemory", lambda v: DenseAssociativeMemory(XI, beta=v), np.nan, ValueError,
     ["beta must be a finite number", "got nan"]),
    ("dense.DenseAssociativeMemory", lambda v: DenseAssociativeMemory(XI, rectified=v), "no", TypeError,
     ["rectified must be True or False", "got 'no'"]),
    ("dense.DenseAssociativeMemory.energy", DENSE.energy, np.ones(3), ValueError,
     ["state must have 8 units", "got 3"]),
    ("dense.DenseAssociativeMemory.energy", DENSE.energy, NAN, ValueError, ["state", "NaN"]),
    ("dense.DenseAssociativeMemory.recall", DENSE.recall, np.ones(9), ValueError,
     ["cue must have 8 units", "got 9"]),
    ("dense.DenseAssociativeMemory.recall", DENSE.recall, np.zeros(8), ValueError,
     ["cue must hold only -1 and +1", "{0}", "0/1 coding"]),
    ("dense.DenseAssociativeMemory.recall", DENSE.recall, np.full(8, np.nan), ValueError,
     ["cue", "NaN or infinity"]),
    ("dense.DenseAssociativeMemory.recall", lambda v: DENSE.recall(ONES, mode=v), "x", ValueError,
     ["mode must be one of 'async', 'sync'", "got 'x'"]),
    ("dense.DenseAssociativeMemory.recall", lambda v: DENSE.recall(ONES, max_steps=v), 0, ValueError,
     ["max_steps must be at least 1", "got 0"]),
    ("dense.DenseAssociativeMemory.recall", lambda v: DENSE.recall(ONES, rng=v), -3, ValueError,
     ["rng must be a non-negative seed", "got -3"]),
    ("dense.DenseAssociativeMemory.recall", lambda v: DENSE.recall(ONES, record=v), 1, TypeError,
     ["record must be True or False", "got 1"]),
    # --- modern Hopfield network and attention ---
    ("modern.ModernHopfield", ModernHopfield, np.ones(3), ValueError,
     ["patterns must have shape (n_patterns, dim)", "shape (3,)"]),
    ("modern.ModernHopfield", ModernHopfield, np.ones((0, 4)), ValueError,
     ["patterns must not be empty", "shape (0, 4)"]),
    ("modern.ModernHopfield", ModernHopfield, [[1.0, np.nan]], ValueError,
     ["patterns must be finite", "NaN"]),
    ("modern.ModernHopfield", ModernHopfield, [["a", "b"]], ValueError,
     ["patterns must hold real numbers", "dtype <U1"]),
    ("modern.ModernHopfield", ModernHopfield, [[1.0, 2.0], [1.0]], ValueError,
     ["patterns must be a rectangular array", "[[1.0, 2.0], [1.0]]"]),
    ("modern.ModernHopfield", ModernHopfield, np.ones((2, 2), dtype=complex), ValueError,
     ["patterns must hold real numbers", "complex128"]),
    ("modern.ModernHopfield", ModernHopfield, np.ones((2, 2), dtype=bool), ValueError,
     ["patterns must hold real numbers", "dtype bool"]),
    ("modern.ModernHopfield", lambda v: ModernHopfield(Q, beta=v), 0.0, ValueError,
     ["beta must be greater than 0", "got 0.0"]),
    ("modern.ModernHopfield", lambda v: ModernHopfield(Q, beta=v), np.inf, ValueError,
     ["beta must be a finite number", "got inf"]),
    ("modern.ModernHopfield", lambda v: ModernHopfield(Q, beta=v), "1", TypeError,
     ["beta must be a real number", "got '1'"]),
    ("modern.ModernHopfield.probabilities", MODERN.probabilities, np.ones(3), ValueError,
     ["query must have shape (8,) or (batch, 8)", "shape (3,)"]),
    ("modern.ModernHopfield.probabilities", MODERN.probabilities, np.ones((1, 1, 8)), ValueError,
     ["query must have shape (8,) or (batch, 8)", "shape (1, 1, 8)"]),
    ("modern.ModernHopfield.probabilities", MODERN.probabilities, np.ones((0, 8)), ValueError,
     ["query must not be empty", "shape (0, 8)"]),
    ("modern.ModernHopfield.update", MODERN.update, np.ones(4), ValueError,
     ["query must have shape (8,) or (batch, 8)", "shape (4,)"]),
    ("modern.ModernHopfield.update", MODERN.update, NAN, ValueError,
     ["query must be finite", "NaN or infinity"]),
    ("modern.ModernHopfield.energy", MODERN.energy, np.full(8, np.inf), ValueError,
     ["query must be finite", "infinity"]),
    ("modern.ModernHopfield.energy", MODERN.energy, "abc", ValueError,
     ["query must hold real numbers", "dtype <U3"]),
    ("modern.ModernHopfield.recall", MODERN.recall, np.ones((2, 9)), ValueError,
     ["query must have shape (8,) or (batch, 8)", "shape (2, 9)"]),
    ("modern.ModernHopfield.recall", lambda v: MODERN.recall(ONES, max_steps=v), 0, ValueError,
     ["max_steps must be at least 1", "got 0"]),
    ("modern.ModernHopfield.recall", lambda v: MODERN.recall(ONES, max_steps=v), 2.0, TypeError,
     ["max_steps must be a whole number", "got 2.0"]),
    ("modern.ModernHopfield.recall", lambda v: MODERN.recall(ONES, tol=v), -1.0, ValueError,
     ["tol must be at least 0", "got -1.0"]),
    ("modern.ModernHopfield.recall", lambda v: MODERN.recall(ONES, tol=v), np.nan, ValueError,
     ["tol must be a finite number", "got nan"]),
    ("attention.attention", lambda v: attention(v, K, V), np.ones(3), ValueError,
     ["Q must have shape (n_queries, d_k)", "shape (3,)"]),
    ("attention.attention", lambda v: attention(Q, v, V), np.ones((4, 2)), ValueError,
     ["Q and K must have the same width d_k", "got 3 and 2"]),
    ("attention.attention", lambda v: attention(Q, K, v), np.ones((5, 5)), ValueError,
     ["K and V must have one row per key", "got 4 and 5"]),
    ("attention.attention", lambda v: attention(Q, K, v), np.full((4, 5), np.nan), ValueError,
     ["V must be finite", "NaN"]),
    ("attention.attention", lambda v: attention(Q, v, V), "ab", ValueError,
     ["K must hold real numbers", "dtype <U2"]),
    ("attention.attention", lambda v: attention(Q, K, V, scale=v), 0, ValueError,
     ["scale must be greater than 0", "got 0.0"]),
    ("attention.attention", lambda v: attention(Q, K, V, scale=v), np.nan, ValueError,
     ["scale must be a finite number", "got nan"]),
    ("attention.attention", lambda v: attention(Q, K, V, scale=v), "1", TypeError,
     ["scale must be a real number", "got '1'"]),
    # --- widgets ---
    ("widgets.NoiseExplorer", lambda v: widgets.NoiseExplorer(v), "", ValueError,
     ["text must hold at least one character", "got ''"]),
    ("widgets.NoiseExplorer", lambda v: widgets.NoiseExplorer(v), 5, TypeError,
     ["text must be a str", "got 5"]),
    ("widgets.NoiseExplorer", lambda v: widgets.NoiseExplorer(fraction=v), 2.0, ValueError,
     ["fraction must be at most 1", "got 2.0"]),
    ("widgets.NoiseExplorer", lambda v: widgets.NoiseExplorer(seed=v), -1, ValueError,
     ["seed must be at least 0", "got -1"]),
    ("widgets.NoiseExplorer", lambda v: widgets.NoiseExplorer(size=v), 3, ValueError,
     ["size must be at least 8", "got 3"]),
    ("widgets.IsingExplorer", lambda v: widgets.IsingExplorer(L=v), 20, ValueError,
     ["L must be one of (16, 32, 64, 128, 256)", "got 20"]),
    ("widgets.IsingExplorer", lambda v: widgets.IsingExplorer(L=v), 64.0, TypeError,
     ["L must be a whole number", "got 64.0"]),
    ("widgets.IsingExplorer", lambda v: widgets.IsingExplorer(T=v), 0.1, ValueError,
     ["T must be at least 0.5", "got 0.1"]),
    ("widgets.IsingExplorer", lambda v: widgets.IsingExplorer(algorithm=v), "sw", ValueError,
     ["algorithm must be one of", "got 'sw'"]),
    ("widgets.IsingExplorer", lambda v: widgets.IsingExplorer(sweeps_per_frame=v), 0, ValueError,
     ["sweeps_per_frame must be at least 1", "got 0"]),
    ("widgets.IsingExplorer", lambda v: widgets.IsingExplorer(history=v), 1, ValueError,
     ["history must be at least 2", "got 1"]),
    ("widgets.RecallExplorer", lambda v: widgets.RecallExplorer(v), 5, TypeError,
     ["text must be a str", "got 5"]),
    ("widgets.RecallExplorer", lambda v: widgets.RecallExplorer(v), "", ValueError,
     ["text must hold at least one character", "got ''"]),
    ("widgets.RecallExplorer", lambda v: widgets.RecallExplorer(noise=v), 0.9, ValueError,
     ["noise must be at most 0.6", "got 0.9"]),
    ("widgets.RecallExplorer", lambda v: widgets.RecallExplorer(mode=v), "x", ValueError,
     ["mode must be one of 'async', 'sync'", "got 'x'"]),
    ("widgets.RecallExplorer", lambda v: widgets.RecallExplorer(seed=v), "x", TypeError,
     ["seed must be a whole number", "got 'x'"]),
    ("widgets.PatternEditor", lambda v: widgets.PatternEditor(side=v), 20, ValueError,
     ["side must be at most 16", "got 20"]),
    ("widgets.PatternEditor", lambda v: widgets.PatternEditor(stored=v), 5, TypeError,
     ["stored must be a str", "got 5"]),
    ("widgets.DenseExplorer", lambda v: widgets.DenseExplorer(v), "degree 5", ValueError,
     ["interaction must be one of 'degree 2 (classical)'", "got 'degree 5'"]),
    ("widgets.DenseExplorer", lambda v: widgets.DenseExplorer(stored=v), 0, ValueError,
     ["stored must be at least 1", "got 0"]),
    ("widgets.DenseExplorer", lambda v: widgets.DenseExplorer(noise=v), 0.8, ValueError,
     ["noise must be at most 0.5", "got 0.8"]),
    ("widgets.BetaExplorer", lambda v: widgets.BetaExplorer(beta=v), 100.0, ValueError,
     ["beta must be at most 10", "got 100.0"]),
    ("widgets.BetaExplorer", lambda v: widgets.BetaExplorer(letter=v), "é", ValueError,
     ["letter must be one of 'A', 'B'", "got 'é'"]),
    ("widgets.BetaExplorer", lambda v: widgets.BetaExplorer(seed=v), -1, ValueError,
     ["seed must be at least 0", "got -1"]),
    # --- self-checks: their input is the learner's function ---
    ("checks.check_to_spins", checks.check_to_spins, "to_spins", TypeError,
     ["to_spins must be a function to_spins(image)", "got 'to_spins'"]),
    ("checks.check_overlap", checks.check_overlap, 0.5, TypeError,  # the result, not the function
     ["my_overlap must be a function my_overlap(a, b)", "got 0.5",
      "pass the function itself, not the result of calling it"]),
    ("checks.check_overlap", checks.check_overlap, one_argument, TypeError,
     ["my_overlap must be a function my_overlap(a, b), called with 2 arguments", "it takes (a)"]),
    ("checks.check_flip", checks.check_flip, lambda pattern, k: pattern, TypeError,  # no rng
     ["my_flip must be a function my_flip(pattern, k, rng), called with 3 arguments",
      "it takes (pattern, k)"]),
    ("checks.check_lattice_energy", checks.check_lattice_energy, -32.0, TypeError,
     ["energy must be a function energy(spins, J)", "got -32.0"]),
    ("checks.check_metropolis_sweep", checks.check_metropolis_sweep, np.ones((3, 3)), TypeError,
     ["sweep must be a function sweep(spins, T, rng)", "an array of shape (3, 3)"]),
    ("checks.check_metropolis_sweep",
     lambda v: checks.check_metropolis_sweep(lambda spins, T, rng: spins, sweeps=v), 10, ValueError,
     ["sweeps must be at least 40", "got 10"]),
    ("checks.check_binder_crossing", checks.check_binder_crossing, 2.27, TypeError,
     ["binder_crossing must be a function binder_crossing(T, u_small, u_large)", "got 2.27"]),
    ("checks.check_correlation", checks.check_correlation, None, TypeError,
     ["correlation must be a function correlation(samples, r)", "got None"]),
    ("checks.check_hebbian", checks.check_hebbian, np.zeros((3, 3)), TypeError,
     ["my_hebbian must be a function my_hebbian(patterns)", "an array of shape (3, 3)"]),
    ("checks.check_async_update", checks.check_async_update, lambda W, s: s, TypeError,  # no i
     ["update_unit must be a function update_unit(W, s, i), called with 3 arguments"]),
    ("checks.check_sync_cycle", checks.check_sync_cycle, 2, TypeError,
     ["cycle_length must be a function cycle_length(W, s, max_steps)", "got 2"]),
    ("checks.check_retrieval_rate", checks.check_retrieval_rate, 0.9, TypeError,
     ["retrieval_rate must be a function retrieval_rate(n_neurons, n_patterns, rng)", "got 0.9"]),
    ("checks.check_mixture", checks.check_mixture, np.ones(9), TypeError,
     ["mixture must be a function mixture(patterns)", "an array of shape (9,)"]),
    ("checks.check_fixed_point", checks.check_fixed_point, True, TypeError,
     ["is_fixed_point must be a function is_fixed_point(W, s)", "got True"]),
    ("checks.check_storkey_update", checks.check_storkey_update, np.zeros((8, 8)), TypeError,
     ["storkey_update must be a function storkey_update(W, xi)", "an array of shape (8, 8)"]),
    ("checks.check_pseudoinverse", checks.check_pseudoinverse, "pseudoinverse", TypeError,
     ["my_pseudoinverse must be a function my_pseudoinverse(patterns)", "got 'pseudoinverse'"]),
    ("checks.check_bam_recall", checks.check_bam_recall, (ONES, ONES), TypeError,
     ["bam_recall must be a function bam_recall(W, x, max_steps)", "got (array("]),
    ("checks.check_dense_energy", checks.check_dense_energy, -10.0, TypeError,
     ["dense_energy must be a function dense_energy(patterns, state, n)", "got -10.0"]),
    ("checks.check_dense_update", checks.check_dense_update, lambda patterns, state, i: state,
     TypeError, ["dense_update must be a function dense_update(patterns, state, i, n), called "
                 "with 4 arguments", "it takes (patterns, state, i)"]),
    ("checks.check_dense_capacity_point", checks.check_dense_capacity_point, 0.95, TypeError,
     ["stable_fraction must be a function stable_fraction(n_neurons, n_patterns, degree, rng)",
      "got 0.95"]),
    ("checks.check_softmax_lse", checks.check_softmax_lse, (ONES / 8, 0.0), TypeError,
     ["softmax_lse must be a function softmax_lse(z, beta)", "got (array("]),
    ("checks.check_modern_update", checks.check_modern_update, np.ones(3), TypeError,
     ["update must be a function update(X, xi, beta)", "an array of shape (3,)"]),
    ("checks.check_modern_energy", checks.check_modern_energy, lambda X, xi: 0.0, TypeError,
     ["energy must be a function energy(X, xi, beta), called with 3 arguments", "(X, xi)"]),
    ("checks.check_attention_from_update", checks.check_attention_from_update, np.ones((1, 3)),
     TypeError, ["head must be a function head(Q, K, V)", "an array of shape (1, 3)"]),
    ("checks.check_attended_patterns", checks.check_attended_patterns, 10.0, TypeError,
     ["attended must be a function attended(p)", "got 10.0"]),
    ("checks.check_retrieval_classifier", checks.check_retrieval_classifier, np.arange(10), TypeError,
     ["classify must be a function classify(images, labels, queries, beta)", "an array of shape"]),
]

# Public names that take input but are not called with it by a learner, and why.
NO_INPUT = {
    "memory.BinaryMemory.dynamics": "the base class: every subclass's dynamics has rows",
    "memory.BinaryMemory.energy": "the base class: every subclass's energy has rows",
    "memory.BinaryMemory.recall": "the base class: every subclass's recall has rows",
    "memory.Dynamics": "made by BinaryMemory.dynamics(), which validates its arguments",
    "checks.CheckFailed": "an exception the checks raise with their hint",
}

TESTS = Path(__file__).resolve().parent


def all_rows() -> list:
    """This file's rows and every other test file's ``BAD_INPUT``."""
    rows = list(ROWS)
    for path in sorted(TESTS.glob("test_*.py")):
        if path.stem != "test_bad_input":
            rows += getattr(importlib.import_module(path.stem), "BAD_INPUT", [])
    return rows


def _row_id(row) -> str:
    name, _, bad, error, _ = row
    shown = (f"array{bad.shape}" if isinstance(bad, np.ndarray)
             else bad.__name__ if callable(bad) and hasattr(bad, "__name__") else repr(bad))
    return f"{name}({shown[:30]})->{error.__name__}"


@pytest.mark.parametrize("name, call, bad, error, needles", ROWS, ids=map(_row_id, ROWS))
def test_bad_input_gets_an_error_naming_the_argument_and_what_it_got(name, call, bad, error,
                                                                   needles):
    with pytest.raises(error) as caught:
        call(bad)
    message = str(caught.value)
    missing = [needle for needle in needles if needle not in message]
    assert not missing, f"{name}: the message {message!r} does not say {missing}"


def _is_result(entry) -> bool:
    return (entry.kind == "class" and dataclasses.is_dataclass(entry.obj)
            and entry.obj.__dataclass_params__.frozen)


def test_every_public_name_that_takes_input_has_a_row():
    entries = public_api.entries()
    assert len(entries) > 100  # the walk found the modules
    names = {entry.name for entry in entries}
    need = {entry.name for entry in entries if entry.takes_input and not _is_result(entry)}
    rows = {row[0] for row in all_rows()}
    assert not sorted(need - rows - set(NO_INPUT)), "public names without a bad-input row"
    assert not sorted(rows - names), "rows for names that are not public"
    assert set(NO_INPUT) <= names
