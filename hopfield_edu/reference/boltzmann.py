"""Boltzmann machines the plain way: sequential Gibbs sweeps one unit at a time, and an epoch
of CD-1 as NumPy is usually written."""

from __future__ import annotations

import math

import numpy as np

from .. import _kernels
from .._validate import (as_generator, check_array, check_binary, check_int, check_real,
                         check_spins)

__all__ = ["cd_epoch", "gibbs_sweeps"]


def gibbs_sweeps(couplings, biases, states, sweeps: int, *, temperature: float = 1.0,
                 rng=None) -> np.ndarray:
    """Sequential Gibbs sweeps of a fully visible Boltzmann machine, one unit at a time.

    Each sweep, each chain (a row of ``states``, ±1) in turn, each unit i in order: its field is
    h_i = b_i + Σ_j J_ij s_j, kept up to date as units flip, and it becomes +1 when a uniform
    32-bit integer u is below 2**32 / (1 + exp(-2 h_i / T)). The chains go in blocks of
    ``CHAIN_BLOCK``, each block for all the sweeps; the numbers come from the kernel's
    generators (``lanes_uniform32``) seeded from ``rng``, one buffer per block and sweep of
    which unit i of the block's chain c
    takes number i·m + c (m chains in the block), as
    :meth:`hopfield_edu.boltzmann.BoltzmannMachine.sample` draws them, so the two give the same
    states. Returns the new states; ``states`` is left unchanged.
    """
    J = check_array(couplings, "couplings", ndim=2, shape="(n, n)")
    b = check_array(biases, "biases", ndim=1, shape="(n,)")
    chains = check_spins(states, "states", ndim=2).copy()
    sweeps = check_int(sweeps, "sweeps", minimum=0)
    two_beta = 2.0 / check_real(temperature, "temperature", minimum=0.0, exclusive_minimum=True)
    lanes = _kernels.seed_lanes(_kernels.seed_state(as_generator(rng)))
    n = chains.shape[1]
    for first in range(0, len(chains), _kernels.CHAIN_BLOCK):
        block = chains[first:first + _kernels.CHAIN_BLOCK]
        fields = []
        for s in block:
            h = b.copy()
            for i in range(n):
                h += s[i] * J[i]
            fields.append(h)
        m = len(block)
        u = np.empty(_kernels.lanes_round_up(m * n), np.uint32)
        for _ in range(sweeps):
            _kernels.lanes_uniform32(lanes, u)
            for c, (s, h) in enumerate(zip(block, fields)):
                for i in range(n):
                    up = u[i * m + c] < _kernels.SCALE / (1.0 + math.exp(-two_beta * h[i]))
                    new = 1 if up else -1
                    if new != s[i]:
                        s[i] = new
                        h += (2.0 * new) * J[i]
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
