"""Random numbers in the kernels: the Ising kernels' own generators, and NumPy's.

The Ising kernels draw from two interleaved xoshiro256** generators (Blackman & Vigna 2021),
seeded from the caller's NumPy Generator (:func:`seed_state`), so a seed fixes every result. Two
independent generators advance in parallel on one core, which doubles the rate of this short
dependency chain. The checkerboard sweeps need numbers faster than one scalar chain gives them:
they draw from :data:`LANES` xoshiro256++ generators side by side (:func:`lanes_uniform32`,
seeded from the same eight words by :func:`seed_lanes`), whose steps the compiler turns into vector instructions; the
"++" scrambler has no multiplication, which vector units of some CPUs do slowly for 64-bit
words (AVX-512's vpmullq is one micro-op on AMD Zen 4 and 5, three on Intel's server cores).
The memories' kernels draw the caller's own Generator's numbers instead (:func:`draw_sweep`),
exactly as NumPy would.
"""

from __future__ import annotations

import ctypes

import numpy as np
from llvmlite import ir
from numba import njit, types
from numba.extending import intrinsic

@njit(inline="always")
def _rotl(x, k):
    return (x << np.uint64(k)) | (x >> np.uint64(64 - k))


@njit(inline="always")
def _xoshiro_step(s0, s1, s2, s3):
    """One step of xoshiro256**: returns the output and the new state."""
    result = _rotl(s1 * np.uint64(5), 7) * np.uint64(9)
    t = s1 << np.uint64(17)
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    return result, s0, s1, s2, _rotl(s3, 45)


@njit(inline="always")
def round_up(n):
    """The smallest multiple of 4 that is at least n: the buffer size uniform32 fills."""
    return (n + 3) // 4 * 4


@njit(cache=True)
def uniform32(state, out):
    """Fill ``out`` (uint32, size a multiple of 4) with uniform integers in [0, 2**32).

    ``state`` holds the eight words of the two generators and is advanced in place.
    """
    a0, a1, a2, a3, b0, b1, b2, b3 = state
    mask = np.uint64(0xFFFFFFFF)
    for m in range(0, out.size, 4):
        ra, a0, a1, a2, a3 = _xoshiro_step(a0, a1, a2, a3)
        rb, b0, b1, b2, b3 = _xoshiro_step(b0, b1, b2, b3)
        out[m] = np.uint32(ra >> np.uint64(32))
        out[m + 1] = np.uint32(ra & mask)
        out[m + 2] = np.uint32(rb >> np.uint64(32))
        out[m + 3] = np.uint32(rb & mask)
    state[0], state[1], state[2], state[3] = a0, a1, a2, a3
    state[4], state[5], state[6], state[7] = b0, b1, b2, b3


#: How many xoshiro256++ generators :func:`lanes_uniform32` advances side by side: enough
#: independent vectors to keep a core's vector units busy (4 of 8 words, 8 of 4).
LANES = 32


@njit(inline="always")
def _lane_step(words, k):
    """One step of xoshiro256++ generator k of the lanes, whose four words lie LANES apart in
    ``words`` (the flattened state): advances them in place and returns the output."""
    a, b = words[k], words[LANES + k]
    c, d = words[2 * LANES + k], words[3 * LANES + k]
    result = _rotl(a + d, 23) + a
    t = b << np.uint64(17)
    c ^= a
    d ^= b
    b ^= c
    a ^= d
    c ^= t
    words[k], words[LANES + k] = a, b
    words[2 * LANES + k], words[3 * LANES + k] = c, _rotl(d, 45)
    return result


@njit(inline="always")
def lanes_round_up(n):
    """The smallest multiple of 2 * LANES that is at least n: the sizes lanes_uniform32 fills."""
    return (n + 2 * LANES - 1) // (2 * LANES) * (2 * LANES)


@njit(cache=True)
def lanes_uniform32(state, out):
    """Fill ``out`` (uint32, size a multiple of 2 * LANES) with uniform integers in [0, 2**32).

    ``state`` (uint64, shape (4, LANES)) holds one xoshiro256++ generator per column and is
    advanced in place. Step t of generator k gives out[2 LANES t + k] its low 32 bits and
    out[2 LANES t + LANES + k] its high 32 bits.
    """
    # one flat array, read at constant distances: the compiler then sees that the generators'
    # words are independent of one another, and vectorises the loop over them
    words = state.reshape(4 * LANES)
    mask = np.uint64(0xFFFFFFFF)
    for start in range(0, out.size, 2 * LANES):
        low, high = out[start:start + LANES], out[start + LANES:start + 2 * LANES]
        for k in range(LANES):
            result = _lane_step(words, k)
            low[k] = np.uint32(result & mask)
            high[k] = np.uint32(result >> np.uint64(32))


@njit(cache=True)
def lanes_uniform64(state, out):
    """Fill ``out`` (uint64, size a multiple of LANES) with uniform integers in [0, 2**64):
    step t of generator k of :func:`lanes_uniform32` gives out[LANES t + k] its whole
    output, which no halves need to be split from (for bitwise use, 64 bits a word).
    ``state`` advances in place."""
    words = state.reshape(4 * LANES)
    for start in range(0, out.size, LANES):
        block = out[start:start + LANES]
        for k in range(LANES):
            block[k] = _lane_step(words, k)


def seed_lanes(state: np.ndarray) -> np.ndarray:
    """The state of the LANES generators of :func:`lanes_uniform32`, shape (4, LANES), one
    generator per column, grown from the eight words of :func:`seed_state` by SplitMix64 (the
    seeding Blackman & Vigna recommend for xoshiro): word j seeds a SplitMix64 sequence, whose
    outputs t = 0, 1, ... fill entry 8 t + j of the flattened state. A run draws as many numbers
    from the caller's Generator as before, whichever kernel it uses. Not a kernel."""
    steps = 4 * LANES // state.size
    z = state[None, :] + np.uint64(0x9E3779B97F4A7C15) * np.arange(1, steps + 1,
                                                                  dtype=np.uint64)[:, None]
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    lanes = (z ^ (z >> np.uint64(31))).reshape(4, LANES)
    lanes[0, ~lanes.any(axis=0)] = 1  # the forbidden all-zero state, with probability 2**-256
    return lanes


def seed_state(generator: np.random.Generator) -> np.ndarray:
    """The eight words of the two generators, drawn from ``generator`` (not a kernel)."""
    state = generator.integers(0, 2**64, size=8, dtype=np.uint64, endpoint=False)
    for words in (state[:4], state[4:]):  # each generator's forbidden all-zero state,
        if not words.any():               # drawn with probability 2**-256
            words[0] = 1
    return state


# --- NumPy's own random numbers, drawn inside a kernel ------------------------------------------
# A recall draws a new order of the units every sweep from the caller's numpy.random.Generator.
# Calling generator.permutation between compiled sweeps costs more than the sweep itself at
# N = 200, so the kernels call the Generator's BitGenerator directly, through the C functions it
# exposes for this (numpy.random's "ctypes" interface), and repeat NumPy's algorithms exactly:
# the same numbers, and the Generator left in the same state, as generator.permutation(n) and
# generator.random(n) (tests/test_kernels_random.py holds them to it). The addresses are passed
# at run time, so the compiled code stays cacheable.


@intrinsic
def _call_uint32(typingctx, function, state):
    """``function(state)`` for the C function ``uint32_t (*)(void *)`` at the address given."""
    def codegen(context, builder, signature, args):
        fnty = ir.FunctionType(ir.IntType(32), [ir.IntType(8).as_pointer()])
        fn = builder.inttoptr(args[0], fnty.as_pointer())
        return builder.call(fn, [builder.inttoptr(args[1], ir.IntType(8).as_pointer())])
    return types.uint32(types.uint64, types.uint64), codegen


@intrinsic
def _call_double(typingctx, function, state):
    """``function(state)`` for the C function ``double (*)(void *)`` at the address given."""
    def codegen(context, builder, signature, args):
        fnty = ir.FunctionType(ir.DoubleType(), [ir.IntType(8).as_pointer()])
        fn = builder.inttoptr(args[0], fnty.as_pointer())
        return builder.call(fn, [builder.inttoptr(args[1], ir.IntType(8).as_pointer())])
    return types.float64(types.uint64, types.uint64), codegen


_FUNCTIONS: dict[type, tuple[int, int]] = {}  # per kind of BitGenerator: its C functions
# The last generator asked for and its stream, as one tuple (read and replaced at once): a
# learner's loop passes the same generator to every call. Holding it keeps its addresses valid.
_last: tuple = (None, None)


def numpy_stream(generator: np.random.Generator) -> np.ndarray:
    """The addresses a kernel draws ``generator``'s numbers through: next_uint32, next_double and
    the state of its BitGenerator (uint64[3]). Valid while ``generator`` lives; the kernels only
    read it, and the same array is returned again for the same generator."""
    global _last
    last = _last
    if last[0] is generator:
        return last[1]
    bit_generator = generator.bit_generator
    interface = bit_generator.ctypes
    functions = _FUNCTIONS.get(type(bit_generator))
    if functions is None:
        address = lambda function: ctypes.cast(function, ctypes.c_void_p).value  # noqa: E731
        functions = _FUNCTIONS[type(bit_generator)] = (address(interface.next_uint32),
                                                       address(interface.next_double))
    stream = np.array([*functions, interface.state_address], dtype=np.uint64)
    _last = generator, stream
    return stream


@njit(cache=True)
def draw_sweep(order, uniforms, stream):
    """Fill ``order`` as generator.permutation(order.size) would, then ``uniforms`` as
    generator.random(uniforms.size) would (nothing when it is empty), in place."""
    n = order.size
    for i in range(n):
        order[i] = i
    # Fisher-Yates from the end, each index by masked rejection sampling of 32-bit numbers:
    # NumPy's Generator.shuffle (random_interval in its distributions.c) for n < 2**32
    for i in range(n - 1, 0, -1):
        mask = np.uint32(i)
        for shift in (1, 2, 4, 8, 16):
            mask |= mask >> np.uint32(shift)
        value = _call_uint32(stream[0], stream[2]) & mask
        while value > i:
            value = _call_uint32(stream[0], stream[2]) & mask
        j = np.int64(value)
        order[i], order[j] = order[j], order[i]
    for t in range(uniforms.size):
        uniforms[t] = _call_double(stream[1], stream[2])
