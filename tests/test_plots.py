"""The plot functions draw what they say, on the axes they are given."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

import hopfield_edu as hf
from hopfield_edu.plots import pattern_shape, plot_overlaps, plot_pattern, plot_patterns


def test_plot_pattern_draws_the_image_on_the_given_axes():
    pattern = hf.letters("A", size=12)[0]
    ax = plt.figure().add_subplot()
    assert plot_pattern(pattern, ax=ax, title="A") is ax
    shown = ax.images[0].get_array()
    assert np.array_equal(shown, pattern.reshape(12, 12))
    assert ax.get_title() == "A"


def test_wrong_units_are_marked_and_counted():
    pattern = hf.letters("A", size=12)[0]
    corrupted = hf.flip(pattern, 0.1, rng=0)
    ax = plot_pattern(corrupted, reference=pattern, title="noisy")
    boxes = ax.collections[0].get_paths()
    assert len(boxes) == round(0.1 * 144)
    assert ax.get_title() == "noisy\n14 wrong units"


def test_plot_patterns_grid_hides_unused_axes():
    images = hf.letters("HOPFIELD", size=10)
    axes = plot_patterns(images, titles=list("HOPFIELD"), columns=3)
    assert axes.size == 9
    assert [ax.get_title() for ax in axes[:8]] == list("HOPFIELD")
    assert not axes[8].axison


def test_plot_patterns_with_one_reference_per_row():
    images = hf.letters("AB", size=10)
    axes = plot_patterns(-images, reference=images)
    assert [ax.get_title() for ax in axes] == ["100 wrong units"] * 2


def test_overlap_matrix_values():
    images = hf.letters("EFX")
    ax = plot_overlaps(images, labels=list("EFX"))
    assert np.allclose(ax.images[0].get_array(), hf.overlap(images, images))
    assert [t.get_text() for t in ax.get_xticklabels()] == list("EFX")


@pytest.mark.parametrize("n, shape, expected", [(256, None, (16, 16)), (12, (3, 4), (3, 4))])
def test_pattern_shape(n, shape, expected):
    assert pattern_shape(n, shape) == expected


def test_plot_lattice_shows_spins_and_chains_as_one_row():
    from hopfield_edu.plots import plot_lattice

    spins = np.where(np.random.default_rng(0).random((6, 6)) < 0.5, 1, -1)
    ax = plot_lattice(spins, title="T = 2")
    assert np.array_equal(ax.images[0].get_array(), spins) and ax.get_title() == "T = 2"
    assert plot_lattice(np.ones(10)).images[0].get_array().shape == (1, 10)
