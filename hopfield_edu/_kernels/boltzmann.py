"""Gibbs sampling of a fully visible Boltzmann machine: sequential sweeps of many ±1 chains.

In a sweep each unit of a chain, in the order 0, 1, ..., n - 1, is drawn from its conditional
distribution (the heat bath): it becomes +1 with probability σ(x) = 1 / (1 + exp(-x)), where
x = 2 h_i / T and h_i = b_i + Σ_j J_ij s_j is its field, else -1. The arithmetic, exactly (it
is what :func:`hopfield_edu.reference.gibbs_sweeps` does one unit at a time):

- J, b and 2 / T are rounded to single precision (float32), and so is every sum: a chain's
  fields start as b + Σ_i s_i J_i, added in the order of i, and each flip of unit i to s_i
  adds 2 s_i J_i to them (exact products, one rounding per addition);
- x = (2 / T) h_i is their float32 product;
- a uniform 32-bit integer u decides: +1 exactly when u < 2**32 σ(x), where σ(x) is evaluated
  in double precision as 1 / (1 + exp(-x)) for x ≥ 0 and exp(x) / (1 + exp(x)) for x < 0
  (never overflowing), else -1.

Single precision puts 16 chains in one AVX-512 instruction; its rounding (about 1e-7 of the
fields' size per addition) is far below any statistical effect a sample can show.

Four things make it fast. Each chain keeps its fields and adds ±2 J_i to them when unit i
flips, so a unit that keeps its state costs O(1) and a flip O(n), in vector instructions over
a contiguous row (the fields are chain-major). The sweep takes unit i of every chain of a block
before unit i + 1 (the chains are independent, so the result is the same as chain after
chain): x of unit i of every chain is copied side by side, and a loop over the block without
branches, 16 chains per AVX-512 instruction, decides every chain and marks the flips, one byte
each, packed into the bits of a 64-bit word; only the chains of its set bits are then updated,
found by counting trailing zeros. And σ(x) costs an exponential, which takes longer than
everything else a unit does and does not vectorise, while the decision almost never needs it:
a fraction of float32 numbers without exp (:func:`_sigmoid_fraction`, a polynomial for 2**-f
and the exponent 2**n put in as bits) is within 1e-6 of σ(x), so comparing u / 2**32 (within
3e-8 in float32) with it settles the decision whenever they are further apart than
:data:`MARGIN` = 2**-16 ≈ 1.5e-5, which leaves over ten times the errors and roundings. Only
when they are closer, with probability about 3e-5, is σ(x) computed; the decisions are exactly
those of the rule. The numbers u are the 32-bit halves of the words of
:func:`lanes_uniform64`, whose generators step side by side in vector instructions (whole
words are stored faster than :func:`lanes_uniform32` splits them).

(Measured on an AMD EPYC Zen 5 against plain NumPy, 1000 chains of 64 units learned from the
digits: about 2 ns per unit update, 10 to 15 times faster. Things that did not help: table
lookups by u's top bits, which LLVM will not vectorise as gathers; fields kept unit-major,
whose flips then update a strided column; a dense update of all fields after every four
units, which costs n multiply-adds per unit update whether it flips or not.)
"""

from __future__ import annotations

import numpy as np
from llvmlite import ir
from numba import njit, types
from numba.extending import intrinsic

from .ising import SCALE
from .random import LANES, lanes_uniform64

#: Chains are swept in blocks of this many (one bit each in a 64-bit mask).
CHAIN_BLOCK = 64

#: The float32 approximation of σ settles a decision when u / 2**32 is further than this from it.
MARGIN = 2.0**-16

#: Where the approximation stops following σ(-|x|): below σ(-20) = 2.1e-9, far inside MARGIN.
CLAMP = 20.0

#: 2**-f for 0 ≤ f < 1 as a polynomial of degree 5 in f, lowest power first (interpolated at
#: the Chebyshev points, rounded to float32): relative error below 3e-7.
POWER_OF_TWO = (0.9999999403953552, -0.6931431293487549, 0.24017895758152008,
                -0.05529811978340149, 0.009209180250763893, -0.000946877000387758)

@intrinsic
def _trailing_zeros(typingctx, word):
    """The number of trailing zero bits of a nonzero uint64 (one tzcnt instruction)."""
    def codegen(context, builder, signature, args):
        return builder.cttz(args[0], ir.Constant(ir.IntType(1), 1))
    return types.uint64(types.uint64), codegen


@intrinsic
def _float_from_bits(typingctx, bits):
    """The float32 whose bits are those of the integer ``bits`` (truncated to 32 bits)."""
    def codegen(context, builder, signature, args):
        word = builder.trunc(args[0], ir.IntType(32)) if args[0].type.width > 32 else args[0]
        return builder.bitcast(word, ir.FloatType())
    return types.float32(bits), codegen


@njit(inline="always")
def _bits(words):
    """The bytes (each 0 or 1) of at most eight uint64 words as the bits of one word: bit 8 w + j
    is byte j of word w (little-endian). One multiplication gathers a word's eight bytes into its
    top byte: byte j, at bit 8 j, lands at bit 56 + j and nothing carries into it."""
    result = np.uint64(0)
    for w in range(words.size):
        packed = (words[w] * np.uint64(0x0102040810204080)) >> np.uint64(56)
        result |= packed << np.uint64(8 * w)
    return result


@njit(inline="always")
def _sigmoid(x):
    """σ(x) in double precision, without overflow: exp of a negative number only."""
    if x >= 0.0:
        return 1.0 / (1.0 + np.exp(-x))
    e = np.exp(x)
    return e / (1.0 + e)


@njit(inline="always")
def _sigmoid_fraction(x):
    """σ(x) ≈ numerator / denominator for a float32 x, both float32, computed without exp,
    division or branches (so that a loop of it runs in vector instructions); the fraction is
    within 1e-6 of σ(x) (tests/test_boltzmann.py checks it).

    With a = min(|x|, CLAMP) and a log2(e) = y = n + f (n its integer part), exp(-a) = 2**-n
    2**-f, so σ(a) = 2**n / (2**n + q) with q = 2**-f from the polynomial
    :data:`POWER_OF_TWO` and 2**n made from its bits (exponent n + 127), and
    σ(-a) = q / (2**n + q).
    """
    a = min(abs(x), np.float32(CLAMP))
    y = a * np.float32(1.4426950408889634)  # log2(e)
    n = np.int32(y)  # y ≥ 0: its integer part
    f = y - np.float32(n)  # exact (Sterbenz)
    c0, c1, c2, c3, c4, c5 = POWER_OF_TWO
    q = (((((np.float32(c5) * f + np.float32(c4)) * f + np.float32(c3)) * f + np.float32(c2))
          * f + np.float32(c1)) * f + np.float32(c0))
    power = _float_from_bits((n + np.int32(127)) << np.int32(23))
    return (power if x >= 0 else q), power + q


@njit(inline="always")
def _words_round_up(count):
    """How many words of :func:`lanes_uniform64` hold ``count`` 32-bit numbers: a multiple of
    LANES."""
    return (count + 2 * LANES - 1) // (2 * LANES) * LANES


@njit(inline="always")
def _add_row(fields, c, factor, couplings, i):
    """fields[c] += factor * couplings[i], in place (the product is exact: factor is ±1 or ±2),
    by index: views of the rows would cost reference counting at every flip."""
    for j in range(couplings.shape[1]):
        fields[c, j] += factor * couplings[i, j]


@njit(cache=True)
def gibbs_sweeps(couplings, biases, two_beta, states, sweeps, lanes):
    """Run ``sweeps`` sequential Gibbs sweeps of every chain (a row of ``states``), in place.

    ``couplings`` (n, n), float32, is symmetric with a zero diagonal; ``biases``, float32, has
    n entries; ``two_beta`` is 2 / T (rounded here to float32); ``states`` is ``int8`` ±1 of
    shape (chains, n) and is updated in place. The chains run in blocks of
    :data:`CHAIN_BLOCK` (so that a block's fields stay in the cache), block after block, each
    for all its sweeps. Each sweep of a block of m chains draws one buffer of
    m * n 32-bit numbers, the halves (low first) of ``_words_round_up(m * n)`` words of
    :func:`lanes_uniform64` drawn from ``lanes``, its state (advanced in place); unit i of the
    block's chain c uses number i * m + c. Returns the number of flips.
    """
    chains, n = states.shape
    block = min(chains, CHAIN_BLOCK)
    scale = np.float32(two_beta)
    fields = np.empty((block, n), np.float32)  # chain-major: a flip adds to one row
    by_unit = np.empty((n, block), np.int8)  # unit i of every chain of the block, side by side
    column = np.empty(block, np.float32)  # x of unit i of every chain, side by side
    words = np.empty(_words_round_up(block * n), np.uint64)
    u = words.view(np.uint32)  # the 32-bit halves of the words, low half first
    # one byte per chain of the block, 0 or 1, read eight at a time as words by _bits
    flips_here = np.zeros(CHAIN_BLOCK, np.uint8)
    unsettled_here = np.zeros(CHAIN_BLOCK, np.uint8)
    flip_words, unsettled_words = flips_here.view(np.uint64), unsettled_here.view(np.uint64)
    margin, to_unit = np.float32(MARGIN), np.float32(1.0 / SCALE)
    one = np.uint64(1)
    flips = 0
    for first in range(0, chains, block):
        m = min(block, chains - first)
        flips_here[m:] = 0  # chains past the block's last never flip
        unsettled_here[m:] = 0
        for c in range(m):
            fields[c] = biases
            for i in range(n):
                _add_row(fields, c, np.float32(states[first + c, i]), couplings, i)
                by_unit[i, c] = states[first + c, i]
        for _ in range(sweeps):
            lanes_uniform64(lanes, words[:_words_round_up(m * n)])
            for i in range(n):
                offset = i * m  # unit i of chain c draws number i * m + c
                for c in range(m):
                    column[c] = scale * fields[c, i]
                for c in range(m):  # branch-free: vectorised over the chains
                    p = np.float32(u[offset + c]) * to_unit  # u / 2**32, within 3e-8
                    numerator, denominator = _sigmoid_fraction(column[c])
                    up = (p + margin) * denominator < numerator  # u < 2**32 σ(x), surely
                    down = (p - margin) * denominator > numerator  # and surely not
                    # bitwise, not `and`/`or`: those branch, and the branches are a coin toss
                    flips_here[c] = (up & (by_unit[i, c] < 0)) | (down & (by_unit[i, c] > 0))
                    unsettled_here[c] = not (up | down)
                flip, unsettled = _bits(flip_words), _bits(unsettled_words)
                while unsettled:  # rarely: compare exactly
                    c = _trailing_zeros(unsettled)
                    unsettled &= unsettled - one
                    up = u[offset + c] < SCALE * _sigmoid(np.float64(column[c]))
                    if up != (by_unit[i, c] > 0):
                        flip |= one << c
                while flip:
                    c = _trailing_zeros(flip)
                    flip &= flip - one
                    by_unit[i, c] = -by_unit[i, c]
                    _add_row(fields, c, np.float32(2 * by_unit[i, c]), couplings, i)
                    flips += 1
        for c in range(m):
            for i in range(n):
                states[first + c, i] = by_unit[i, c]
    return flips
