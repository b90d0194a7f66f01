"""Chapter 8: a trained RBM dreams, and completes an image from the part it is shown."""

from __future__ import annotations

import math

import ipywidgets as widgets
import numpy as np

from .._images import pattern_png
from .._validate import as_generator, check_choice, check_int, check_real, check_states
from ..boltzmann import RBM
from ._render import animate_frames, start_animation, svg_trace, titled

__all__ = ["DreamExplorer"]


class DreamExplorer(widgets.VBox):
    """Watch a trained RBM dream: block Gibbs sampling, one step at a time.

    Each step draws the hidden units from P(h | v) and then the visible units from P(v | h),
    both at temperature T (every conditional probability is σ(x / T)). The left image is the
    visible state v, the right one P(v = 1 | h), the picture the hidden units have in mind.
    With a clamp, part of the start image stays fixed and the chain fills in the rest: the
    RBM as an associative memory.

    Parameters
    ----------
    rbm : RBM
        A trained RBM whose visible units form a square image.
    images : array of 0/1, shape ``(k, n_visible)``
        Images to start from ("an image" draws one of them at random).
    temperature : float, optional
        From 0.5 to 2.
    start : {"noise", "an image"}, optional
    clamp : {"nothing", "top half", "left half"}, optional
    seed : int, optional

    Attributes
    ----------
    start, clamp, temperature, step_button, restart, play : the controls
    state_image, mean_image : ipywidgets.Image
    energy_trace, readout : ipywidgets.HTML
    state : numpy.ndarray, the visible state (0/1); free_energies : list of float
    """

    STARTS = ("noise", "an image")
    CLAMPS = ("nothing", "top half", "left half")
    FRAME_SECONDS = 0.1

    def __init__(self, rbm: RBM, images, *, temperature: float = 1.0, start: str = "noise",
                 clamp: str = "nothing", seed: int = 0):
        if not isinstance(rbm, RBM):
            raise TypeError(f"rbm must be an RBM, got {type(rbm).__name__}")
        self.side = math.isqrt(rbm.n_visible)
        if self.side * self.side != rbm.n_visible:
            raise ValueError(f"the RBM's {rbm.n_visible} visible units must form a square "
                             f"image to be drawn")
        self.rbm = rbm
        self.images = check_states(images, "images", rbm.n_visible, ndim=2, binary=True)
        self._generator = as_generator(check_int(seed, "seed", minimum=0))
        self.start = widgets.Dropdown(options=self.STARTS,
                                      value=check_choice(start, "start", self.STARTS),
                                      description="start from")
        self.clamp = widgets.Dropdown(options=self.CLAMPS,
                                      value=check_choice(clamp, "clamp", self.CLAMPS),
                                      description="clamp")
        self.temperature = widgets.FloatSlider(
            value=check_real(temperature, "temperature", minimum=0.5, maximum=2.0), min=0.5,
            max=2.0, step=0.05, description="T")
        self.step_button = widgets.Button(description="Step", icon="step-forward")
        self.restart = widgets.Button(description="Restart", icon="refresh")
        self.play = widgets.ToggleButton(description="Dream", icon="play")
        self.state_image, self.mean_image = (widgets.Image(format="png") for _ in range(2))
        self.energy_trace, self.readout = widgets.HTML(), widgets.HTML()
        self._animation = None
        for control in (self.start, self.clamp):
            control.observe(lambda change: self.reset(), names="value")
        self.temperature.observe(lambda change: self._draw(), names="value")
        self.restart.on_click(lambda button: self.reset())
        self.step_button.on_click(lambda button: self.step())
        self.play.observe(self._toggle, names="value")
        super().__init__([
            widgets.HBox([self.start, self.clamp, self.temperature]),
            widgets.HBox([self.step_button, self.play, self.restart]),
            widgets.HBox([titled("visible state v", self.state_image),
                          titled("P(v = 1 | h)", self.mean_image), self.energy_trace]),
            self.readout])
        self.reset()

    @property
    def clamped(self) -> np.ndarray:
        """Which visible units keep the start image's value (boolean, one per unit)."""
        rows, columns = np.indices((self.side, self.side))
        if self.clamp.value == "top half":
            return (rows < self.side // 2).ravel()
        if self.clamp.value == "left half":
            return (columns < self.side // 2).ravel()
        return np.zeros(self.rbm.n_visible, dtype=bool)

    def reset(self) -> None:
        """A new start: noise, or one of the images; unclamped units of an image get noise."""
        noise = (self._generator.random(self.rbm.n_visible) < 0.5).astype(np.int8)
        if self.start.value == "an image":
            self._source = self.images[self._generator.integers(len(self.images))]
        else:
            self._source = noise
        self.state = np.where(self.clamped, self._source, noise).astype(np.int8)
        self.mean = self.state.astype(np.float64)
        self.steps = 0
        self.free_energies = [self.rbm.free_energy(self.state)]
        self._draw()

    def step(self) -> None:
        """One step of block Gibbs sampling at the chosen temperature."""
        T = self.temperature.value
        up = self.rbm.hidden_probabilities(self.state, temperature=T)
        hidden = (self._generator.random(up.size) < up).astype(np.int8)
        self.mean = self.rbm.visible_probabilities(hidden, temperature=T)
        sampled = (self._generator.random(self.mean.size) < self.mean).astype(np.int8)
        self.state = np.where(self.clamped, self._source, sampled).astype(np.int8)
        self.steps += 1
        self.free_energies = (self.free_energies + [self.rbm.free_energy(self.state)])[-200:]
        self._draw()

    def _toggle(self, change) -> None:
        self.play.description = "Pause" if change["new"] else "Dream"
        if change["new"]:
            self._animation = start_animation(self._animation, self.animate)

    async def animate(self, frames: int = 500) -> None:
        """Step while ``play`` is on, at most ``frames`` steps."""
        await animate_frames(self.play, self.step, frames, self.FRAME_SECONDS)

    def _draw(self) -> None:
        self.state_image.value = pattern_png(2 * self.state - 1, pixels=160)
        self.mean_image.value = pattern_png(2 * self.mean - 1, pixels=160)
        low, high = min(self.free_energies), max(self.free_energies)
        self.energy_trace.value = svg_trace(self.free_energies, low=math.floor(low) - 1,
                                            high=math.ceil(high) + 1,
                                            label="free energy F(v), last 200 steps")
        fixed = int(self.clamped.sum())
        self.readout.value = (f"step {self.steps} &nbsp;·&nbsp; T = "
                              f"{self.temperature.value:.2f} &nbsp;·&nbsp; F(v) = "
                              f"{self.free_energies[-1]:.1f} &nbsp;·&nbsp; "
                              f"{fixed} of {self.rbm.n_visible} units clamped")
