"""Chapter 5: pick a load and a temperature on the phase diagram, watch a network there."""

from __future__ import annotations


import ipywidgets as widgets
import numpy as np

from .._images import pattern_png
from ..style import VERMILION
from .._validate import as_generator, check_int, check_real
from ..hopfield import HopfieldNetwork
from ..patterns import random_patterns
from ..plots import plot_phase_diagram
from ..theory import phase, replica_symmetric
from ._render import animate_frames, play_toggled, render, svg_trace, titled

__all__ = ["PhaseExplorer"]

MAX_LOAD, MAX_TEMPERATURE = 0.2, 1.5


#: What the reader sees in each region of the diagram.
_BEHAVIOUR = {
    "retrieval": "retrieval: the memory is the lowest state",
    "metastable retrieval": "retrieval, metastable: the memory holds, though spin-glass "
                            "states lie lower",
    "spin glass": "spin glass: no memory state; the network freezes in a state like no pattern",
    "paramagnet": "paramagnet: no state lasts, the network wanders at random",
}


class PhaseExplorer(widgets.VBox):
    """A Hebbian network at a load α and temperature T of the reader's choice, sweep by sweep.

    The sliders place a point on the phase diagram; a network of ``side`` × ``side`` neurons
    storing round(α N) random patterns starts in the first of them and runs Glauber dynamics at
    T. The left image shows where the state agrees with that pattern (black), the right one the
    units that flipped in the last sweep (black): a retrieving network stays black on the left
    and nearly white on the right, a paramagnet flickers everywhere, a spin glass freezes into a
    grey mixture of agreement and disagreement. Moving α stores new patterns and starts again;
    moving T keeps the state, so the reader can heat a memory away and cool it back.

    Parameters
    ----------
    load : float, optional
        α from 0.005 to 0.2.
    temperature : float, optional
        T from 0.05 to 1.5.
    side : int, optional
        The network has side² neurons (20 to 60).
    seed : int, optional

    Attributes
    ----------
    load, temperature, reset_button, step_button, play : the controls
    diagram, agreement_image, flips_image : ipywidgets.Image
    overlap_trace, readout : ipywidgets.HTML
    network : HopfieldNetwork; patterns : numpy.ndarray
    dynamics : hopfield_edu.memory.Dynamics, the run in progress
    overlaps : list of float, the overlap with the first pattern after each sweep
    """

    FRAME_SECONDS = 0.1

    def __init__(self, load: float = 0.05, temperature: float = 0.3, *, side: int = 40,
                 seed: int = 0):
        from matplotlib.figure import Figure

        self.side = check_int(side, "side", minimum=20, maximum=60)
        self._generator = as_generator(check_int(seed, "seed", minimum=0))
        # a slider clips a value beyond its range without a word: check it first
        self.load = widgets.FloatSlider(
            value=check_real(load, "load", minimum=0.005, maximum=MAX_LOAD), min=0.005,
            max=MAX_LOAD, step=0.005, description="α", readout_format=".3f")
        self.temperature = widgets.FloatSlider(
            value=check_real(temperature, "temperature", minimum=0.05, maximum=MAX_TEMPERATURE),
            min=0.05, max=MAX_TEMPERATURE, step=0.05, description="T", readout_format=".2f")
        self.reset_button = widgets.Button(description="Restart", icon="refresh")
        self.step_button = widgets.Button(description="Sweep", icon="step-forward")
        self.play = widgets.ToggleButton(description="Run", icon="play")
        self.diagram = widgets.Image(format="png")
        # framed: an image of white units (nothing flipped) would vanish into the page
        self.agreement_image, self.flips_image = (
            widgets.Image(format="png", layout={"border": "1px solid #999"}) for _ in range(2))
        self.overlap_trace, self.readout = widgets.HTML(), widgets.HTML()
        self._figure = Figure(figsize=(4.6, 3.4), layout="constrained")
        self._axes = self._figure.subplots()
        self._animation = None

        self.load.observe(lambda change: self.new_network(), names="value")
        self.temperature.observe(lambda change: self._reheat(), names="value")
        self.reset_button.on_click(lambda button: self.restart())
        self.step_button.on_click(lambda button: self.step())
        self.play.observe(self._toggle, names="value")
        super().__init__([
            widgets.HBox([self.load, self.temperature]),
            widgets.HBox([self.reset_button, self.step_button, self.play]),
            widgets.HBox([self.diagram,
                          titled("agrees with the pattern", self.agreement_image),
                          titled("flipped in the last sweep", self.flips_image)]),
            self.overlap_trace, self.readout])
        self.new_network()

    def new_network(self) -> None:
        """Store round(α N) new random patterns and start in the first."""
        n = self.side * self.side
        self.patterns = random_patterns(max(1, round(self.load.value * n)), n,
                                        rng=self._generator)
        self.network = HopfieldNetwork.from_patterns(self.patterns)
        self._draw_diagram()
        self.restart()

    def restart(self) -> None:
        """Start again in the first stored pattern."""
        self.state = self.patterns[0].copy()
        self.overlaps = [1.0]
        self._start()

    def _reheat(self) -> None:
        """A new temperature: the same state, the dynamics continues at the new T."""
        self._draw_diagram()
        self._start()

    def _start(self) -> None:
        self.dynamics = self.network.dynamics(self.state, temperature=self.temperature.value,
                                              rng=self._generator)
        self._theory = replica_symmetric(self.load.value, self.temperature.value)
        self._phase = _BEHAVIOUR[phase(self.load.value, self.temperature.value)]
        self.flipped = np.zeros(self.state.size, dtype=bool)
        self._draw()

    def step(self) -> None:
        """One sweep of Glauber dynamics."""
        before = self.state
        self.dynamics.step()
        self.state = self.dynamics.state
        self.flipped = self.state != before
        self.overlaps.append(float(self.patterns[0].astype(np.int64) @ self.state)
                             / self.state.size)
        self._draw()

    def _toggle(self, change) -> None:
        self._animation = play_toggled(self.play, change, "Run", self._animation, self.animate)

    async def animate(self, frames: int = 300) -> None:
        """Sweep while ``play`` is on, for at most ``frames`` sweeps."""
        await animate_frames(self.play, self.step, frames, self.FRAME_SECONDS)

    def _draw_diagram(self) -> None:
        ax = self._axes
        ax.clear()
        plot_phase_diagram(ax=ax, max_load=MAX_LOAD, max_temperature=MAX_TEMPERATURE)
        ax.plot([self.load.value], [self.temperature.value], "o", color=VERMILION, ms=9,
                mec="black")
        ax.set_title("phase diagram: the network is at the dot", fontsize=10)
        self.diagram.value = render(self._figure)

    def _draw(self) -> None:
        agreement = self.patterns[0] * self.state
        self.agreement_image.value = pattern_png(agreement, pixels=200)
        self.flips_image.value = pattern_png(np.where(self.flipped, 1, -1), pixels=200)
        expected = self._theory.overlap if self._theory.exists else 0.0
        self.overlap_trace.value = svg_trace(self.overlaps[-200:], low=-0.2, high=1.0,
                                             reference=expected, width=520,
                                             label="overlap m with the first pattern "
                                                   "(dashed: theory)")
        self.readout.value = (
            f"sweep {len(self.overlaps) - 1} &nbsp;·&nbsp; m = {self.overlaps[-1]:+.3f} "
            f"(theory {expected:.3f}) &nbsp;·&nbsp; {np.mean(self.flipped):.1%} of units "
            f"flipped in the last sweep &nbsp;·&nbsp; α = {len(self.patterns)}/"
            f"{self.state.size} &nbsp;·&nbsp; <b>{self._phase}</b>")
