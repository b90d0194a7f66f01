"""The same seed gives bit-identical results: twice in one process, and in a separate process.

CALLS runs every public function and method that takes ``rng`` with an int seed, on small
sizes and along each of its code paths (every Ising algorithm and site order, recall at zero
and positive temperature, synchronous and asynchronous, every dense interaction). A result's
fingerprint is a SHA-256 of its exact bytes: every array's dtype, shape and contents, every
other value's ``repr`` (exact for floats). Three things are checked:

- the calls give the same fingerprints when run again after NumPy's and Python's global random
  states have been reseeded: nothing reads them;
- a new Python process, with another hash seed, gives the same fingerprints: nothing depends on
  the process (dict order, object addresses, what Numba compiled or loaded from its cache);
- every public function, class or method with an ``rng`` parameter appears in CALLS or in some
  test file's ``REPRODUCIBLE`` list; the names come from the modules' ``__all__``.

Run as a script, this file prints the fingerprints as JSON; that is what the new process does.
"""

import dataclasses
import hashlib
import importlib
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import numpy as np

import hopfield_edu as hf
from hopfield_edu import dense, dense_classifier, experiments, ising, reference, sparse

sys.path.insert(0, str(Path(__file__).resolve().parent))                 # as a script, too
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
import public_api  # noqa: E402

XI = hf.random_patterns(6, 40, rng=0)
CUE = hf.flip(XI[0], 0.3, rng=1)
NETWORK = hf.HopfieldNetwork.from_patterns(XI)
DENSE = {name: dense.DenseAssociativeMemory(XI, **options) for name, options in {
    "polynomial": dict(degree=3), "rectified": dict(degree=4, rectified=True),
    "exponential": dict(interaction="exponential", beta=0.5)}.items()}
SPARSE_XI = sparse.sparse_patterns(4, 60, 0.1, rng=2)

# (public name, call): every call seeds its own randomness with an int
CALLS = [
    ("patterns.random_patterns", lambda: hf.random_patterns(5, 33, bias=0.3, rng=3)),
    ("patterns.flip", lambda: hf.flip(XI, 0.37, rng=4)),
    ("patterns.mask", lambda: hf.mask(XI, 0.5, rng=5, value=0)),
    *[("ising.simulate", lambda algorithm=algorithm, order=order, dim=dim: ising.simulate(
        10, 2.1, sweeps=20, burn_in=5, algorithm=algorithm, order=order, dim=dim, h=0.0,
        start="hot", rng=6))
      for algorithm in ising.ALGORITHMS for dim in (1, 2)
      for order in (("auto",) if algorithm == "wolff" else ising.ORDERS)],
    ("ising.sample_configurations", lambda: ising.sample_configurations(8, 2.3, samples=4, rng=7)),
    ("ising.scan_temperatures", lambda: ising.scan_temperatures(8, [3.0, 2.0], sweeps=20, rng=8)),
    ("reference.ising_sweep", lambda: reference.ising_sweep(np.ones((5, 5)), 2.0, h=0.2, rng=9)),
    ("ising.simulate_curie_weiss", lambda: ising.simulate_curie_weiss(50, 0.8, sweeps=20,
                                                                start="hot", rng=10)),
    *[("hopfield.HopfieldNetwork.recall", lambda mode=mode, temperature=temperature: NETWORK.recall(
        CUE, mode=mode, temperature=temperature, max_steps=5, rng=11, record=True))
      for mode in ("async", "sync") for temperature in (0.0, 0.5)],
    *[("dense.DenseAssociativeMemory.recall", lambda memory=memory, mode=mode: memory.recall(
        CUE, mode=mode, rng=12, record=True))
      for memory in DENSE.values() for mode in ("async", "sync")],
    ("sparse.sparse_patterns", lambda: sparse.sparse_patterns(3, 50, 0.2, rng=13)),
    ("sparse.SparseNetwork.recall", lambda: sparse.SparseNetwork(SPARSE_XI).recall(
        np.where(np.arange(60) < 30, SPARSE_XI[0], 0), rng=14)),
    ("experiments.one_step_error", lambda: experiments.one_step_error(60, 9, trials=2, rng=15)),
    ("experiments.error_free_fraction", lambda: experiments.error_free_fraction(60, 5, trials=2, rng=16)),
    ("experiments.capacity_curve", lambda: experiments.capacity_curve([30, 40], [0.1, 0.2], trials=2,
                                                          recalls=3, cue_noise=0.1, rng=17,
                                                          progress=False)),
    ("experiments.basin_curve", lambda: experiments.basin_curve(40, 4, [0.1, 0.3], trials=2, recalls=2,
                                                    rule="storkey", rng=18, progress=False)),
    ("experiments.dense_stable_fraction", lambda: experiments.dense_stable_fraction(30, 20, trials=2,
                                                                        rng=19, degree=3)),
    ("experiments.one_update_correction", lambda: experiments.one_update_correction(40, 10, 0.2,
                                                                        recalls=3, rng=20)),
    *[(f"{module}.{memory.__class__.__name__}.dynamics", lambda memory=memory, cue=cue: stepped(
        memory.dynamics(cue, temperature=0.3, rng=21)))
      for module, memory, cue in (("hopfield", NETWORK, CUE), ("dense", DENSE["polynomial"], CUE),
                                  ("sparse", sparse.SparseNetwork(SPARSE_XI), SPARSE_XI[1]))],
    ("dense_classifier.shifted_letters", lambda: dense_classifier.shifted_letters("AB", 3,
                                                                                rng=22)),
    ("dense_classifier.train_dense_classifier", lambda: dense_classifier.train_dense_classifier(
        *dense_classifier.shifted_letters("AB", 10, rng=0), degree=3, n_memories=4, epochs=2,
        rng=23).memories),
    ("reference.energy_recall", lambda: reference.energy_recall(NETWORK.energy, CUE,
                                                               temperature=0.4, max_steps=3,
                                                               rng=24)),
    ("reference.hopfield_recall", lambda: reference.hopfield_recall(NETWORK.weights, CUE,
                                                                   temperature=0.4, max_steps=3,
                                                                   rng=25)),
    ("reference.exponential_recall", lambda: reference.exponential_recall(XI, CUE, beta=0.5,
                                                                         rng=28)),
    ("reference.checkerboard_metropolis", lambda: reference.checkerboard_metropolis(
        np.ones((6, 6)), 2.5, 3, rng=26)),
    ("reference.wolff_steps", lambda: reference.wolff_steps(np.ones((6, 6)), 2.5, 3, rng=27)),
]

# The base class's methods run through every subclass above.
ABSTRACT = {"memory.BinaryMemory.dynamics", "memory.BinaryMemory.recall"}


def stepped(dynamics, steps: int = 3):
    """The states a Dynamics visits in a few steps (half a sweep first)."""
    visited = [dynamics.state]
    dynamics.step(units=5)  # every memory here runs asynchronously
    visited.append(dynamics.state)
    for _ in range(steps):
        dynamics.step()
        visited.append(dynamics.state)
    return np.array(visited)


def _feed(value, digest) -> None:
    if dataclasses.is_dataclass(value):
        for field in dataclasses.fields(value):
            digest.update(field.name.encode())
            _feed(getattr(value, field.name), digest)
    elif isinstance(value, np.ndarray):
        digest.update(f"{value.dtype}{value.shape}".encode())
        digest.update(np.ascontiguousarray(value).tobytes())
    elif isinstance(value, (tuple, list)):
        for item in value:
            _feed(item, digest)
    else:
        digest.update(repr(value).encode())


def fingerprints() -> list[str]:
    """The SHA-256 of each call's result, in the order of CALLS."""
    result = []
    for _, call in all_calls():
        digest = hashlib.sha256()
        _feed(call(), digest)
        result.append(digest.hexdigest())
    return result


def all_calls() -> list:
    """This file's calls and every other test file's ``REPRODUCIBLE``."""
    calls = list(CALLS)
    for path in sorted(Path(__file__).resolve().parent.glob("test_*.py")):
        if path.stem != "test_reproducibility":
            calls += getattr(importlib.import_module(path.stem), "REPRODUCIBLE", [])
    return calls


def rng_taking_names() -> set[str]:
    """Every public function, class and method with an ``rng`` parameter."""
    return {entry.name for entry in public_api.entries() if "rng" in entry.parameters}


def test_every_function_that_takes_rng_is_run():
    names = rng_taking_names()
    assert {"ising.simulate", "patterns.flip", "hopfield.HopfieldNetwork.recall",
            "sparse.SparseNetwork.recall"} <= names
    assert not sorted(names - ABSTRACT - {name for name, _ in all_calls()})


def test_same_seed_same_result_whatever_the_global_random_state():
    first = fingerprints()
    np.random.seed(12345)
    random.seed(12345)
    assert fingerprints() == first


def test_same_seed_same_result_in_a_new_process():
    env = {**os.environ, "PYTHONHASHSEED": "271828"}
    output = subprocess.run([sys.executable, __file__], env=env, capture_output=True,
                            text=True, check=True, timeout=300).stdout
    assert json.loads(output) == fingerprints()


if __name__ == "__main__":
    print(json.dumps(fingerprints()))
