"""Kernels of the binary memories: asynchronous sweeps of every kind of network, one loop.

:func:`async_sweeps` runs the sweeps of any binary memory; what a unit's visit does is the
model's, chosen at compile time from the type of the ``model`` tuple it is given
(:class:`WeightsModel`, :class:`HebbianModel`, :class:`ThresholdModel`, :class:`DenseModel`).
A visit updates ``state`` in place and keeps the running quantity (fields or overlaps) in step
with it. At ``glauber_beta = 0`` a unit takes the state of lower energy and keeps its state on a
tie; at ``glauber_beta = 1/T > 0`` it takes the upper state with probability
1 / (1 + exp(-gap / T)), gap = E(lower state) - E(upper state), decided by ``uniforms[t]``
(Glauber dynamics).
"""

from __future__ import annotations

from collections import namedtuple

import numpy as np
from numba import njit
from numba.core import types
from numba.np import numpy_support
from numba.extending import overload

from .random import draw_sweep

#: A network over a weight matrix (``scale`` multiplies the fields: Hebbian counts keep 1/N).
WeightsModel = namedtuple("WeightsModel", "weights scale")
#: A Hebbian network whose fields come from its patterns, stored as columns (N, p).
HebbianModel = namedtuple("HebbianModel", "patterns_t scale")
#: 0/1 units over a weight matrix, firing above a threshold.
ThresholdModel = namedtuple("ThresholdModel", "weights threshold")
#: A dense memory: patterns as columns (N, K); kind 0 polynomial, 1 rectified, 2 exponential.
DenseModel = namedtuple("DenseModel", "patterns_t kind degree beta")


@njit(cache=True)
def async_sweeps(model, state, cache, order, uniforms, glauber_beta, count, stream):
    """Asynchronous sweeps of a binary memory, in place; the sweeps run and the last one's changes.

    With ``count = 0``, one pass over the units in the ``order`` given (part of a sweep, or a
    sweep the caller drew). With ``count > 0``, up to ``count`` whole sweeps, each in a new order
    with new uniforms drawn into the ``order`` and ``uniforms`` buffers from the caller's
    Generator (``stream``, see :func:`.random.draw_sweep`), stopping after a sweep that changed
    nothing at T = 0: a whole recall in one call.
    """
    sweeps = 0
    while True:
        if count:
            draw_sweep(order, uniforms, stream)
        changes = visit(model, state, cache, order, uniforms, glauber_beta)
        sweeps += 1
        if count == 0 or sweeps == count or (glauber_beta == 0.0 and changes == 0):
            return sweeps, changes


def visit(model, state, cache, order, uniforms, glauber_beta):
    """Visit the units in ``order`` once; the number that changed (compiled per model below)."""
    raise NotImplementedError  # only called from compiled code, through the overload


@overload(visit, jit_options={"fastmath": {"reassoc"}})  # the dense dot products vectorise;
def _visit_of(model, state, cache, order, uniforms, glauber_beta):  # integer sums stay exact
    if isinstance(model, types.BaseNamedTuple):
        return _VISITS.get(model.instance_class)


@njit(inline="always")
def _glauber_up(u, glauber_beta, gap):
    """Whether a unit with energy gap ``gap`` goes to its upper state, given a uniform ``u``."""
    return u < 1.0 / (1.0 + np.exp(-glauber_beta * gap))


# --- classical Hopfield network -----------------------------------------------------------------


def _weights_visit(model, state, cache, order, uniforms, glauber_beta):
    """``fields`` holds weights @ state, kept up to date as units flip (O(N) per flip, nothing
    per unit that stays). A unit takes the sign of its field, h = scale * field, and keeps its
    state when the field is exactly zero; at T > 0 it becomes +1 with probability
    1 / (1 + exp(-2 h / T)). A flip of unit i adds the row ``weights[i]`` to the fields: the
    column of unit i when the weights are symmetric. For asymmetric couplings J (fields
    J @ state) the model holds ``J.T``, whose rows are J's columns. Float64 weights keep float64
    fields; the integer Hebbian counts (int16 or int32) keep int32 fields."""
    fields = cache
    n = state.size
    flips = 0
    for t in range(order.size):
        i = order[t]
        s = state[i]
        h = fields[i]
        if glauber_beta == 0.0:
            new = 1 if h > 0 else (-1 if h < 0 else s)
        else:
            new = 1 if _glauber_up(uniforms[t], glauber_beta, 2.0 * model.scale * h) else -1
        if new != s:
            state[i] = new
            flips += 1
            change = 2 * new  # an integer: integer counts add to integer fields, exactly
            row = model.weights[i]
            for j in range(n):
                fields[j] += change * row[j]
    return flips


def _hebbian_visit(model, state, cache, order, uniforms, glauber_beta):
    """``overlaps`` (int32) holds ξ^μ·s, O(p) per flip. A unit's field is the exact integer
    Σ_μ ξ_i^μ (ξ^μ·s) - p s_i (Hebbian counts with a zero diagonal, times N), O(p) per visit:
    no N × N matrix is needed, and the decisions are those over the counts."""
    overlaps = cache
    patterns_t = model.patterns_t
    p = patterns_t.shape[1]
    flips = 0
    for t in range(order.size):
        i = order[t]
        s = state[i]
        bits = patterns_t[i]
        field = np.int32(-p) * s
        for mu in range(p):
            field += bits[mu] * overlaps[mu]
        if glauber_beta == 0.0:
            new = 1 if field > 0 else (-1 if field < 0 else s)
        else:
            up = _glauber_up(uniforms[t], glauber_beta, 2.0 * model.scale * float(field))
            new = 1 if up else -1
        if new != s:
            state[i] = new
            flips += 1
            for mu in range(p):
                overlaps[mu] += np.int32(2 * new) * bits[mu]
    return flips


@njit(cache=True)
def hebbian_fields(patterns, state, fields):
    """Write into ``fields`` Σ_μ ξ^μ (ξ^μ·s) - p s: the Hebbian counts Σ_μ ξ_i^μ ξ_j^μ, zero on
    the diagonal, times the state, from the p stored patterns (rows) in O(pN) instead of O(N²).

    Integer sums, exact: the same fields as the counts matrix gives.
    """
    p, n = patterns.shape
    for i in range(n):
        fields[i] = -p * state[i]
    for mu in range(p):
        row = patterns[mu]
        overlap = 0
        for i in range(n):
            overlap += row[i] * state[i]
        for i in range(n):
            fields[i] += overlap * row[i]


@njit(cache=True)
def hebbian_overlaps(patterns_t, state, out):
    """Write into ``out`` (int32) ξ^μ·s for the patterns stored as the columns of ``patterns_t``."""
    out[:] = 0
    for i in range(patterns_t.shape[0]):
        bits = patterns_t[i]
        s = np.int32(state[i])
        for mu in range(out.size):
            out[mu] += s * bits[mu]


@njit(cache=True)
def all_spins(values):
    """Whether every entry of ``values`` (int8, 1-D) is -1 or +1: the check of a cue or of
    patterns in one pass, without the temporary arrays NumPy's test would make."""
    spins = 0
    for i in range(values.size):
        spins += (values[i] == 1) | (values[i] == -1)
    return spins == values.size


# --- sparse 0/1 network -------------------------------------------------------------------------


def _threshold_visit(model, state, cache, order, uniforms, glauber_beta):
    """0/1 units: V_i = 1 above the threshold, 0 below, kept at it. ``fields`` holds
    weights @ state and follows every change (weights symmetric). The energy gap of a unit is
    h - threshold; at T > 0 it becomes 1 with probability 1 / (1 + exp(-(h - threshold) / T))."""
    fields = cache
    threshold = model.threshold
    changes = 0
    for t in range(order.size):
        i = order[t]
        h = fields[i]
        if glauber_beta == 0.0:
            new = 1 if h > threshold else (0 if h < threshold else state[i])
        else:
            new = 1 if _glauber_up(uniforms[t], glauber_beta, h - threshold) else 0
        if new != state[i]:
            step = new - state[i]
            state[i] = new
            changes += 1
            row = model.weights[i]
            for j in range(state.size):
                fields[j] += step * row[j]
    return changes


# --- dense associative memory -------------------------------------------------------------------
# Unit i in state s changes its overlap with pattern μ from o to o - 2 ξ_i^μ s if it flips, so
# keeping it gains Σ_μ [F(o_μ) - F(o_μ - 2 ξ_i^μ s)]. Split each term into a part common to all
# units and a part proportional to ξ_i^μ s: then a unit's decision is one dot product of its
# bits with a cached vector, which the compiler vectorises. The caches are rebuilt only when a
# unit flips.


@njit(inline="always")
def _interaction(x, kind, degree):
    """F(x) = x**degree (kind 0) or max(x, 0)**degree (kind 1)."""
    if kind == 1 and x <= 0.0:
        return 0.0
    return x**degree


@njit(cache=True)
def _dense_caches(overlaps, kind, degree, beta, weight):
    """Fill ``weight`` and return the common total.

    Polynomial: F(o - 2 ξ s) = mid - ξ s half_diff with mid = (F(o-2) + F(o+2)) / 2 and
    half_diff = (F(o+2) - F(o-2)) / 2; returns Σ (F(o) - mid) and weight = half_diff, so that
    keeping a unit gains total + s (bits · weight). Exponential: weight = exp(β(o - max o))
    (the largest term is exactly 1) and returns its sum.
    """
    total = 0.0
    if kind == 2:
        top = overlaps.max()
        for mu in range(overlaps.size):
            weight[mu] = np.exp(beta * (overlaps[mu] - top))
            total += weight[mu]
        return total
    for mu in range(overlaps.size):
        low = _interaction(overlaps[mu] - 2.0, kind, degree)
        high = _interaction(overlaps[mu] + 2.0, kind, degree)
        total += _interaction(overlaps[mu], kind, degree) - 0.5 * (low + high)
        weight[mu] = 0.5 * (high - low)
    return total


@njit(inline="always")
def _log_add(a, b):
    """ln(e^a + e^b) without overflow; a or b may be -inf."""
    top = max(a, b)
    if top == -np.inf:
        return top
    return top + np.log(np.exp(a - top) + np.exp(b - top))


@njit(inline="always")
def _exponential_keep(agree, disagree, beta):
    """What keeping its state saves a unit, in the energy -(1/β) ln Σ_μ exp(β ξ^μ·σ).

    ``agree`` and ``disagree`` are the (rescaled) sums of exp(β o_μ) over the patterns whose
    bit agrees and disagrees with the unit; a flip multiplies them by e^(-2β) and e^(2β).
    """
    la = np.log(agree) if agree > 0.0 else -np.inf
    lb = np.log(disagree) if disagree > 0.0 else -np.inf
    return (_log_add(la, lb) - _log_add(la - 2.0 * beta, lb + 2.0 * beta)) / beta


def _dense_visit(model, state, cache, order, uniforms, glauber_beta):
    """Krotov & Hopfield (2016): ``overlaps`` holds ξ^μ·σ and follows every flip. Unit i takes
    the state of lower energy E = -Σ_μ F(ξ^μ·σ) and keeps its state on a tie. For the
    exponential the gain is proportional to A - e^(2β) B, A and B the sums of exp(β o_μ) over
    the patterns whose bit agrees and disagrees with the unit, and is compared in logarithms; at
    T > 0 its energy is -(1/β) ln Σ_μ exp(β o_μ), the one ``DenseAssociativeMemory.energy``
    reports. The caches are rebuilt from the overlaps at the start of every pass."""
    overlaps = cache
    patterns_t, kind, degree, beta = model.patterns_t, model.kind, model.degree, model.beta
    weight = np.empty(patterns_t.shape[1])
    total = _dense_caches(overlaps, kind, degree, beta, weight)
    flips = 0
    for t in range(order.size):
        i = order[t]
        s = state[i]
        bits = patterns_t[i]
        dot = 0.0
        for mu in range(weight.size):
            dot += bits[mu] * weight[mu]
        if kind == 2:
            agree = 0.5 * (total + s * dot)
            disagree = 0.5 * (total - s * dot)
            if glauber_beta != 0.0:
                keep = _exponential_keep(agree, disagree, beta)
            elif disagree <= 0.0:
                keep = 1.0
            elif agree <= 0.0:
                keep = -1.0
            else:
                keep = np.sign(np.log(agree) - np.log(disagree) - 2.0 * beta)
        else:
            keep = total + s * dot
        gain = s * keep  # the energy advantage of σ_i = +1 over σ_i = -1
        if glauber_beta == 0.0:
            new = 1 if gain > 0.0 else (-1 if gain < 0.0 else s)
        else:
            new = 1 if _glauber_up(uniforms[t], glauber_beta, gain) else -1
        if new != s:
            state[i] = new
            flips += 1
            for mu in range(weight.size):
                overlaps[mu] += 2.0 * new * bits[mu]
            total = _dense_flip(overlaps, kind, degree, beta, weight, bits, new)
    return flips


@njit(inline="always")
def _dense_flip(overlaps, kind, degree, beta, weight, bits, new):
    """The caches after a unit flipped to ``new``; returns the new common total."""
    if kind == 2 and beta < 100.0:
        # exp(β o) changes by the factor exp(±2β): only the ratio of the two sums matters, so
        # the weights may drift in scale; rebuild them when they stray
        grow, shrink = np.exp(2.0 * beta), np.exp(-2.0 * beta)
        total = 0.0
        largest = 0.0
        for mu in range(overlaps.size):
            weight[mu] *= grow if bits[mu] * new > 0 else shrink
            total += weight[mu]
            largest = max(largest, weight[mu])
        if 1e-200 < largest < 1e200:
            return total
    return _dense_caches(overlaps, kind, degree, beta, weight)


@njit(cache=True, fastmath={"reassoc"})
def dense_overlaps(patterns_t, state, out):
    """Write into ``out`` ξ^μ·σ for the patterns stored as the columns of ``patterns_t`` (N, K)."""
    out[:] = 0.0
    for i in range(patterns_t.shape[0]):
        bits = patterns_t[i]
        s = state[i]
        for mu in range(out.size):
            out[mu] += s * bits[mu]


_VISITS = {WeightsModel: _weights_visit, HebbianModel: _hebbian_visit,
           ThresholdModel: _threshold_visit, DenseModel: _dense_visit}

#: The only argument types :func:`hebbian_sweeps` takes: the model (patterns as C-ordered int8
#: columns, a float scale), an int8 state, its int32 overlaps, an int64 order, float64 uniforms,
#: a float glauber_beta, an int count and a :func:`.random.numpy_stream`.
HEBBIAN_SIGNATURE = (types.NamedTuple((types.int8[:, ::1], types.float64), HebbianModel),
                     types.int8[::1], types.int32[::1], types.int64[::1], types.float64[::1],
                     types.float64, types.int64, types.uint64[::1])


@njit(cache=True)
def sweeps_over_counts(model, patterns, patterns_t, state, overlaps, order, uniforms,
                       glauber_beta, count, stream):
    """:func:`async_sweeps` of a Hebbian network over its integer counts (``model``, a
    :class:`WeightsModel`), from int32 fields made from the ``patterns`` (rows) by
    :func:`hebbian_fields`; then, unless it is empty, ``overlaps`` brought up to date with the
    new state from ``patterns_t`` (the patterns as columns). Changes ``state`` and ``overlaps``
    in place; returns what :func:`async_sweeps` returns."""
    fields = np.empty(state.size, np.int32)
    hebbian_fields(patterns, state, fields)
    result = async_sweeps(model, state, fields, order, uniforms, glauber_beta, count, stream)
    if overlaps.size:
        hebbian_overlaps(patterns_t, state, overlaps)
    return result


def _counts_signature(dtype) -> tuple:
    """The only argument types :func:`counted_sweeps` takes, for read-only counts of ``dtype``
    (int16 or int32): read-only C-ordered int8 patterns as rows, C-ordered int8 columns, then
    the types of :data:`HEBBIAN_SIGNATURE` from the state on."""
    counts = types.Array(numpy_support.from_dtype(np.dtype(dtype)), 2, "C", readonly=True)
    rows = types.Array(types.int8, 2, "C", readonly=True)
    return (types.NamedTuple((counts, types.float64), WeightsModel), rows,
            types.int8[:, ::1], *HEBBIAN_SIGNATURE[1:])


#: What each wrapper below compiles, by the key it looks it up with.
_SIGNATURES = {(async_sweeps, HebbianModel): HEBBIAN_SIGNATURE,
               (sweeps_over_counts, np.dtype(np.int16)): _counts_signature(np.int16),
               (sweeps_over_counts, np.dtype(np.int32)): _counts_signature(np.int32)}
_COMPILED: dict = {}


def _compiled(kernel, key):
    """``kernel`` compiled (or loaded from Numba's cache) for the signature of ``key`` on the
    first call, and the same compiled function after it, called directly: Numba's typing of a
    named tuple at every call costs a tenth of a short recall. It does not check the
    arguments' types: give it only those of the signature."""
    compiled = _COMPILED.get((kernel, key))
    if compiled is None:
        compiled = _COMPILED[kernel, key] = kernel.compile(_SIGNATURES[kernel, key])
    return compiled


def hebbian_sweeps(model, state, cache, order, uniforms, glauber_beta, count, stream):
    """:func:`async_sweeps` for a :class:`HebbianModel`, of the types of
    :data:`HEBBIAN_SIGNATURE` only (see :func:`_compiled`)."""
    return _compiled(async_sweeps, HebbianModel)(model, state, cache, order, uniforms,
                                                 glauber_beta, count, stream)


def counted_sweeps(model, patterns, patterns_t, state, overlaps, order, uniforms, glauber_beta,
                   count, stream):
    """:func:`sweeps_over_counts`, of the types of :func:`_counts_signature` only (see
    :func:`_compiled`)."""
    return _compiled(sweeps_over_counts, model.weights.dtype)(
        model, patterns, patterns_t, state, overlaps, order, uniforms, glauber_beta, count,
        stream)
