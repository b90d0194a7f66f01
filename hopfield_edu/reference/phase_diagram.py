"""The phase diagram: the replica-symmetric equations of Amit, Gutfreund and Sompolinsky solved by
plain iteration and plain sums."""

from __future__ import annotations

import numpy as np

from .._validate import check_int, check_real

__all__ = ["replica_symmetric_iteration"]


def replica_symmetric_iteration(load: float, temperature: float, *, overlap: float = 1.0,
                                edwards_anderson: float = 1.0, iterations: int = 2000,
                                points: int = 200_001):
    """The replica-symmetric equations of AGS (1987) solved the textbook way: iterate

        m ← ⟨tanh β(m + √(αr) z)⟩,  q ← ⟨tanh² β(m + √(αr) z)⟩,  r = q / (1 - β(1 - q))²

    from m = ``overlap`` and q = ``edwards_anderson``, each Gaussian average a plain sum over
    ``points`` equally spaced z in [-10, 10], until nothing changes; then the free energy from
    its formula.
    Returns (m, q, r, f). The iteration converges only where the state attracts it: the
    retrieval state away from T_M, the spin glass above T = 1 (below, it circles); elsewhere it
    raises RuntimeError.
    """
    alpha = check_real(load, "load", minimum=0.0)
    beta = 1.0 / check_real(temperature, "temperature", minimum=0.0, exclusive_minimum=True)
    z = np.linspace(-10.0, 10.0, points)
    weight = np.exp(-0.5 * z * z)
    weight /= weight.sum()
    m = check_real(overlap, "overlap", minimum=0.0, maximum=1.0)
    q = check_real(edwards_anderson, "edwards_anderson", minimum=0.0, maximum=1.0)
    for _ in range(check_int(iterations, "iterations", minimum=1)):
        r = q / (1.0 - beta * (1.0 - q)) ** 2
        t = np.tanh(beta * (m + np.sqrt(alpha * r) * z))
        m_new, q_new = weight @ t, weight @ (t * t)
        if abs(m_new - m) < 1e-15 and abs(q_new - q) < 1e-15:
            break
        m, q = m_new, q_new
    else:
        raise RuntimeError(f"the iteration did not settle in {iterations} rounds at load "
                           f"{alpha:g}, temperature {1 / beta:g}")
    r = q / (1.0 - beta * (1.0 - q)) ** 2
    u = beta * (m + np.sqrt(alpha * r) * z)
    log_cosh = weight @ (np.abs(u) + np.log1p(np.exp(-2.0 * np.abs(u))))
    d = 1.0 - beta * (1.0 - q)
    f = (alpha / 2 + m * m / 2 + alpha / (2 * beta) * (np.log(d) - beta * q / d)
         + alpha * beta * r * (1.0 - q) / 2 - log_cosh / beta)
    return float(m), float(q), float(r), float(f)

