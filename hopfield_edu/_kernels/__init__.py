"""Every Numba-compiled function of the course, in one place.

The kernels take arrays and scalars and do no input checking: the model classes validate their
arguments and then call these. A kernel that updates an array in place says so in its
docstring (most do: a sweep changes the state it is given and the fields or overlaps that
follow it). Each is compiled on first use and cached on disk (``cache=True``), so a notebook
compiles only what it uses, and only once.

- :mod:`.random`: the xoshiro256** and xoshiro256++ generators the kernels draw from;
- :mod:`.ising`: single-spin (checkerboard and random-site), Wolff and Curie-Weiss dynamics;
- :mod:`.memory`: the sweeps of the binary memories (classical, dense, sparse), one loop;
- :mod:`.hebbian`: Hebb's rule as exact integer counts, by population counts of packed bits;
- :mod:`.perceptron`: an epoch of perceptron learning of the couplings (three rules);
- :mod:`.replica`: the Gaussian averages and states of the replica-symmetric theory;
- :mod:`.boltzmann`: Gibbs sweeps of many chains of a fully visible Boltzmann machine.

This package chooses Numba's cache folder before any kernel module imports Numba.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def _writable(folder: Path) -> bool:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            return True
    except OSError:
        return False


def _choose_cache_dir() -> str | None:
    """Where Numba should keep its cache, or None when its own default works.

    Numba writes its cache next to this file, else under the user's cache folder, and fails
    with a RuntimeError at import when neither is writable (a read-only install with an
    unwritable home). Then fall back to a folder in the temporary directory.
    """
    if os.environ.get("NUMBA_CACHE_DIR"):
        return None
    if _writable(Path(__file__).parent / "__pycache__"):
        return None
    user_cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "numba"
    if _writable(user_cache):
        return None
    user = os.getuid() if hasattr(os, "getuid") else os.getlogin()
    return str(Path(tempfile.gettempdir()) / f"hopfield_edu-numba-{user}")


cache_dir = _choose_cache_dir()
if cache_dir is not None:
    import numba.core.config

    os.environ["NUMBA_CACHE_DIR"] = cache_dir
    numba.core.config.CACHE_DIR = cache_dir

# Imported once the cache folder is settled: every kernel module imports numba.
from .ising import (SCALE, checkerboard_half_sweep, checkerboard_sweeps,  # noqa: E402
                    curie_weiss_sweeps, flip_table, random_site_sweeps, wolff_steps)
from .multispin import multispin_metropolis_sweeps  # noqa: E402
from .hebbian import count_fields, hebbian_counts, pack_patterns  # noqa: E402
from .memory import (DenseModel, HebbianModel, ThresholdModel, WeightsModel,  # noqa: E402
                     HEBBIAN_SIGNATURE, all_spins, async_sweeps, counted_sweeps,
                     dense_overlaps, hebbian_fields, hebbian_overlaps, hebbian_sweeps)
from .perceptron import local_projection_epoch, perceptron_epoch  # noqa: E402
from .random import (LANES, draw_sweep, lanes_round_up, lanes_uniform32,  # noqa: E402
                     lanes_uniform64, numpy_stream, seed_lanes, seed_state, uniform32)
from .boltzmann import CHAIN_BLOCK, gibbs_sweeps  # noqa: E402
from .replica import replica_branch  # noqa: E402

__all__ = ["CHAIN_BLOCK", "HEBBIAN_SIGNATURE", "LANES", "SCALE",
           "DenseModel", "HebbianModel", "ThresholdModel", "WeightsModel", "all_spins",
           "async_sweeps", "checkerboard_half_sweep", "checkerboard_sweeps", "count_fields",
           "counted_sweeps",
           "curie_weiss_sweeps", "dense_overlaps", "draw_sweep", "flip_table", "gibbs_sweeps",
           "hebbian_counts", "hebbian_fields", "hebbian_overlaps", "hebbian_sweeps",
           "lanes_round_up", "lanes_uniform32", "lanes_uniform64", "local_projection_epoch",
           "multispin_metropolis_sweeps", "numpy_stream", "pack_patterns",
           "perceptron_epoch", "random_site_sweeps", "replica_branch", "seed_lanes",
           "seed_state", "uniform32", "wolff_steps"]
