"""Chapter 11: how β decides what a modern Hopfield network retrieves."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from .._images import pattern_png
from .._validate import as_generator, check_choice, check_int, check_real
from ..modern import ModernHopfield, classify_fixed_point
from ..patterns import ALPHABET, flip, letters
from ._render import log_slider, svg_bars, titled

__all__ = ["BetaExplorer"]


class BetaExplorer(widgets.VBox):
    """How β decides what a modern Hopfield network retrieves, on the 26 letters.

    Choose a letter, corrupt it (flip pixels or blank its lower half) and move β: the explorer
    shows the state after one update and at the fixed point, the softmax weights of the fixed
    point over the stored letters (the weights its kind describes), the energies, and the kind
    of fixed point (global average, metastable, single pattern). The flipped pixels are drawn
    once for each letter (more flipped pixels add to the ones already flipped), so moving β or
    the amount and back gives the same query again; "New noise" draws them anew.

    Parameters
    ----------
    beta : float, optional
        The start of the β slider, from 1e-4 to 10; the slider moves in 20 steps a decade, and
        starts at the step nearest ``beta`` (0.03 becomes 0.0316).
    letter : str, optional
    seed : int, optional

    Attributes
    ----------
    beta, letter, corruption, amount, new_noise : the controls
    weight_bars, readout : ipywidgets.HTML
    query_image, one_step_image, fixed_image : ipywidgets.Image
    """

    def __init__(self, beta: float = 0.03, *, letter: str = "E", seed: int = 0):
        self._generator = as_generator(check_int(seed, "seed", minimum=0))
        self.patterns = letters(ALPHABET).astype(np.float64)
        self.beta = log_slider(check_real(beta, "beta", minimum=1e-4, maximum=10.0), low=1e-4,
                               high=10.0, step=0.05, description="β", readout_format=".4f")
        self.letter = widgets.Dropdown(options=list(ALPHABET),
                                       value=check_choice(letter, "letter", tuple(ALPHABET)),
                                       description="letter")
        self.corruption = widgets.Dropdown(options=["flip pixels", "blank lower half"],
                                           value="flip pixels", description="corruption")
        self.amount = widgets.FloatSlider(value=0.15, min=0.0, max=0.5, step=0.01,
                                          description="flipped", readout_format=".0%")
        self.new_noise = widgets.Button(description="New noise",
                                        tooltip="flip other pixels of this letter")
        self._noise_seeds: dict[str, int] = {}  # per letter: the seed of its flipped pixels
        self.new_noise.on_click(lambda button: self.draw_noise())
        self.query_image, self.one_step_image, self.fixed_image = (
            widgets.Image(format="png") for _ in range(3))
        self.weight_bars, self.readout = widgets.HTML(), widgets.HTML()
        for control in (self.beta, self.letter, self.corruption, self.amount):
            control.observe(lambda change: self.update(), names="value")
        super().__init__([
            widgets.HBox([self.beta, self.letter]),
            widgets.HBox([self.corruption, self.amount, self.new_noise]),
            widgets.HBox([titled("query", self.query_image),
                          titled("after one update", self.one_step_image),
                          titled("fixed point", self.fixed_image)]),
            self.weight_bars, self.readout])
        self.update()

    def draw_noise(self) -> None:
        """Flip other pixels of the current letter (the same amount), and retrieve again."""
        self._noise_seeds[self.letter.value] = int(self._generator.integers(2**63))
        self.update()

    def query(self) -> np.ndarray:
        """The corrupted letter: the same for the same letter, corruption and amount until
        "New noise" is pressed."""
        target = self.patterns[ALPHABET.index(self.letter.value)]
        if self.corruption.value == "blank lower half":
            query = target.copy()
            query[target.size // 2:] = 0.0
            return query
        if self.letter.value not in self._noise_seeds:
            self._noise_seeds[self.letter.value] = int(self._generator.integers(2**63))
        return flip(target, self.amount.value, rng=self._noise_seeds[self.letter.value])

    def update(self) -> None:
        """Build the query and retrieve it at the chosen β."""
        flipping = self.corruption.value == "flip pixels"
        self.amount.disabled = self.new_noise.disabled = not flipping
        query = self.query()
        network = ModernHopfield(self.patterns, beta=self.beta.value)
        self.one_step = network.update(query)
        self.result = network.recall(query, max_steps=200)
        self.kind = classify_fixed_point(self.result.probabilities)
        for image, state in ((self.query_image, query), (self.one_step_image, self.one_step),
                             (self.fixed_image, self.result.state)):
            image.value = pattern_png(state, pixels=144)
        self.weight_bars.value = svg_bars(
            self.result.probabilities, ALPHABET, low=0.0, width=560,
            label=f"softmax weights of the fixed point over the letters ({self.kind})")
        self.readout.value = (
            f"energy: query {network.energy(query):.1f}, after one update "
            f"{network.energy(self.one_step):.1f}, fixed point "
            f"{network.energy(self.result.state):.1f} ({self.result.steps} updates) "
            f"&nbsp;·&nbsp; fixed point: <b>{self.kind}</b>")
