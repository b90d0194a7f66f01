"""Chapter 0: a letter, a noisy copy of it, and their overlap."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from .._validate import check_fraction, check_int
from ..patterns import flip, letters, overlap
from ..plots import plot_pattern
from ._render import render

__all__ = ["NoiseExplorer"]


class NoiseExplorer(widgets.VBox):
    """A letter and a copy of it with a chosen fraction of units flipped, and their overlap.

    Parameters
    ----------
    text : str, optional
        The letters to choose from.
    size : int, optional
        The side of each letter image in pixels.
    fraction : float, optional
        The fraction of flipped units to start with.
    seed : int, optional
        Which random units are flipped; "New noise" moves to the next seed. For one seed, a
        larger fraction flips a superset of the units a smaller one flips.

    Attributes
    ----------
    letter, fraction, new_noise : the controls
    image : ipywidgets.Image, the original and the corrupted copy
    readout : ipywidgets.HTML, the overlap and the number of flipped units
    """

    def __init__(self, text: str = "HOPFIELD", *, size: int = 16, fraction: float = 0.1,
                 seed: int = 0):
        from matplotlib.figure import Figure

        self.patterns = letters(text, size=size)
        self.seed = check_int(seed, "seed", minimum=0)
        self.letter = widgets.Dropdown(options=[(char, i) for i, char in enumerate(text)],
                                       value=0, description="letter")
        self.fraction = widgets.FloatSlider(value=check_fraction(fraction, "fraction"),
                                            min=0.0, max=1.0, step=0.01, description="flipped",
                                            readout_format=".0%", continuous_update=True)
        self.new_noise = widgets.Button(description="New noise", icon="refresh")
        self.image = widgets.Image(format="png")
        self.readout = widgets.HTML()
        self._figure = Figure(figsize=(4.4, 2.5), layout="constrained")
        self._axes = self._figure.subplots(1, 2)

        self.letter.observe(self._redraw, names="value")
        self.fraction.observe(self._redraw, names="value")
        self.new_noise.on_click(self._next_seed)
        super().__init__([widgets.HBox([self.letter, self.fraction, self.new_noise]),
                          self.image, self.readout])
        self._redraw()

    @property
    def original(self) -> np.ndarray:
        """The chosen letter as a ±1 pattern."""
        return self.patterns[self.letter.value]

    @property
    def corrupted(self) -> np.ndarray:
        """The chosen letter with the chosen fraction of its units flipped."""
        return flip(self.original, self.fraction.value, rng=self.seed)

    def _next_seed(self, _button=None) -> None:
        self.seed += 1
        self._redraw()

    def _redraw(self, _change=None) -> None:
        original, corrupted = self.original, self.corrupted
        flipped = int(np.sum(original != corrupted))
        m = overlap(original, corrupted)
        for ax in self._axes:
            ax.clear()
        plot_pattern(original, ax=self._axes[0], title="original")
        plot_pattern(corrupted, ax=self._axes[1], reference=original, title="corrupted")
        self.image.value = render(self._figure)
        self.readout.value = (f"overlap <i>m</i> = {m:+.3f} &nbsp;·&nbsp; {flipped} of "
                              f"{original.size} units flipped &nbsp;·&nbsp; "
                              f"1 − 2·{flipped}/{original.size} = "
                              f"{1 - 2 * flipped / original.size:+.3f}")
