"""What every self-check shares: the failure that shows only its hint, and careful calls."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

__all__ = ["CheckFailed", "as_array", "as_number", "as_prediction", "call", "passed",
           "spin_values"]


class CheckFailed(AssertionError):
    """A self-check found a mistake; the message is a hint at what to change."""

    def _render_traceback_(self) -> list[str]:
        # IPython calls this instead of printing a traceback: the learner sees only the hint.
        return [f"\x1b[1;31m✘ Not yet.\x1b[0m {self.args[0]}"]


def passed(name: str, cases: int) -> None:
    print(f"✔ {name}: correct on all {cases} test cases.")


def call(function: Callable, name: str, *args):
    """Call the learner's function on copies of ``args`` and check that it left them alone."""
    copies = [np.array(a, copy=True) if isinstance(a, np.ndarray) else a for a in args]
    try:
        result = function(*copies)
    except NotImplementedError:
        raise CheckFailed(f"{name} still raises NotImplementedError: replace the line "
                          f"`raise NotImplementedError()` with your code.") from None
    for original, copy in zip(args, copies):
        if isinstance(original, np.ndarray) and not np.array_equal(original, copy):
            raise CheckFailed(f"{name} changed the array it was given; work on a copy "
                              f"(array.copy()) and return that.")
    return result


def as_number(result, name: str) -> float:
    if result is None:
        raise CheckFailed(f"{name} returned None: did you forget to return the result?")
    return float(np.asarray(result))


def as_prediction(value, name: str, what: str, low: float = -math.inf,
                  high: float = math.inf) -> float:
    """A prediction written down before the experiment: a finite number in [low, high]. Anything
    else (None, a string, a bool, NaN) is refused, so that no experiment runs without one."""
    if value is None or isinstance(value, (bool, str, np.bool_)) or not isinstance(
            value, (int, float, np.integer, np.floating)):
        raise CheckFailed(f"{name} must be {what}; got {value!r}. Write your prediction down "
                          f"before you run this cell.")
    if not (math.isfinite(value) and low <= value <= high):
        bounds = f"at least {low:g}" if high == math.inf else f"between {low:g} and {high:g}"
        raise CheckFailed(f"{name} must be {what}, {bounds}; got {value!r}.")
    return float(value)


def as_array(result, name: str, expected_shape: tuple[int, ...]) -> np.ndarray:
    array = np.asarray(result)
    if array.shape != expected_shape:
        hint = " Did you forget to return the result?" if result is None else ""
        raise CheckFailed(f"{name} returned shape {array.shape}, expected {expected_shape}.{hint}")
    return array


def spin_values(array: np.ndarray, name: str) -> None:
    values = np.unique(array)
    if not np.all(np.isin(values, (-1, 1))):
        shown = ", ".join(f"{v:g}" for v in values[:6])
        raise CheckFailed(f"{name} returned the values {{{shown}}}; a pattern holds only -1 "
                          f"and +1.")
