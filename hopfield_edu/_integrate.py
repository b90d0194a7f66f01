"""The exponential Euler step that the continuous-time networks share.

A layer with time constant τ relaxes towards a target x* (its input, held fixed over the step):
τ dx/dt = x* - x. Over a step Δt this is solved exactly, x ← x + a (x* - x) with
a = 1 - exp(-Δt/τ), so x moves part of the way towards x* and never past it, however long the
step; τ = 0 gives a = 1, a layer always at equilibrium. Held-fixed targets make the scheme
first order in Δt.
"""

from __future__ import annotations

import math

from ._validate import check_real

__all__ = ["MAX_STEPS", "relaxation_fraction", "steps_for"]

#: The most steps one run may take.
MAX_STEPS = 10**6


def relaxation_fraction(dt: float, tau: float) -> float:
    """a = 1 - exp(-Δt/τ), and 1 for τ = 0."""
    return 1.0 if tau == 0 else -math.expm1(-dt / tau)


def steps_for(duration, dt) -> tuple[float, int]:
    """The checked step ``dt`` and the number of steps, ``duration / dt`` rounded up."""
    duration = check_real(duration, "duration", minimum=0.0, exclusive_minimum=True)
    dt = check_real(dt, "dt", minimum=0.0, exclusive_minimum=True)
    steps = math.ceil(duration / dt * (1 - 1e-12))
    if steps > MAX_STEPS:
        raise ValueError(f"duration / dt = {duration / dt:.3g} steps is more than "
                         f"{MAX_STEPS:.0e}; take a longer dt or a shorter duration")
    return dt, steps
