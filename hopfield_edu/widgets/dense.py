"""Chapter 9: a dense associative memory against the classical network on the same cue."""

from __future__ import annotations

import ipywidgets as widgets

from .._images import pattern_png
from .._validate import as_generator, check_choice, check_int, check_real
from ..dense import DenseAssociativeMemory
from ..hopfield import HopfieldNetwork
from ..patterns import ALPHABET, flip, letters, overlap
from ._render import titled

__all__ = ["DenseExplorer"]


class DenseExplorer(widgets.VBox):
    """Recall a corrupted letter with a dense associative memory and with the classical network.

    The first ``stored`` letters of the alphabet are stored, 16 × 16 each; a cue is one of them
    with a fraction of its pixels flipped. Both networks recall from the same cue, with the
    same random order of updates.

    Parameters
    ----------
    interaction : str, optional
        One of :attr:`INTERACTIONS`: a polynomial degree, or the exponential.
    stored : int, optional
        How many letters to store, 1 to 26.
    noise : float, optional
        The fraction of flipped pixels in the cue, from 0 to 0.5.
    seed : int, optional

    Attributes
    ----------
    interaction, stored, target, noise, new_cue : the controls
    cue_image, dense_image, classical_image : ipywidgets.Image
    readout : ipywidgets.HTML
    """

    INTERACTIONS = {"degree 2 (classical)": dict(degree=2), "degree 3": dict(degree=3),
                    "degree 4": dict(degree=4), "degree 8": dict(degree=8),
                    "exponential": dict(interaction="exponential")}

    def __init__(self, interaction: str = "degree 8", *, stored: int = 26, noise: float = 0.2,
                 seed: int = 0):
        self._generator = as_generator(check_int(seed, "seed", minimum=0))
        self._letters = letters(ALPHABET)
        self.interaction = widgets.Dropdown(
            options=list(self.INTERACTIONS),
            value=check_choice(interaction, "interaction", tuple(self.INTERACTIONS)),
            description="dense F")
        self.stored = widgets.IntSlider(value=check_int(stored, "stored", minimum=1, maximum=26),
                                        min=1, max=26, description="letters")
        self.target = widgets.Dropdown(options=[(c, k) for k, c in enumerate(ALPHABET)],
                                       value=0, description="cue from")
        self.noise = widgets.FloatSlider(value=check_real(noise, "noise", minimum=0.0,
                                                          maximum=0.5), min=0.0, max=0.5,
                                         step=0.01, description="noise", readout_format=".0%")
        self.new_cue = widgets.Button(description="New cue", icon="refresh")
        self.cue_image, self.dense_image, self.classical_image = (
            widgets.Image(format="png") for _ in range(3))
        self.readout = widgets.HTML()
        for control in (self.interaction, self.stored, self.target, self.noise):
            control.observe(lambda change: self.update(), names="value")
        self.new_cue.on_click(lambda button: self.update())
        super().__init__([
            widgets.HBox([self.interaction, self.stored, self.target]),
            widgets.HBox([self.noise, self.new_cue]),
            widgets.HBox([titled("cue", self.cue_image), titled("dense memory", self.dense_image),
                          titled("classical network", self.classical_image)]),
            self.readout])
        self.update()

    def update(self) -> None:
        """Draw a new cue and recall it with both networks."""
        count = self.stored.value
        if self.target.value >= count:  # the cue must come from a stored letter
            self.target.value = 0
            return
        patterns = self._letters[:count]
        target = patterns[self.target.value]
        cue = flip(target, self.noise.value, rng=self._generator)
        seed = int(self._generator.integers(2**32))
        dense = DenseAssociativeMemory(patterns, **self.INTERACTIONS[self.interaction.value])
        self.cue_state = cue
        self.dense_state = dense.recall(cue, rng=seed).state
        self.classical_state = HopfieldNetwork.from_patterns(patterns).recall(cue, rng=seed).state
        for image, state in ((self.cue_image, cue), (self.dense_image, self.dense_state),
                             (self.classical_image, self.classical_state)):
            image.value = pattern_png(state, pixels=160)
        self.readout.value = (
            f"{count} letters stored in 256 neurons &nbsp;·&nbsp; overlap with "
            f"{ALPHABET[self.target.value]}: cue {overlap(cue, target):+.2f}, dense "
            f"{overlap(self.dense_state, target):+.2f}, classical "
            f"{overlap(self.classical_state, target):+.2f}")
