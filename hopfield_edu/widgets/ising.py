"""Chapter 1: a live Monte Carlo simulation of the 2-D Ising model."""

from __future__ import annotations

import asyncio
import time

import ipywidgets as widgets
import numpy as np

from .. import ising
from .._images import greys, png_gray
from .._validate import as_generator, check_choice, check_int, check_real
from ._render import start_animation, svg_trace

__all__ = ["IsingExplorer"]


class IsingExplorer(widgets.VBox):
    """A live Monte Carlo simulation of the 2-D Ising model.

    Move the temperature while it runs and watch domains grow or melt; the traces of the
    magnetisation and the energy per spin approach the exact values of the infinite lattice
    (dashed: Yang's ±M(T) and Onsager's u(T)).

    Parameters
    ----------
    L : int, optional
        Side of the lattice: 16, 32, 64, 128 or 256.
    T : float, optional
        Temperature, between 0.5 and 5.
    algorithm : str, optional
        One of :data:`hopfield_edu.ising.ALGORITHMS`.
    sweeps_per_frame : int, optional
        Monte Carlo sweeps between two pictures (for Wolff, clusters between two pictures).
    history : int, optional
        How many frames the traces show.
    seed : int, optional

    Attributes
    ----------
    temperature, size, algorithm, sweeps_per_frame, play, step_button, reset_button :
        the controls; ``play`` is a toggle that runs :meth:`step` every ``FRAME_SECONDS``
    lattice : ipywidgets.Image, the spins (+1 black, -1 white)
    traces : ipywidgets.HTML, magnetisation and energy per spin against time
    readout : ipywidgets.HTML, the latest numbers
    spins : numpy.ndarray, the current lattice
    """

    SIZES = (16, 32, 64, 128, 256)
    PIXELS = 384  # the lattice is drawn this many pixels wide, whatever its size
    FRAME_SECONDS = 0.04  # 25 frames a second at most

    def __init__(self, L: int = 64, T: float = 2.0, *, algorithm: str = "metropolis",
                 sweeps_per_frame: int = 1, history: int = 300, seed: int = 0):
        if check_int(L, "L") not in self.SIZES:
            raise ValueError(f"L must be one of {self.SIZES}, got {L!r}")
        T = check_real(T, "T", minimum=0.5, maximum=5.0)
        check_choice(algorithm, "algorithm", ising.ALGORITHMS)
        self.history = check_int(history, "history", minimum=2)
        self._animation = None
        self._generator = as_generator(check_int(seed, "seed", minimum=0))
        self.temperature = widgets.FloatSlider(value=T, min=0.5, max=5.0, step=0.01,
                                               description="T", readout_format=".2f")
        self.size = widgets.Dropdown(options=self.SIZES, value=L, description="L")
        self.algorithm = widgets.Dropdown(options=ising.ALGORITHMS, value=algorithm,
                                          description="algorithm")
        self.sweeps_per_frame = widgets.IntSlider(
            value=check_int(sweeps_per_frame, "sweeps_per_frame", minimum=1, maximum=50),
            min=1, max=50, description="sweeps per frame",
            style={"description_width": "initial"})
        self.play = widgets.ToggleButton(value=False, description="Run", icon="play",
                                         tooltip="run or pause the simulation")
        self.step_button = widgets.Button(description="Step", icon="step-forward")
        self.reset_button = widgets.Button(description="Hot start", icon="fire")
        self.lattice = widgets.Image(format="png", width=self.PIXELS, height=self.PIXELS)
        self.traces = widgets.HTML()
        self.readout = widgets.HTML()

        self.play.observe(self._toggle, names="value")
        self.step_button.on_click(lambda button: self.step())
        self.reset_button.on_click(lambda button: self.reset())
        self.size.observe(lambda change: self.reset(), names="value")
        self.algorithm.observe(lambda change: self.reset(), names="value")
        self.temperature.observe(lambda change: self._draw(), names="value")
        super().__init__([
            widgets.HBox([self.temperature, self.size, self.algorithm]),
            widgets.HBox([self.play, self.step_button, self.reset_button,
                          self.sweeps_per_frame]),
            widgets.HBox([self.lattice, widgets.VBox([self.traces, self.readout])]),
        ])
        self.reset()

    def _toggle(self, change) -> None:
        self.play.icon = "pause" if change["new"] else "play"
        self.play.description = "Pause" if change["new"] else "Run"
        if change["new"]:
            self._animation = start_animation(self._animation, self.animate)

    async def animate(self, frames: int | None = None) -> None:
        """Step while ``play`` is on (or for ``frames`` frames), at most one frame per
        ``FRAME_SECONDS``, yielding to the kernel between frames so the controls stay live."""
        frames = None if frames is None else check_int(frames, "frames", minimum=1)
        count = 0
        while self.play.value and (frames is None or count < frames):
            started = time.perf_counter()
            self.step()
            count += 1
            await asyncio.sleep(max(0.0, self.FRAME_SECONDS - (time.perf_counter() - started)))

    def reset(self) -> None:
        """Start again from independent random spins (infinite temperature)."""
        L = self.size.value
        self.spins = np.where(self._generator.random((L, L)) < 0.5, 1, -1).astype(np.int8)
        self.sweeps = 0
        self._magnetization = [float(self.spins.mean())]
        self._energy = [ising.lattice_energy(self.spins) / self.spins.size]
        self._draw()

    def step(self) -> None:
        """Advance the simulation by one frame and redraw."""
        run = ising.simulate(self.size.value, self.temperature.value,
                             sweeps=self.sweeps_per_frame.value,
                             algorithm=self.algorithm.value, start=self.spins,
                             rng=self._generator)
        self.spins = run.spins
        self.sweeps += self.sweeps_per_frame.value
        self._magnetization = (self._magnetization + [run.magnetization[-1]])[-self.history:]
        self._energy = (self._energy + [run.energy[-1]])[-self.history:]
        self._draw()

    def _draw(self) -> None:
        T = self.temperature.value
        scale = max(1, self.PIXELS // self.spins.shape[0])
        pixels = greys(self.spins)
        self.lattice.value = png_gray(np.repeat(np.repeat(pixels, scale, 0), scale, 1))
        m_exact, e_exact = ising.exact_magnetization(T), ising.exact_energy(T)
        self.traces.value = (
            svg_trace(self._magnetization, low=-1, high=1, reference=[m_exact, -m_exact],
                       label="magnetisation per spin m")
            + "<br>"
            + svg_trace(self._energy, low=-2, high=0, reference=e_exact,
                         label="energy per spin e"))
        self.readout.value = (
            f"sweep {self.sweeps} &nbsp;·&nbsp; m = {self._magnetization[-1]:+.3f} &nbsp;·&nbsp; "
            f"e = {self._energy[-1]:+.3f}<br>infinite lattice at T = {T:.2f}: "
            f"|m| = {m_exact:.3f}, e = {e_exact:+.3f} (dashed)"
            f"<br>T<sub>c</sub> = {ising.CRITICAL_TEMPERATURE:.3f}")
