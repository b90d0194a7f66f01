"""Input checks shared by every module.

Each helper takes the value and the name of the argument it came from, and either returns a clean
version of it or raises an error that names the argument, says what it got and what was
expected. Errors teach: a student who passes a 0/1 image or a transposed array learns why it is
wrong from the message alone.
"""

from __future__ import annotations

import inspect
import math
import numbers
from collections.abc import Sequence

import numpy as np

from ._kernels import all_spins

__all__ = [
    "as_generator",
    "check_array",
    "check_binary",
    "check_bool",
    "check_choice",
    "check_fraction",
    "check_function",
    "check_int",
    "check_non_negative",
    "check_options",
    "check_positive",
    "check_positive_sequence",
    "check_real",
    "check_sizes",
    "check_spins",
    "check_square",
    "check_states",
    "check_text",
    "scalar_or_array",
]


def _describe(value: object) -> str:
    """A short description of a value for an error message."""
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def check_int(value: object, name: str, *, minimum: int | None = None,
              maximum: int | None = None) -> int:
    """Return ``value`` as an ``int``; it must be a whole number within the bounds."""
    if type(value) is not int:  # the common case skips the slower abstract-class checks
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
            raise TypeError(f"{name} must be a whole number, got {_describe(value)}")
        value = int(value)
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name} must be at most {maximum}, got {value}")
    return value


def check_real(value: object, name: str, *, minimum: float | None = None,
               maximum: float | None = None, exclusive_minimum: bool = False) -> float:
    """Return ``value`` as a finite ``float`` within the bounds."""
    if type(value) is not float:  # the common case skips the slower abstract-class checks
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
            raise TypeError(f"{name} must be a real number, got {_describe(value)}")
        value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value}")
    if minimum is not None:
        if exclusive_minimum and value <= minimum:
            raise ValueError(f"{name} must be greater than {minimum}, got {value}")
        if value < minimum:
            raise ValueError(f"{name} must be at least {minimum}, got {value}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name} must be at most {maximum}, got {value}")
    return value


def check_fraction(value: object, name: str) -> float:
    """Return ``value`` as a float in [0, 1]."""
    return check_real(value, name, minimum=0.0, maximum=1.0)


def check_bool(value: object, name: str) -> bool:
    """Return ``value`` if it is True or False; a string such as "no" would count as True."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {_describe(value)}")
    return bool(value)


def check_text(value: object, name: str, *, allow_empty: bool = False) -> str:
    """Return ``value`` if it is a string, and a non-empty one unless ``allow_empty``."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, got {_describe(value)}")
    if not value and not allow_empty:
        raise ValueError(f"{name} must hold at least one character, got ''")
    return value


def check_choice(value: object, name: str, options: Sequence[str]) -> str:
    """Return ``value`` if it is one of ``options``."""
    if not isinstance(value, str) or value not in options:
        expected = ", ".join(repr(option) for option in options)
        raise ValueError(f"{name} must be one of {expected}; got {_describe(value)}")
    return value


def check_array(value: object, name: str, *, ndim: int | tuple[int, ...] | None,
                shape: str = "", width: int | None = None) -> np.ndarray:
    """Return ``value`` as a new finite ``float64`` array with an allowed number of dimensions.

    ``ndim`` is the allowed number of dimensions (an int or a tuple, None for any) and ``shape``
    says in words what was expected, such as ``"(n_patterns, dim)"``; ``width``, when given, is
    the length the last axis must have. Ragged lists, strings, booleans, complex numbers, empty
    arrays, NaN and infinity raise ``ValueError``.
    """
    try:
        array = np.asarray(value)
    except ValueError as error:  # ragged nested lists
        raise ValueError(f"{name} must be a rectangular array of numbers, "
                         f"got {_describe(value)}") from error
    if array.dtype == np.bool_ or not (np.issubdtype(array.dtype, np.integer)
                                       or np.issubdtype(array.dtype, np.floating)):
        # an object (a network, a result) is shown as itself, not as a 0-D array of objects
        shown = value if array.dtype == object else array
        raise ValueError(f"{name} must hold real numbers, got {_describe(shown)}")
    allowed = (ndim,) if isinstance(ndim, int) else ndim
    if (allowed is not None and array.ndim not in allowed) or (
            width is not None and array.ndim and array.shape[-1] != width):
        raise ValueError(f"{name} must have shape {shape}, got an array of shape {array.shape}")
    if array.size == 0:
        raise ValueError(f"{name} must not be empty, got an array of shape {array.shape}")
    array = array.astype(np.float64)
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must be finite, but it contains NaN or infinity")
    return array


def check_square(value: object, name: str, *, size: int | None = None) -> np.ndarray:
    """Return ``value`` as a finite ``float64`` square matrix, of ``size`` rows when given."""
    matrix = check_array(value, name, ndim=2, shape="(n, n)")
    if matrix.shape[0] != matrix.shape[1]:
        raise ValueError(f"{name} must be a square matrix (n, n), got shape {matrix.shape}")
    if size is not None and matrix.shape[0] != size:
        raise ValueError(f"{name} must have shape ({size}, {size}), one row and column per "
                         f"unit; got shape {matrix.shape}")
    return matrix


def _shapes(allowed: tuple[int, ...]) -> str:
    shapes = {1: "(n_neurons,)", 2: "(n_patterns, n_neurons)"}
    return " or ".join(shapes.get(d, f"{d}-D") for d in allowed)


def _as_numeric(value: object, name: str, allowed: tuple[int, ...], coding: str,
                shape: str | None = None) -> np.ndarray:
    """``value`` as an array with an allowed number of dimensions (``shape`` says which in
    words), not empty, real, finite."""
    try:
        array = np.asarray(value)
    except ValueError as error:  # ragged nested lists
        raise ValueError(f"{name} must be a rectangular array of {coding}, "
                         f"got {_describe(value)}") from error
    if array.ndim not in allowed:
        raise ValueError(f"{name} must have shape {shape or _shapes(allowed)}, got an array of "
                         f"shape {array.shape}")
    if array.size == 0:
        raise ValueError(f"{name} must not be empty, got an array of shape {array.shape}")
    if array.dtype == np.bool_:
        fix = "np.where({0}, 1, -1)" if coding == "-1/+1" else "{0}.astype(int)"
        raise ValueError(f"{name} must hold {coding}, got a boolean array; convert it with "
                         f"{fix.format(name)}")
    if not (np.issubdtype(array.dtype, np.integer) or np.issubdtype(array.dtype, np.floating)):
        raise ValueError(f"{name} must be a numeric array of {coding}, got dtype {array.dtype}")
    if np.issubdtype(array.dtype, np.floating) and not np.all(np.isfinite(array)):
        low, high = coding.split("/")
        raise ValueError(f"{name} must hold only {low} and {high}, but it contains NaN or "
                         f"infinity")
    return array


def _values(array: np.ndarray) -> str:
    values = np.unique(array)
    return ", ".join(f"{v:g}" for v in values[:6]) + (", ..." if values.size > 6 else "")


def check_spins(value: object, name: str, *, ndim: int | tuple[int, ...] = (1, 2),
                shape: str | None = None) -> np.ndarray:
    """Return ``value`` as a new ``int8`` array of -1/+1 with an allowed number of dimensions.

    Integer and float arrays are accepted when they hold only -1 and +1. Booleans, 0/1 coding,
    NaN, empty arrays and wrong shapes raise ``ValueError`` with a hint at the fix. ``shape``
    says in words which shapes are allowed, such as ``"(L, L)"``; by default they are those of
    patterns, ``(n_neurons,)`` or ``(n_patterns, n_neurons)``.
    """
    allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
    if (isinstance(value, np.ndarray) and value.dtype == np.int8 and value.ndim in allowed
            and value.size):  # the common case, our own patterns: a copy, checked in one pass
        copy = value.copy()
        if all_spins(copy if copy.ndim == 1 else copy.reshape(-1)):
            return copy
    array = _as_numeric(value, name, allowed, "-1/+1", shape)
    is_plus = array == 1
    if not np.all((array == -1) | is_plus):
        hint = ""
        if np.all((array == 0) | is_plus):
            hint = f"; it looks like 0/1 coding: convert it with 2 * {name} - 1"
        raise ValueError(f"{name} must hold only -1 and +1, got the values "
                         f"{{{_values(array)}}}{hint}")
    return np.where(is_plus, np.int8(1), np.int8(-1))  # int8 throughout: no int64 copy


def check_binary(value: object, name: str, *, ndim: int | tuple[int, ...] = (1, 2)) -> np.ndarray:
    """Return ``value`` as a new ``int8`` array of 0/1 (silent and active units)."""
    allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
    array = _as_numeric(value, name, allowed, "0/1")
    if not np.all((array == 0) | (array == 1)):
        hint = ("; it looks like ±1 coding: convert it with (x + 1) // 2"
                if np.all((array == -1) | (array == 1)) else "")
        raise ValueError(f"{name} must hold only 0 and 1 (silent and active units), got the "
                         f"values {{{_values(array)}}}{hint}")
    return array.astype(np.int8)


def check_states(value: object, name: str, n_units: int, *, ndim: int | tuple[int, ...] = 1,
                 binary: bool = False) -> np.ndarray:
    """Return ``value`` as ±1 (or, with ``binary``, 0/1) ``int8`` states of ``n_units`` units:
    one state (``ndim=1``), or states as rows (``ndim=2``)."""
    states = (check_binary if binary else check_spins)(value, name, ndim=ndim)
    if states.shape[-1] != n_units:
        raise ValueError(f"{name} must have {n_units} units, one per neuron; got "
                         f"{states.shape[-1]}")
    return states


def check_positive(value: object, name: str, *, what: str = "") -> np.ndarray:
    """Return ``value`` (a number or an array of any shape) as finite positive float64s."""
    values = check_array(value, name, ndim=None)
    if np.any(values <= 0):
        raise ValueError(f"{name} must be positive{what}, got {values.min():g}")
    return values


def check_positive_sequence(value: object, name: str) -> np.ndarray:
    """Return ``value`` as a 1-D array of finite positive float64s, such as loads or
    temperatures to scan."""
    values = check_positive(value, name)
    if values.ndim != 1:
        raise ValueError(f"{name} must be a non-empty 1-D sequence of positive numbers, got "
                         f"shape {values.shape}")
    return values


def check_non_negative(value: object, name: str, *, what: str = "") -> np.ndarray:
    """Return ``value`` (a number or an array of any shape) as finite float64s, none negative."""
    values = check_array(value, name, ndim=None)
    if np.any(values < 0):
        raise ValueError(f"{name} must be non-negative{what}, got {values.min():g}")
    return values


def check_sizes(value: object, name: str = "n_neurons") -> np.ndarray:
    """Return ``value`` (a number or an array) as float64 network sizes, each at least 2."""
    n = check_array(value, name, ndim=None)
    if np.any(n < 2):
        raise ValueError(f"{name} must be at least 2, got {n.min():g}")
    return n


def check_function(value: object, usage: str):
    """Return ``value`` if it is a function that can be called as ``usage``, such as
    ``"update(h, s)"``: the name before the parenthesis is the argument's."""
    name, arguments = usage.split("(", 1)
    arguments = [a.strip() for a in arguments.rstrip(")").split(",") if a.strip()]
    if not callable(value):
        raise TypeError(f"{name} must be a function {usage}, got {_describe(value)}; pass the "
                        f"function itself, not the result of calling it")
    try:
        signature = inspect.signature(value)
    except (TypeError, ValueError):  # a built-in without a signature: let the call decide
        return value
    try:
        signature.bind(*arguments)
    except TypeError:
        raise TypeError(f"{name} must be a function {usage}, called with {len(arguments)} "
                        f"argument{'s' if len(arguments) != 1 else ''}; it takes "
                        f"{signature}") from None
    return value


def check_options(options: dict, target, *, taken: Sequence[str] = ()) -> dict:
    """Return ``options``, keyword arguments passed on to ``target``, if ``target`` takes each
    of them and they are not among those the caller sets itself (``taken``)."""
    allowed = [name for name in inspect.signature(target).parameters if name not in taken]
    for option in options:
        if option not in allowed:
            expected = ", ".join(repr(name) for name in allowed)
            raise TypeError(f"unexpected keyword argument {option!r}: the options passed on to "
                            f"{target.__name__} are {expected}")
    return options


def scalar_or_array(values: np.ndarray):
    """A float for a 0-D result, else the array: vectorised functions return what they got."""
    return float(values) if values.ndim == 0 else values


def as_generator(rng: object) -> np.random.Generator:
    """Turn ``None``, an ``int`` seed or a ``Generator`` into a ``numpy.random.Generator``."""
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None:
        return np.random.default_rng()
    if isinstance(rng, numbers.Integral) and not isinstance(rng, (bool, np.bool_)):
        if rng < 0:
            raise ValueError(f"rng must be a non-negative seed, got {rng}")
        return np.random.default_rng(int(rng))
    raise TypeError(f"rng must be None, an int seed or a numpy.random.Generator, "
                    f"got {_describe(rng)}")
