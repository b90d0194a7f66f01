"""Real data for the course: 1 797 handwritten digits, shipped inside the package.

The letters of :func:`hopfield_edu.patterns.letters` are drawn from a font, so every "A" is the
same; handwriting is not. The UCI *Optical Recognition of Handwritten Digits* data set
(E. Alpaydin and C. Kaynak, 1998; CC BY 4.0) gives 8 × 8 images of digits written by 13 people,
correlated within a class and between classes, as real images are. The file is the copy that
scikit-learn ships (``hopfield_edu/data/README.md`` has its source, licence and checksum), so
the course needs neither scikit-learn nor a download.
"""

from __future__ import annotations

import gzip
from functools import lru_cache
from importlib import resources

import numpy as np

from ._validate import check_int

__all__ = ["DIGIT_SIDE", "digits"]

#: The digits are DIGIT_SIDE × DIGIT_SIDE images.
DIGIT_SIDE = 8


@lru_cache(maxsize=1)
def _digit_counts() -> tuple[np.ndarray, np.ndarray]:
    """The raw images (uint8 counts 0..16, one row of 64 per image) and labels, read once."""
    with resources.files("hopfield_edu").joinpath("data", "digits.csv.gz").open("rb") as raw:
        table = np.loadtxt(gzip.open(raw), delimiter=",", dtype=np.uint8)
    counts, labels = table[:, :-1], table[:, -1]
    counts.flags.writeable = False
    labels.flags.writeable = False
    return counts, labels


def digits(*, threshold: int = 8) -> tuple[np.ndarray, np.ndarray]:
    """The 1 797 handwritten digits of the UCI data set as ±1 patterns, with their labels.

    Each pixel of the original counts how many of the 16 pixels of a 4 × 4 block of a 32 × 32
    bitmap are inked (0 to 16). A pixel is ink (+1) when that count is at least ``threshold``,
    paper (-1) otherwise. With the default 8, a pixel is ink when at least half of its block
    was; 32 % of all pixels are then ink.

    Source: the test set of the *Optical Recognition of Handwritten Digits* data set, UCI
    Machine Learning Repository (E. Alpaydin, C. Kaynak, 1998; see E. Alpaydin, C. Kaynak,
    Cascading classifiers, *Kybernetika* 34, 369, 1998), licensed CC BY 4.0.

    Parameters
    ----------
    threshold : int, optional
        The smallest count that makes a pixel ink, from 1 to 16.

    Returns
    -------
    patterns : numpy.ndarray
        ``int8`` ±1, shape ``(1797, 64)``; reshape a row to ``(8, 8)`` to see it (row by row,
        as :func:`hopfield_edu.plots.plot_pattern` draws it).
    labels : numpy.ndarray
        ``int64``, shape ``(1797,)``: the digit each image shows, 0 to 9 (about 180 of each).

    Examples
    --------
    >>> patterns, labels = digits()
    >>> patterns.shape, int(labels[0])
    ((1797, 64), 0)
    """
    threshold = check_int(threshold, "threshold", minimum=1, maximum=16)
    counts, labels = _digit_counts()
    return np.where(counts >= threshold, 1, -1).astype(np.int8), labels.astype(np.int64)
