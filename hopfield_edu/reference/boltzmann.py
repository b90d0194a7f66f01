"""Boltzmann machines the plain way: sequential Gibbs sweeps one unit at a time, and an epoch
of CD-1 as NumPy is usually written."""

from __future__ import annotations

import math

import numpy as np

from .. import _kernels
from .._validate import (as_generator, check_array, check_binary, check_int, check_real,
                         check_spins)

__all__ = ["cd_epoch", "gibbs_sweeps"]


def _sigmoid(x: float) -> float:
    """σ(x) = 1 / (1 + exp(-x)) in double precision, without overflow: for x < 0 it is written
    exp(x) / (1 + exp(x)), so exp only ever sees a number ≤ 0."""
    if x >= 0.0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def gibbs_sweeps(couplings, biases, states, sweeps: int, *, temperature: float = 1.0,
                 rng=None) -> np.ndarray:
    """Sequential Gibbs sweeps of a fully visible Boltzmann machine, one unit at a time.

    Each sweep, each chain (a row of ``states``, ±1) in turn, each unit i in order: its field is
    h_i = b_i + Σ_j J_ij s_j, kept up to date as units flip, and it becomes +1 when a uniform
    32-bit integer u is below 2**32 σ(x), x = (2 / T) h_i, σ(x) = 1 / (1 + exp(-x)) computed by
    :func:`_sigmoid`. The fields are single precision: J, b and 2 / T are rounded to float32,
    a chain's fields start as b + Σ_i s_i J_i, added in the order of i, a flip of unit i to
    s_i adds 2 s_i J_i, and x is the float32 product. The chains go in blocks of
    ``CHAIN_BLOCK``, each block for all the sweeps; the numbers are the 32-bit halves (low
    half first) of the words of the kernel's generators (``lanes_uniform64``) seeded from
    ``rng``, one buffer of at least m·n numbers per block and sweep (a whole number of rounds
    of the LANES generators), of which unit i of the block's chain c takes number i·m + c (m
    chains in the block), as
    :meth:`hopfield_edu.boltzmann.BoltzmannMachine.sample` draws them, so the two give the same
    states. Returns the new states; ``states`` is left unchanged.
    """
    J = check_array(couplings, "couplings", ndim=2, shape="(n, n)").astype(np.float32)
    b = check_array(biases, "biases", ndim=1, shape="(n,)").astype(np.float32)
    chains = check_spins(states, "states", ndim=2).copy()
    sweeps = check_int(sweeps, "sweeps", minimum=0)
    two_beta = np.float32(2.0 / check_real(temperature, "temperature", minimum=0.0,
                                           exclusive_minimum=True))
    lanes = _kernels.seed_lanes(_kernels.seed_state(as_generator(rng)))
    n = chains.shape[1]
    for first in range(0, len(chains), _kernels.CHAIN_BLOCK):
        block = chains[first:first + _kernels.CHAIN_BLOCK]
        fields = []
        for s in block:
            h = b.copy()
            for i in range(n):
                h += np.float32(s[i]) * J[i]
            fields.append(h)
        m = len(block)
        lanes_words = -(-m * n // (2 * _kernels.LANES)) * _kernels.LANES  # a multiple of LANES
        words = np.empty(lanes_words, np.uint64)
        for _ in range(sweeps):
            _kernels.lanes_uniform64(lanes, words)
            u = words.view(np.uint32)  # each word's low half, then its high half
            for c, (s, h) in enumerate(zip(block, fields)):
                for i in range(n):
                    x = two_beta * h[i]  # a float32 product
                    new = 1 if u[i * m + c] < _kernels.SCALE * _sigmoid(float(x)) else -1
                    if new != s[i]:
                        s[i] = new
                        h += np.float32(2 * new) * J[i]
    return chains


def cd_epoch(weights, visible_bias, hidden_bias, data, *, learning_rate: float,
             batch_size: int, rng=None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One epoch of CD-1 training of an RBM of 0/1 units, the way NumPy is usually written.

    In a random order, a mini-batch at a time: hidden probabilities and a sample from the data,
    a sampled reconstruction of the visible units, its hidden probabilities, and a step of
    ``learning_rate`` along (v0ᵀ p(h|v0) - v1ᵀ p(h|v1)) / batch for the weights and the mean
    differences for the biases. No momentum, no weight decay. Returns new parameters.
    """
    W = check_array(weights, "weights", ndim=2, shape="(n_visible, n_hidden)").copy()
    a = check_array(visible_bias, "visible_bias", ndim=1, shape="(n_visible,)").copy()
    b = check_array(hidden_bias, "hidden_bias", ndim=1, shape="(n_hidden,)").copy()
    v = check_binary(data, "data", ndim=2).astype(np.float64)
    generator = as_generator(rng)
    order = generator.permutation(len(v))
    for start in range(0, len(v), batch_size):
        v0 = v[order[start:start + batch_size]]
        p0 = 1.0 / (1.0 + np.exp(-(v0 @ W + b)))
        h0 = (generator.random(p0.shape) < p0).astype(np.float64)
        pv = 1.0 / (1.0 + np.exp(-(h0 @ W.T + a)))
        v1 = (generator.random(pv.shape) < pv).astype(np.float64)
        p1 = 1.0 / (1.0 + np.exp(-(v1 @ W + b)))
        W += learning_rate * (v0.T @ p0 - v1.T @ p1) / len(v0)
        a += learning_rate * (v0 - v1).mean(axis=0)
        b += learning_rate * (p0 - p1).mean(axis=0)
    return W, a, b
