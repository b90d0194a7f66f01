"""Figures of the course. Each function draws on the ``ax`` it is given (or a new one), returns it.

Patterns are drawn in black (+1, ink) and white (-1), continuous values in [-1, 1] in the greys
between; units that differ from a reference are outlined in vermilion, a colour that stays
distinct from black and white for colour-blind readers (Okabe & Ito 2008). The widgets draw
patterns with the same grey scale (:mod:`hopfield_edu._images`). Font sizes and the other colours
come from the course style (:mod:`hopfield_edu.style`, applied by ``style.use()``).
"""

from __future__ import annotations

import functools
import math

import numpy as np

from ._images import PATTERN_IMAGE
from ._validate import check_array, check_int, check_real, check_spins
from .style import VERMILION

__all__ = ["pattern_shape", "plot_lattice", "plot_overlaps", "plot_pattern", "plot_patterns",
           "plot_phase_diagram"]


def pattern_shape(n_neurons: int, shape: tuple[int, int] | None = None) -> tuple[int, int]:
    """The ``(rows, columns)`` an image of ``n_neurons`` units is drawn as.

    With ``shape=None`` the image is square, which needs ``n_neurons`` to be a perfect square.
    """
    n_neurons = check_int(n_neurons, "n_neurons", minimum=1)
    if shape is None:
        side = math.isqrt(n_neurons)
        if side * side != n_neurons:
            raise ValueError(f"a pattern of {n_neurons} units is not a square image; pass "
                             f"shape=(rows, columns) with rows * columns == {n_neurons}")
        return side, side
    try:
        rows, columns = shape
    except (TypeError, ValueError) as error:
        raise ValueError(f"shape must be a pair (rows, columns), got {shape!r}") from error
    rows, columns = check_int(rows, "shape", minimum=1), check_int(columns, "shape", minimum=1)
    if rows * columns != n_neurons:
        raise ValueError(f"shape must be (rows, columns) with rows * columns == {n_neurons}, "
                         f"got {shape!r}")
    return rows, columns


def _new_axes(ax, figsize=(2.4, 2.4), **figure):
    """``ax`` if it is one matplotlib Axes; when it is None, a new figure's."""
    if ax is not None:
        from matplotlib.axes import Axes

        if not isinstance(ax, Axes):
            got = (f"an array of {np.size(ax)} Axes; pick one, such as ax[0]"
                   if isinstance(ax, np.ndarray) else f"{type(ax).__name__} {ax!r:.40}")
            raise TypeError(f"ax must be a matplotlib Axes, got {got}")
        return ax
    import matplotlib.pyplot as plt

    return plt.figure(figsize=figsize, **figure).add_subplot()


def _one_per_pattern(values, name: str, count: int):
    """``values`` if it is a sequence of ``count`` entries, one per pattern."""
    if not hasattr(values, "__len__"):
        raise TypeError(f"{name} must be a sequence of {count} entries, one per pattern, got "
                        f"{values!r:.40}")
    if len(values) != count:
        raise ValueError(f"{name} must have one entry per pattern ({count}), got {len(values)}")
    return values


def _image_values(values, name: str, ndim) -> np.ndarray:
    """Values to draw: ±1 patterns, or continuous states in [-1, 1] (float64)."""
    array = check_array(values, name, ndim=ndim, shape="(n,), a flat pattern (image.ravel())"
                        if ndim == 1 else "(k, n), one flat pattern per row")
    if np.any(np.abs(array) > 1 + 1e-9):  # an average of ±1 patterns may round past ±1
        raise ValueError(f"{name} must hold values in [-1, 1] (+1 ink, -1 paper), got values "
                         f"from {array.min():g} to {array.max():g}")
    return np.clip(array, -1.0, 1.0)


def plot_pattern(pattern, *, ax=None, shape=None, reference=None, title: str | None = None):
    """Draw one pattern as an image: +1 black, -1 white, values in between grey.

    Parameters
    ----------
    pattern : array of values in [-1, 1], shape ``(n,)``
        A ±1 pattern, or a continuous state such as a modern Hopfield network's.
    ax : matplotlib Axes, optional
        Where to draw; a new figure is made when omitted.
    shape : (rows, columns), optional
        The image shape; square by default.
    reference : array of ±1, shape ``(n,)``, optional
        When given, units that differ from it (whose value does not have the reference's
        sign) are outlined in vermilion and the title says how many there are.
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    from matplotlib.collections import PatchCollection
    from matplotlib.patches import Rectangle

    state = _image_values(pattern, "pattern", 1)
    rows, columns = pattern_shape(state.size, shape)
    ax = _new_axes(ax)
    ax.imshow(state.reshape(rows, columns), **PATTERN_IMAGE)
    ax.set_xticks([])
    ax.set_yticks([])
    if reference is not None:
        reference = check_spins(reference, "reference", ndim=1)
        if reference.size != state.size:
            raise ValueError(f"reference must have as many units as pattern ({state.size}), "
                             f"got {reference.size}")
        wrong_rows, wrong_columns = np.nonzero((state * reference <= 0).reshape(rows, columns))
        boxes = [Rectangle((c - 0.5, r - 0.5), 1, 1) for r, c in zip(wrong_rows, wrong_columns)]
        ax.add_collection(PatchCollection(boxes, facecolor="none", edgecolor=VERMILION,
                                          linewidth=1.2))
        count = len(boxes)
        suffix = f"{count} wrong unit" + ("" if count == 1 else "s")
        title = suffix if title is None else f"{title}\n{suffix}"
    if title is not None:
        ax.set_title(title, fontsize="medium")
    return ax


def plot_lattice(spins, *, ax=None, title: str | None = None):
    """Draw an Ising configuration: +1 spins black, -1 spins white.

    Parameters
    ----------
    spins : array of ±1, shape ``(L, L)``, or ``(L,)`` for a chain (drawn as one row)
    ax : matplotlib Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    lattice = check_spins(spins, "spins", shape="(L,) or (L, L)")
    ax = _new_axes(ax)
    ax.imshow(np.atleast_2d(lattice), **PATTERN_IMAGE)
    ax.set_xticks([])
    ax.set_yticks([])
    if title is not None:
        ax.set_title(title, fontsize="medium")
    return ax


def plot_patterns(patterns, *, axes=None, shape=None, reference=None, titles=None,
                  columns: int | None = None):
    """Draw several patterns side by side, one image per row of ``patterns``.

    Parameters
    ----------
    patterns : array of values in [-1, 1], shape ``(k, n)``
    axes : sequence of ``k`` or more matplotlib Axes, optional
        Where to draw; a new figure with a grid of ``columns`` images per line is made when
        omitted. Unused axes are hidden.
    shape : (rows, columns), optional
        The shape of each image; square by default.
    reference : array of ±1, shape ``(n,)`` or ``(k, n)``, optional
        Mark the units that differ from it (one reference for all, or one per pattern).
    titles : sequence of ``k`` str, optional
    columns : int, optional
        Images per line when a figure is made, at most 8 by default.

    Returns
    -------
    numpy.ndarray of matplotlib Axes
    """
    states = _image_values(patterns, "patterns", 2)
    count = states.shape[0]
    if titles is not None:
        titles = _one_per_pattern(titles, "titles", count)
    references = None
    if reference is not None:
        references = check_spins(reference, "reference")
        if references.ndim == 1:
            references = np.broadcast_to(references, (count, references.size))
        if references.shape != states.shape:
            raise ValueError(f"reference must have shape ({states.shape[1]},) or "
                             f"{states.shape}, got {references.shape}")
    if axes is None:
        import matplotlib.pyplot as plt

        columns = min(count, 8) if columns is None else check_int(columns, "columns", minimum=1)
        lines = math.ceil(count / columns)
        figure, axes = plt.subplots(lines, columns, figsize=(1.9 * columns, 2.2 * lines),
                                    squeeze=False, layout="constrained")
    axes = np.asarray(axes, dtype=object).ravel()
    if axes.size < count:
        raise ValueError(f"axes must hold at least one Axes per pattern ({count}), "
                         f"got {axes.size}")
    from matplotlib.axes import Axes

    wrong = [ax for ax in axes if not isinstance(ax, Axes)]
    if wrong:
        raise TypeError(f"axes must hold matplotlib Axes, got {type(wrong[0]).__name__} "
                        f"{wrong[0]!r:.40}")
    for index, ax in enumerate(axes):
        if index >= count:
            ax.set_axis_off()
            continue
        plot_pattern(states[index], ax=ax, shape=shape,
                     reference=None if references is None else references[index],
                     title=None if titles is None else titles[index])
    return axes


def plot_overlaps(patterns, *, ax=None, labels=None, title: str | None = "Overlaps"):
    """Draw the matrix of overlaps between the rows of ``patterns``, with each value written in.

    The diverging map runs from -1 (blue) through 0 (white) to +1 (red), a pair that colour-blind
    readers can tell apart.

    Parameters
    ----------
    patterns : array of ±1, shape ``(k, n)``
    ax : matplotlib Axes, optional
    labels : sequence of ``k`` str, optional
        Names of the patterns for the axes, such as the letters they show.
    title : str or None, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    from .patterns import overlap

    states = check_spins(patterns, "patterns", ndim=2)
    count = states.shape[0]
    if labels is not None:
        labels = _one_per_pattern(labels, "labels", count)
    matrix = overlap(states, states)
    side = 1.2 + 0.45 * count
    ax = _new_axes(ax, (side + 1.0, side), layout="constrained")
    image = ax.imshow(matrix, cmap="RdBu_r", vmin=-1, vmax=1)
    ax.figure.colorbar(image, ax=ax, label="overlap $m$", shrink=0.8)
    ticks = np.arange(count)
    names = [str(i) for i in ticks] if labels is None else [str(label) for label in labels]
    ax.set_xticks(ticks, names)
    ax.set_yticks(ticks, names)
    ax.set_xlabel("pattern")
    ax.set_ylabel("pattern")
    if count <= 12:
        for (i, j), value in np.ndenumerate(matrix):
            ax.text(j, i, f"{value:.2f}", ha="center", va="center", fontsize="x-small",
                    color="white" if abs(value) > 0.6 else "black")
    if title is not None:
        ax.set_title(title)
    return ax


@functools.lru_cache(maxsize=1)
def _phase_lines() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Temperatures, and the loads α_M(T) and α_c(T) of the lines T_M and T_c on them."""
    from .theory import coexistence_load, retrieval_load

    T = np.concatenate([np.linspace(0.002, 0.95, 34), 1.0 - np.geomspace(0.04, 1e-4, 6)])
    return T, retrieval_load(T), coexistence_load(T)


def plot_phase_diagram(*, ax=None, max_load: float = 0.2, max_temperature: float = 1.5,
                       labels: bool = True):
    """Draw the phase diagram of the Hebbian network (Amit, Gutfreund & Sompolinsky 1987).

    Three lines of the replica-symmetric theory (:mod:`hopfield_edu.theory.phase_diagram`):
    T_g = 1 + √α (spin glass below), T_M (retrieval states exist below) and T_c (they are the
    global minima below), each named beside it, and with ``labels`` the name of each region.

    Returns
    -------
    matplotlib.axes.Axes
    """
    from .theory import spin_glass_temperature

    max_load = check_real(max_load, "max_load", minimum=0.0, exclusive_minimum=True)
    max_temperature = check_real(max_temperature, "max_temperature", minimum=0.0,
                                 exclusive_minimum=True)
    if ax is None:
        import matplotlib.pyplot as plt

        ax = plt.figure(figsize=(5.5, 4.0), layout="constrained").add_subplot()
    T, alpha_m, alpha_c = _phase_lines()
    loads = np.linspace(0.0, max_load, 200)
    ax.plot(loads, spin_glass_temperature(loads), color="black", ls="--", lw=1.2,
            label=r"$T_g = 1 + \sqrt{\alpha}$: spin glass below")
    ax.plot(np.append(alpha_m, 0.0), np.append(T, 1.0), color="black", lw=1.8,
            label="$T_M$: retrieval states exist below")
    ax.plot(np.append(alpha_c, 0.0), np.append(T, 1.0), color=VERMILION, ls=":", lw=1.8,
            label="$T_c$: retrieval states are the global minima below")
    names = [(0.8 * max_load, float(spin_glass_temperature(0.8 * max_load)) - 0.1, "$T_g$",
              "black"),
             (float(np.interp(0.45, T, alpha_m)) + 0.004, 0.47, "$T_M$", "black"),
             (float(np.interp(0.35, T, alpha_c)) + 0.003, 0.35, "$T_c$", VERMILION)]
    if labels:  # a point inside each region
        names += [(0.012, 0.15, "retrieval", "0.3"), (0.07, 0.1, "retrieval,\nmetastable", "0.3"),
                  (0.165, 0.75, "spin glass", "0.3"), (0.1, 1.38, "paramagnet", "0.3")]
    for x, y, name, colour in names:
        if x < max_load and y < max_temperature:
            ax.text(x, y, name, fontsize="small", color=colour, ha="left", va="bottom")
    ax.set(xlim=(0.0, max_load), ylim=(0.0, max_temperature), xlabel="load α = p / N",
           ylabel="temperature T",
           title="Phase diagram of the Hopfield network (replica symmetric)")
    return ax
