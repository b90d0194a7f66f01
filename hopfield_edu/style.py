"""The course's figure style: one call at the top of every notebook, and the colours it uses.

``style.use()`` sets matplotlib's defaults for the whole notebook: font sizes readable on a
projector, a screen resolution that keeps lines and text sharp, and a colour cycle of the
Okabe & Ito (2008) palette, whose colours stay distinct for readers with any common form of colour
blindness (and in greyscale print, for the dark ones). Lecture mode (``lecture=True``, or the
environment variable ``HOPFIELD_EDU_LECTURE=1`` that ``make present`` sets) enlarges everything
for a lecture hall. The plot functions of :mod:`hopfield_edu.plots` and the widgets draw with the
same colours, so a figure in a notebook and the one a widget redraws look alike.

Curves in a figure take the colours of :data:`COLOURS` in order; a figure that needs one colour
by name takes it from :data:`OKABE_ITO` (``style.OKABE_ITO["vermilion"]``). Heat maps of one-signed
quantities use ``cividis`` (the default image map here), of signed ones ``RdBu_r``; binary
patterns are black on white (:func:`hopfield_edu.plots.plot_pattern`).
"""

from __future__ import annotations

import os

from ._validate import check_bool

__all__ = ["COLOURS", "OKABE_ITO", "VERMILION", "rc", "use"]

#: The eight colours of Okabe & Ito (2008), by name.
OKABE_ITO = {"black": "#000000", "orange": "#E69F00", "sky blue": "#56B4E9",
             "bluish green": "#009E73", "yellow": "#F0E442", "blue": "#0072B2",
             "vermilion": "#D55E00", "reddish purple": "#CC79A7"}

#: The order in which curves take their colours: dark and light alternate, yellow (too pale on
#: white for a thin line) comes last.
COLOURS = tuple(OKABE_ITO[name] for name in ("black", "vermilion", "blue", "bluish green",
                                              "reddish purple", "orange", "sky blue", "yellow"))

#: Wrong units, reference lines and warnings.
VERMILION = OKABE_ITO["vermilion"]

_SIZES = {False: dict(base=11.0, dpi=110), True: dict(base=15.0, dpi=140)}


def rc(*, lecture: bool = False) -> dict:
    """The matplotlib settings :func:`use` applies, as a dict (for ``plt.rc_context``)."""
    from cycler import cycler

    sizes = _SIZES[check_bool(lecture, "lecture")]
    base = sizes["base"]
    return {"figure.dpi": sizes["dpi"], "savefig.dpi": sizes["dpi"],
            "font.size": base, "axes.titlesize": base + 1, "axes.labelsize": base,
            "xtick.labelsize": base - 1, "ytick.labelsize": base - 1,
            "legend.fontsize": base - 2, "figure.titlesize": base + 1,
            "lines.linewidth": 1.6, "lines.markersize": 5.0, "errorbar.capsize": 2.0,
            "axes.prop_cycle": cycler(color=COLOURS), "image.cmap": "cividis"}


def use(*, lecture: bool | None = None) -> None:
    """Apply the course style to every figure drawn from now on.

    Parameters
    ----------
    lecture : bool, optional
        Larger fonts and a higher resolution, for a projector. By default it is on when the
        environment variable ``HOPFIELD_EDU_LECTURE`` is ``1``.
    """
    import matplotlib

    if lecture is None:
        lecture = os.environ.get("HOPFIELD_EDU_LECTURE", "") == "1"
    matplotlib.rcParams.update(rc(lecture=lecture))
