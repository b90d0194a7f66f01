#!/usr/bin/env python3
"""Frames per second of IsingExplorer at L = 128, one sweep per frame, Python side.

A frame is one Monte Carlo sweep plus a redraw: the lattice as a PNG written directly, the
traces as inline SVG. The baseline, in the same run, redraws the same picture the plain way,
with matplotlib (an image and two line plots, saved as PNG). The browser adds its own time to
display a frame; this measures what the kernel side must deliver for 20 frames per second.
(The explorer paces its frames from the kernel, at most 25 a second: a browser-side timer such
as ipywidgets.Play waits for a round trip per frame and reached only 17-18 a second in headless
Chromium on a 2-core machine, against 24 for kernel pacing.)

Usage: python benchmarks/bench_widgets.py [--quick]
"""

from __future__ import annotations

import io

import numpy as np
from matplotlib.figure import Figure

from harness import Growth, Result, main, median_seconds
from hopfield_edu import ising
from hopfield_edu.widgets import IsingExplorer


def matplotlib_frame(figure, axes, spins, magnetization, energy) -> bytes:
    """The plain way: redraw lattice and traces with matplotlib and encode a PNG."""
    for ax in axes:
        ax.clear()
    axes[0].imshow(spins, cmap="gray_r", vmin=-1, vmax=1, interpolation="nearest")
    axes[1].plot(magnetization, "k")
    axes[2].plot(energy, "k")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100)
    return buffer.getvalue()


def run(quick: bool) -> tuple[list[Result], list[Growth]]:
    frames = 50 if quick else 200
    explorer = IsingExplorer(L=128, T=ising.CRITICAL_TEMPERATURE)
    for _ in range(5):  # fill the traces
        explorer.step()

    def explorer_frames():
        for _ in range(frames):
            explorer.step()
        return frames

    ours = median_seconds(explorer_frames, repeats=3 if quick else 5)

    figure = Figure(figsize=(8, 4))
    axes = [figure.add_subplot(1, 2, 1), figure.add_subplot(2, 2, 2), figure.add_subplot(2, 2, 4)]
    state = {"spins": explorer.spins, "m": list(explorer._magnetization),
             "e": list(explorer._energy)}

    def matplotlib_frames():
        for _ in range(frames // 10):
            run = ising.simulate(128, ising.CRITICAL_TEMPERATURE, sweeps=1, start=state["spins"],
                                 rng=0)
            state["spins"] = run.spins
            state["m"] = (state["m"] + [run.magnetization[-1]])[-300:]
            state["e"] = (state["e"] + [run.energy[-1]])[-300:]
            matplotlib_frame(figure, axes, run.spins, np.array(state["m"]), np.array(state["e"]))
        return frames // 10

    plain = median_seconds(matplotlib_frames, repeats=3 if quick else 5)
    return [Result("IsingExplorer frame, L = 128, one sweep (reference: a matplotlib redraw)",
                   ours, plain, "≥ 20 frames/s", 1 / ours >= 20,
                   f"{1 / ours:.0f} frames/s")], []


if __name__ == "__main__":
    main(run, __doc__)
