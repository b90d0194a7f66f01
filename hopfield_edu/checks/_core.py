"""What every self-check shares: the failure that shows only its hint, and careful calls."""

from __future__ import annotations

import contextlib
import io
import math
import numbers
import sys
import types
from collections.abc import Callable, Iterable
from typing import NoReturn
from pathlib import Path

import numpy as np

__all__ = ["CheckFailed", "as_array", "as_number", "as_prediction", "call",
           "fair_binomial", "graded", "known_mistake", "passed", "per_network", "real_number", "refuse", "spin_values"]

_PACKAGE = str(Path(__file__).resolve().parent.parent)
_CHECKS = str(Path(__file__).resolve().parent)


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


def per_network(result, name: str, shown: str, what: str, each: str,
                unit: str = "network") -> np.ndarray:
    """A measurement the learner returned as one value per independent ``unit`` (a network, a
    repetition) (``what``: "overlap"), at least 5 of them, as a flat float64 array: their spread
    is the error bar. ``shown`` is the call as the hint names it, ``each`` what one value is
    called in it."""
    if result is None:
        raise CheckFailed(f"{name} returned None: return one {what} per {unit}.")
    values = np.asarray(result, dtype=np.float64).ravel()
    if values.size < 5:
        raise CheckFailed(f"{shown} returned {values.size} value(s); measure at least 5 "
                          f"independent {unit}s and return the {each} of each: their spread "
                          f"is your error bar.")
    return values


def real_number(value, name: str) -> float:
    """A number the learner wrote into a variable (a prediction, a derived value): a finite real,
    not a bool, a string or None."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise CheckFailed(f"{name} must be a number, got {value!r}.")
    value = float(value)
    if not math.isfinite(value):
        raise CheckFailed(f"{name} must be a finite number, got {value}.")
    return value


def fair_binomial(m: int, k: int) -> float:
    """The probability that exactly k of m independent fair ±1 terms are +1 (their sum is then
    2k - m): the crosstalk of Hebbian networks, summed over k for exact finite-N results."""
    return math.exp(math.lgamma(m + 1) - math.lgamma(k + 1) - math.lgamma(m - k + 1)
                    + m * math.log(0.5))


def known_mistake(value: float, mistakes, otherwise: str | None = None, *, rel_tol: float = 1e-9,
                  abs_tol: float = 0.0) -> str | None:
    """The hint of the first (wrong value, hint) pair of ``mistakes`` (pairs, or a dict) that
    ``value`` matches within the tolerances (:func:`math.isclose`), else ``otherwise``."""
    pairs = mistakes.items() if isinstance(mistakes, dict) else mistakes
    return next((hint for wrong, hint in pairs
                 if math.isclose(value, wrong, rel_tol=rel_tol, abs_tol=abs_tol)), otherwise)


def refuse(answer: str, value: float, mistakes, general: str, *, rel_tol: float = 1e-9,
           abs_tol: float = 0.0) -> NoReturn:
    """Fail with ``answer`` (the learner's value, as shown) and the hint of the known mistake it
    matches, or the ``general`` hint if it matches none."""
    hint = known_mistake(value, mistakes, rel_tol=rel_tol, abs_tol=abs_tol)
    raise CheckFailed(f"{answer}: {hint}" if hint is not None else f"{answer}. {general}")


def _module(frame: types.FrameType) -> str:
    return str(frame.f_globals.get("__name__", "")).rsplit(".", 1)[-1]


def _name(code: types.CodeType) -> str:
    return getattr(code, "co_qualname", code.co_name)  # co_qualname from Python 3.11


def graded(check: Callable, *answers, allowed: Iterable[str] = ()) -> None:
    """Run ``check(*answers)`` as a graded run does: the learner's code must do the work.

    Beyond the check itself, this fails when a function of the learner's has ``hopfield_edu``
    do the work the check has it do to find the right answer: by calling the same function
    (``hebbian`` for Hebb's rule, ``recall`` for a cycle length) or another that runs the code
    that function runs in its own module (``HopfieldNetwork.from_patterns(P).weights`` builds
    Hebb's weights with the helpers of ``hebbian``). The self-check accepts such a shortcut, a
    graded run does not. What the library shares across modules (input checks, block sizes) does
    not count, and library functions the answer key uses too, named in ``allowed`` (a
    function's name, its class's or its module's), are fine with whatever they call in turn. The
    check's own output is swallowed; only a failure shows, as a hint.
    ``tools/make_assignment.py`` writes a call of this into the hidden tests of every exercise
    whose answer is a function.
    """
    allowed = frozenset(allowed)
    answer_key, routes = {}, {}   # code the check runs → its call; the learner's → their call

    def permitted(frame) -> bool:
        return bool(allowed & {*_name(frame.f_code).split("."), _module(frame)})

    def watch(frame, event, _):
        where = frame.f_code.co_filename
        if event != "call" or not where.startswith(_PACKAGE) or where.startswith(_CHECKS):
            return
        entry = frame            # walk out to the library call that code outside it made
        while entry.f_back is not None and entry.f_back.f_code.co_filename.startswith(
                _PACKAGE) and not entry.f_back.f_code.co_filename.startswith(_CHECKS):
            entry = entry.f_back
        code, caller = frame.f_code, entry.f_back
        if caller is not None and caller.f_code.co_filename.startswith(_CHECKS):
            if _module(frame) == _module(entry):                       # the check at work
                answer_key.setdefault(code, _name(entry.f_code))
        elif not (permitted(entry) or permitted(frame)):                # the learner's call
            routes.setdefault(code, _name(entry.f_code))

    previous = sys.getprofile()
    sys.setprofile(watch)
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            check(*answers)
    finally:
        sys.setprofile(previous)
    shortcuts = {(routes[code], answer_key[code]) for code in answer_key.keys() & routes.keys()}
    used = sorted(ours if ours == theirs else f"{ours} (which does what {theirs} does)"
                  for ours, theirs in shortcuts)
    if used:
        names = " and ".join(", ".join(used).rsplit(", ", 1))
        raise CheckFailed(f"your code calls hopfield_edu's {names}, which the check uses to find "
                          f"the right answer: the self-check accepts that, graded work does not. "
                          f"Compute it yourself, with NumPy.")
