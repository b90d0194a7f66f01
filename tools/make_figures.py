"""Render the course's key figures from the library into docs/images/, for the README.

    python tools/make_figures.py                 # full sizes, into docs/images/ (about 20 s)
    python tools/make_figures.py --small --out /tmp/figures   # tiny sizes, for the tests

Every number in the figures comes from running ``hopfield_edu`` with a fixed seed, like the
notebooks: a letter recalled from noise sweep by sweep with its energy (chapter 3), the capacity
curve against theory (chapter 4), dense against classical capacity (chapter 9), and the three
regimes of β in a modern Hopfield network (chapter 11).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

import hopfield_edu as hf  # noqa: E402
from hopfield_edu import experiments, style  # noqa: E402
from hopfield_edu.theory import critical_load, dense_capacity, retrieval_overlap  # noqa: E402
from hopfield_edu.modern import ModernHopfield, classify_fixed_point  # noqa: E402
from hopfield_edu.plots import plot_pattern  # noqa: E402

SEED = 2024
ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
VERMILLION = style.VERMILION


def recall_figure(small: bool):
    """A noisy H restored by the classical network, sweep by sweep, and its energy flip by flip."""
    rng = np.random.default_rng(SEED)
    stored = hf.letters("HXO")
    network = hf.HopfieldNetwork.from_patterns(stored)
    cue = hf.flip(stored[0], 0.3, rng=rng)
    changes = []

    def sign_keeping_a_diary(h, s):
        new = 1 if h > 0 else (-1 if h < 0 else s)
        if new != s:
            changes.append(2 * s * h)  # the energy change of this flip
        return new

    result = network.recall(cue, rng=rng, update=sign_keeping_a_diary, record=True)
    energy = network.energy(cue) + np.concatenate([[0.0], np.cumsum(changes)])
    panels = len(result.states)
    fig = plt.figure(figsize=(2.0 * panels + 3.2, 2.5), layout="constrained")
    grid = fig.add_gridspec(1, panels + 2)
    for k, state in enumerate(result.states):
        ax = fig.add_subplot(grid[0, k])
        title = "cue: 30 % flipped" if k == 0 else f"after sweep {k}"
        plot_pattern(state, ax=ax, reference=stored[0], title=title)
        ax.set_xlabel(f"E = {network.energy(state):.1f}", fontsize=9)
    ax = fig.add_subplot(grid[0, panels:])
    ax.plot(energy, color="0.2", lw=1.2)
    ax.set(xlabel="flip", ylabel="energy E", title=f"{len(changes)} flips, each one downhill")
    fig.suptitle("Chapter 3: H, X and O stored; a noisy H recalled (outlined: wrong pixels)")
    return fig


def capacity_figure(small: bool):
    """Final overlap after recall against the load, for several N, with the AGS theory."""
    rng = np.random.default_rng(SEED)
    sizes, loads, trials = ((100,), np.linspace(0.05, 0.25, 3), 1) if small else \
        ((250, 500, 1000), np.linspace(0.02, 0.26, 13), 4)
    curve = experiments.capacity_curve(sizes, loads, trials=trials, recalls=20, rng=rng,
                                       progress=False)
    fine = np.sort(np.append(np.linspace(0.0, critical_load(), 300), critical_load() * (1 - 1e-9)))
    fig, ax = plt.subplots(figsize=(5.6, 3.6), layout="constrained")
    ax.plot(fine, retrieval_overlap(fine), color="0.7", lw=4, zorder=1,
            label="Amit, Gutfreund, Sompolinsky (ends at α_c)")
    for N, overlaps, errors, marker in zip(curve.sizes, curve.overlap, curve.overlap_error, "os^"):
        ax.errorbar(curve.loads, overlaps, errors, fmt=marker + "-", ms=4, mfc="none",
                    label=f"N = {N}")
    ax.axvline(critical_load(), color=VERMILLION, lw=1, ls="--", label="α_c = 0.138")
    ax.set(xlabel="load α = p / N", ylabel="mean overlap after recall",
           title=f"Chapter 4: the classical capacity (± s.e., {trials} networks)")
    ax.legend(loc="lower left")
    return fig


def dense_figure(small: bool):
    """The fraction of stored patterns that are fixed points, against how many are stored."""
    rng = np.random.default_rng(SEED)
    N, trials = (20, 1) if small else (40, 3)
    counts = np.unique(np.logspace(0.3, 2.0 if small else 3.0, 5 if small else 12).astype(int))
    fig, ax = plt.subplots(figsize=(5.6, 3.6), layout="constrained")
    for degree, colour, marker in zip((2, 3, 4), style.COLOURS, "os^"):
        stable = np.array([[experiments.dense_stable_fraction(N, int(p), trials=1, rng=rng,
                                                              degree=degree)
                            for _ in range(trials)] for p in counts])
        label = "classical (n = 2)" if degree == 2 else f"dense, n = {degree}"
        errors = (stable.std(axis=1, ddof=1) / np.sqrt(trials) if trials > 1
                  else np.full(len(counts), np.nan))
        ax.errorbar(counts, stable.mean(axis=1), errors, fmt=marker + "-", color=colour, ms=4,
                    mfc="none", label=label)
        ax.axvline(dense_capacity(N, degree), color=colour, lw=0.8, ls=":")
    ax.plot([], [], "k:", lw=0.8, label="N^(n−1) / (2 (2n−3)!! ln N)")
    ax.set(xscale="log", xlabel="stored patterns p", ylabel="fraction of exact fixed points",
           title=f"Chapter 9: dense against classical, N = {N} neurons")
    ax.legend(loc="lower left")
    return fig


def beta_figure(small: bool):
    """The fixed point from a noisy E at three inverse temperatures, with its softmax weights."""
    rng = np.random.default_rng(SEED)
    alphabet = hf.letters(ALPHABET).astype(float)
    cue = alphabet[4] * np.where(rng.random(alphabet.shape[1]) < 0.15, -1, 1)
    fig, axes = plt.subplots(2, 4, figsize=(9.5, 4.2), layout="constrained",
                             gridspec_kw={"height_ratios": [1.3, 1]})
    plot_pattern(cue, ax=axes[0, 0], title="query: a noisy E")
    axes[1, 0].set_axis_off()
    for column, beta in enumerate((0.002, 0.03, 1.0), start=1):
        result = ModernHopfield(alphabet, beta=beta).recall(cue, max_steps=200)
        axes[0, column].imshow(result.state.reshape(16, 16), cmap="gray_r", vmin=-1, vmax=1)
        axes[0, column].set_title(f"β = {beta}: {classify_fixed_point(result.probabilities)}",
                                  fontsize="medium")
        axes[0, column].set_axis_off()
        axes[1, column].bar(np.arange(26), result.probabilities, color="0.3")
        axes[1, column].axhline(1 / 26, color=VERMILLION, ls=":", lw=1)
        axes[1, column].set_xticks(np.arange(26), list(ALPHABET), fontsize=5)
        axes[1, column].set(yscale="log", ylim=(1e-4, 1.5),
                            ylabel="softmax weight" if column == 1 else None)
    fig.suptitle("Chapter 11: a modern Hopfield network averages, mixes or retrieves as β grows")
    return fig


FIGURES = {"recall": recall_figure, "capacity": capacity_figure, "dense": dense_figure,
           "beta": beta_figure}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).parents[1] / "docs" / "images")
    parser.add_argument("--small", action="store_true", help="tiny sizes, for a quick test")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, make in FIGURES.items():
        with plt.rc_context(style.rc()):  # the course style, as the notebooks apply it
            fig = make(args.small)
            # No timestamp or software version in the file: unchanged figures stay byte-identical.
            fig.savefig(args.out / f"{name}.png", metadata={"Software": None})
        plt.close(fig)
        print(f"wrote {args.out / f'{name}.png'}")


if __name__ == "__main__":
    main()
