"""Every state of a small layer, a block at a time: the exact sums of the Boltzmann machines.

A layer of n two-state units has 2**n states; state number k has unit i in its upper state
when bit i of k is set. Sums over all of them (partition functions, exact moments) are taken a
block of states at a time, so that memory stays bounded up to n = :data:`MAX_UNITS`.
"""

from __future__ import annotations

import numpy as np

from .._blocks import block_rows

#: The most units whose states are enumerated: 2**20 states, about a million.
MAX_UNITS = 20


def check_enumerable(n: int, what: str) -> None:
    """Refuse to enumerate more than 2**MAX_UNITS states, saying what was asked."""
    if n > MAX_UNITS:
        raise ValueError(f"{what} is exact only for small models: it sums over the 2**{n} "
                         f"states of {n} units, and at most {MAX_UNITS} units can be "
                         f"enumerated (2**{MAX_UNITS} states)")


def state_blocks(n: int, low: int):
    """Yield all 2**n states of n units, as float64 rows of ``low`` (-1 or 0) and 1, in blocks."""
    rows = min(2**n, max(1, block_rows(n)))
    for start in range(0, 2**n, rows):
        codes = np.arange(start, min(start + rows, 2**n), dtype="<u4")
        bits = np.unpackbits(codes.view(np.uint8).reshape(-1, 4), axis=1, bitorder="little")
        yield bits[:, :n] * (1.0 - low) + low


def all_states(n: int, low: int) -> np.ndarray:
    """All 2**n states of n units as one ``int8`` array of shape (2**n, n)."""
    return np.concatenate(list(state_blocks(n, low))).astype(np.int8)


def weighted_sums(n: int, low: int, log_weight):
    """ln Z and the sums Σ_s P(s) s and Σ_s P(s) s sᵀ over all 2**n states, in one pass.

    ``log_weight(block)`` gives ln of the unnormalised weight of each state (row) of a block.
    The sums are rescaled whenever a block holds a larger weight than any before, so that no
    exponential overflows.
    """
    top, total = -np.inf, 0.0
    first, second = np.zeros(n), np.zeros((n, n))
    for block in state_blocks(n, low):
        log_w = log_weight(block)
        new_top = max(top, float(log_w.max()))
        shrink = np.exp(top - new_top)
        w = np.exp(log_w - new_top)
        total = total * shrink + w.sum()
        first = first * shrink + w @ block
        second = second * shrink + (block * w[:, None]).T @ block
        top = new_top
    return top + np.log(total), first / total, second / total


def log_sum_exp(values: np.ndarray) -> float:
    """ln Σ exp(values), without overflow."""
    top = float(np.max(values))
    return top + float(np.log(np.sum(np.exp(values - top))))
