"""The widgets' logic, from plain pytest: set a control, see the view change."""

import numpy as np
import pytest

import hopfield_edu as hf
from hopfield_edu.widgets import NoiseExplorer


def test_noise_slider_changes_image_and_overlap():
    explorer = NoiseExplorer("AB", size=12, fraction=0.0, seed=0)
    clean_image = explorer.image.value
    assert bytes(clean_image).startswith(b"\x89PNG")
    assert "overlap <i>m</i> = +1.000" in explorer.readout.value

    explorer.fraction.value = 0.25
    flipped = round(0.25 * 144)
    assert np.sum(explorer.corrupted != explorer.original) == flipped
    assert explorer.image.value != clean_image
    expected = hf.overlap(explorer.original, explorer.corrupted)
    assert expected == pytest.approx(1 - 2 * flipped / 144)
    assert f"overlap <i>m</i> = {expected:+.3f}" in explorer.readout.value
    assert f"{flipped} of 144 units flipped" in explorer.readout.value

    explorer.fraction.value = 1.0
    assert "overlap <i>m</i> = -1.000" in explorer.readout.value


def test_letter_dropdown_and_new_noise():
    explorer = NoiseExplorer("AB", size=12, fraction=0.2, seed=3)
    first = explorer.corrupted
    explorer.letter.value = 1
    assert np.array_equal(explorer.original, hf.letters("B", size=12)[0])
    image = explorer.image.value
    explorer.new_noise.click()
    assert explorer.seed == 4
    assert explorer.image.value != image
    assert not np.array_equal(explorer.corrupted, first)


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(text=""), ValueError, "text must hold at least one character"),
    (dict(fraction=2.0), ValueError, "fraction must be at most 1"),
    (dict(seed=-1), ValueError, "seed must be at least 0"),
    (dict(size=3), ValueError, "size must be at least 8"),
])
def test_bad_input(kwargs, error, match):
    with pytest.raises(error, match=match):
        NoiseExplorer(**kwargs)
