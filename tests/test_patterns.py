"""The pattern functions: what they return and what they promise (bad input: test_bad_input.py)."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import hopfield_edu as hf
from hopfield_edu import reference
from hopfield_edu._validate import as_generator


class TestRandomPatterns:
    def test_shape_dtype_values(self):
        patterns = hf.random_patterns(5, 37, rng=0)
        assert patterns.shape == (5, 37)
        assert patterns.dtype == np.int8
        assert set(np.unique(patterns)) <= {-1, 1}

    def test_same_seed_same_patterns_and_generator_accepted(self):
        assert np.array_equal(hf.random_patterns(3, 50, rng=7), hf.random_patterns(3, 50, rng=7))
        assert not np.array_equal(hf.random_patterns(3, 50, rng=7),
                                  hf.random_patterns(3, 50, rng=8))
        generator = np.random.default_rng(7)
        assert np.array_equal(hf.random_patterns(3, 50, rng=generator),
                              hf.random_patterns(3, 50, rng=7))

    @pytest.mark.parametrize("bias", [-0.8, -0.3, 0.0, 0.5])
    def test_mean_activity_is_bias(self, bias):
        patterns = hf.random_patterns(100, 1000, bias=bias, rng=1)
        # 10^5 independent units of variance 1 - bias^2: five standard errors.
        tolerance = 5 * np.sqrt((1 - bias**2) / patterns.size)
        assert abs(patterns.mean() - bias) < tolerance

    def test_extreme_bias(self):
        assert np.all(hf.random_patterns(2, 10, bias=1.0, rng=0) == 1)
        assert np.all(hf.random_patterns(2, 10, bias=-1.0, rng=0) == -1)


class TestFlip:
    @pytest.mark.parametrize("fraction", [0.0, 0.013, 0.1, 0.5, 0.77, 1.0])
    def test_flips_exactly_round_fraction_n(self, fraction):
        pattern = hf.random_patterns(1, 301, rng=2)[0]
        flipped = hf.flip(pattern, fraction, rng=3)
        assert flipped.dtype == np.int8
        assert np.sum(flipped != pattern) == round(fraction * 301)
        assert np.all(np.abs(flipped) == 1)

    def test_all_flipped_is_the_negative(self):
        pattern = hf.random_patterns(1, 40, rng=2)[0]
        assert np.array_equal(hf.flip(pattern, 1.0, rng=0), -pattern)

    def test_input_unchanged_and_float_input_accepted(self):
        pattern = hf.random_patterns(1, 64, rng=2)[0].astype(float)
        before = pattern.copy()
        hf.flip(pattern, 0.5, rng=0)
        assert np.array_equal(pattern, before)

    def test_larger_fraction_flips_a_superset(self):
        pattern = hf.random_patterns(1, 200, rng=2)[0]
        previous = np.zeros(200, dtype=bool)
        for fraction in np.linspace(0, 1, 11):
            changed = hf.flip(pattern, fraction, rng=5) != pattern
            assert np.all(changed[previous])
            previous = changed

    def test_rows_get_their_own_units(self):
        patterns = hf.random_patterns(4, 100, rng=2)
        changed = hf.flip(patterns, 0.2, rng=0) != patterns
        assert np.all(changed.sum(axis=1) == 20)
        assert len({tuple(np.flatnonzero(row)) for row in changed}) == 4

    def test_units_are_uniform(self):
        # Each unit is flipped with probability k/n: counts over many draws are binomial.
        pattern = np.ones(20, dtype=np.int8)
        generator = np.random.default_rng(11)
        counts = sum((hf.flip(pattern, 0.25, rng=generator) == -1).astype(int) for _ in range(4000))
        expected, spread = 4000 * 0.25, np.sqrt(4000 * 0.25 * 0.75)
        assert np.all(np.abs(counts - expected) < 5 * spread)


class TestMask:
    @pytest.mark.parametrize("value", [-1, 0, 1])
    def test_masks_round_fraction_n_units(self, value):
        pattern = hf.random_patterns(1, 101, rng=2)[0]
        masked = hf.mask(pattern, 0.3, rng=4, value=value)
        chosen = hf.mask(np.ones(101), 0.3, rng=4, value=0) == 0  # the same seed, the same units
        assert chosen.sum() == round(0.3 * 101)
        assert np.all(masked[chosen] == value)
        assert np.array_equal(masked[~chosen], pattern[~chosen])


class TestOverlap:
    def test_matches_slow_definition(self):
        a = hf.random_patterns(3, 77, rng=1)
        b = hf.random_patterns(4, 77, rng=2)
        matrix = hf.overlap(a, b)
        assert matrix.shape == (3, 4)
        for i in range(3):
            for j in range(4):
                assert matrix[i, j] == reference.overlap(a[i], b[j])

    def test_shapes(self):
        a = hf.random_patterns(3, 16, rng=1)
        assert isinstance(hf.overlap(a[0], a[1]), float)
        assert hf.overlap(a[0], a).shape == (3,)
        assert hf.overlap(a, a[0]).shape == (3,)
        assert hf.overlap(a[0], a[0]) == 1.0
        assert hf.overlap(a[0], -a[0]) == -1.0

    @given(n=st.integers(1, 300), k=st.integers(1, 5), m=st.integers(1, 5),
           bias=st.floats(-1.0, 1.0), fraction=st.floats(0.0, 1.0),
           seed=st.integers(0, 2**32 - 1))
    def test_bounds_symmetry_and_what_a_flip_does(self, n, k, m, bias, fraction, seed):
        a = hf.random_patterns(k, n, bias=bias, rng=seed)  # any bias: also all +1 or all -1
        b = hf.random_patterns(m, n, rng=seed + 1)
        matrix = hf.overlap(a, b)
        assert matrix.shape == (k, m) and np.all(np.abs(matrix) <= 1)
        assert np.array_equal(matrix, hf.overlap(b, a).T)
        assert np.all(np.diag(hf.overlap(a, a)) == 1) and np.all(np.diag(hf.overlap(a, -a)) == -1)
        # n m is agreements minus disagreements: an integer of the same parity as n
        counts = np.round(matrix * n)
        assert np.array_equal(matrix, counts / n) and np.all((counts - n) % 2 == 0)
        flipped = round(fraction * n)
        assert hf.overlap(a[0], hf.flip(a[0], fraction, rng=seed)) == pytest.approx(
            1 - 2 * flipped / n, abs=1e-15)

    def test_random_patterns_are_nearly_orthogonal(self):
        # Independent patterns: m has mean 0 and standard deviation 1/sqrt(n).
        a = hf.random_patterns(200, 400, rng=3)
        m = hf.overlap(a, a)[np.triu_indices(200, k=1)]
        assert abs(m.mean()) < 5 / np.sqrt(400 * m.size)
        assert abs(m.std() * np.sqrt(400) - 1) < 0.05


class TestLetters:
    def test_shape_and_values(self):
        images = hf.letters("HOP", size=12)
        assert images.shape == (3, 144)
        assert images.dtype == np.int8
        assert set(np.unique(images)) == {-1, 1}

    def test_glyphs_look_like_letters(self):
        o, i, l_ = hf.letters("OI-", size=16).reshape(3, 16, 16)
        assert o[8, 8] == -1 and o[8, 1:15].max() == 1  # "O" has a hole with ink around it
        assert (i == 1).sum() < (o == 1).sum()  # "I" is thinner than "O"
        assert np.all(l_[:4] == -1) and np.all(l_[-4:] == -1)  # "-" sits in the middle

    def test_characters_differ_and_repeat(self):
        images = hf.letters("ABA")
        assert np.array_equal(images[0], images[2])
        assert not np.array_equal(images[0], images[1])

    def test_letters_are_correlated(self):
        m = hf.overlap(hf.letters("EF"), hf.letters("EF"))
        assert m[0, 1] > 0.7  # "E" and "F" share most pixels: not random patterns

    def test_result_is_a_fresh_array(self):
        images = hf.letters("A")
        images[0, 0] = 7
        assert hf.letters("A")[0, 0] != 7


def test_as_generator_passes_generators_through():
    generator = np.random.default_rng(0)
    assert as_generator(generator) is generator
    assert isinstance(as_generator(None), np.random.Generator)


# --- the self-checks of issue 22 (run by tests/test_checks.py and tests/test_bad_input.py) --------

import math  # noqa: E402

from hopfield_edu import checks  # noqa: E402


def _overlaps_of_pairs(n_neurons, rng):
    a, b = hf.random_patterns(2000, n_neurons, rng=rng), hf.random_patterns(2000, n_neurons, rng=rng)
    return np.mean(a.astype(float) * b, axis=1)


def _overlaps_with_one_pattern(n_neurons, rng):  # another design: one pattern against many
    fixed = hf.random_patterns(1, n_neurons, rng=rng)[0]
    return [hf.overlap(fixed, other) for other in hf.random_patterns(500, n_neurons, rng=rng)]


def _overlaps_by_flipping_half(n_neurons, rng):  # the wrong idea: exactly half flipped, m = 0
    p = hf.random_patterns(1, n_neurons, rng=rng)[0]
    return [hf.overlap(p, hf.flip(p, 0.5, rng=rng)) for _ in range(200)]


CHECK_CASES = {
    checks.check_chance_overlap: ([math.sqrt(2 / (math.pi * 256)), 0.0499,
                                   math.comb(256, 128) / 2**256], [
        (1 / 16, "standard deviation"), (0.0, "mean of |m| is not"), (1 / 256, "square root"),
        (math.sqrt(2 / math.pi), "divide by √N"), (0.5, "fraction of agreeing"),
        (0.1, "find its variance")]),
    checks.check_letter_overlap_prediction: ([0.0, 0.33, -1.0, np.float16(0.5)], [
        ("0.3", "must be a number"), (1.2, "[-1, 1]"), (math.inf, "finite")]),
    checks.check_overlap_experiment: ([_overlaps_of_pairs, _overlaps_with_one_pattern], [
        (lambda n, rng: _overlaps_of_pairs(n, rng) * n, "Divide the dot product by N"),
        (_overlaps_by_flipping_half, "independently"),
        (lambda n, rng: (_overlaps_of_pairs(n, rng) + 1) / 2, "fraction of agreeing units"),
        (lambda n, rng: _overlaps_of_pairs(n, rng)[:50], "at least 100"),
        (lambda n, rng: np.mean(hf.random_patterns(2000, n, bias=0.4, rng=rng)
                                * hf.random_patterns(2000, n, bias=0.4, rng=rng), axis=1),
         "standard errors"),
        (lambda n, rng: None, "returned None")]),
}

BAD_INPUT = [
    ("checks.check_chance_overlap", checks.check_chance_overlap, "0.05", checks.CheckFailed,
     ["mean_abs_overlap must be a number", "'0.05'"]),
    ("checks.check_letter_overlap_prediction", checks.check_letter_overlap_prediction, None,
     checks.CheckFailed, ["prediction must be a number", "None"]),
    ("checks.check_overlap_experiment", checks.check_overlap_experiment, np.zeros(100), TypeError,
     ["random_overlaps must be a function random_overlaps(n_neurons, rng)",
      "an array of shape (100,)"]),
]
