"""The random numbers of the Ising kernels: two interleaved xoshiro256** generators.

The kernels draw from two xoshiro256** generators (Blackman & Vigna 2021), seeded from the
caller's NumPy Generator (:func:`seed_state`), so a seed fixes every result. Two independent
generators advance in parallel on one core, which doubles the rate of this short dependency
chain.
"""

from __future__ import annotations

import numpy as np
from numba import njit

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


def seed_state(generator: np.random.Generator) -> np.ndarray:
    """The eight words of the two generators, drawn from ``generator`` (not a kernel)."""
    state = generator.integers(0, 2**64, size=8, dtype=np.uint64, endpoint=False)
    for words in (state[:4], state[4:]):  # each generator's forbidden all-zero state,
        if not words.any():               # drawn with probability 2**-256
            words[0] = 1
    return state
