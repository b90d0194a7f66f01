"""One contract for every binary memory, in the manner of scikit-learn's ``parametrize_with_checks``.

Each memory in ``MEMORIES`` is built from random patterns at a low load and must satisfy what the
course teaches about all of them:

- the energy never rises under asynchronous updates;
- synchronous runs end in a fixed point or a two-cycle (period 1 or 2);
- stored patterns are fixed points at low load;
- recall equals ``reference.energy_recall``, written straight from the memory's energy (each unit
  takes its lower-energy state), drawing the same random numbers: asynchronous and synchronous,
  at zero and positive temperature; the compiled kernels have no other definition to meet;
- stepping by hand through ``dynamics()`` (a whole sweep, or a few units at a time) visits the
  states ``recall`` visits, and the reader's ``update=`` hook with the built-in rule changes
  nothing;
- the same seed gives the same result; bad cues are refused with a clear error.

A new memory class gets all of it by being listed once.
"""

import numpy as np
import pytest

import hopfield_edu as hf
from hopfield_edu import reference
from hopfield_edu.dense import DenseAssociativeMemory
from hopfield_edu.hopfield import HopfieldNetwork, hebbian
from hopfield_edu.sparse import SparseNetwork, sparse_patterns

N = 61  # odd: Hebbian fields can be exactly zero for any number of patterns, so ties occur


def spins(rng, p=4):
    return hf.random_patterns(p, N, rng=rng)


# (name, build(rng) -> (memory, stored patterns))
MEMORIES = [
    ("hopfield-hebbian", lambda rng: (HopfieldNetwork.from_patterns(xi := spins(rng)), xi)),
    # integer weights (N·W), exact in floating point like the Hebbian counts, so that fields
    # which should be zero are zero and the reference's energy differences see the same ties
    ("hopfield-weights", lambda rng: (HopfieldNetwork(N * hebbian(xi := spins(rng))), xi)),
    ("hopfield-storkey", lambda rng: (HopfieldNetwork.from_patterns(xi := spins(rng),
                                                                    rule="storkey"), xi)),
    ("hopfield-pseudoinverse", lambda rng: (HopfieldNetwork.from_patterns(
        xi := spins(rng, 8), rule="pseudoinverse"), xi)),
    ("dense-polynomial", lambda rng: (DenseAssociativeMemory(xi := spins(rng, 12), degree=3), xi)),
    ("dense-rectified", lambda rng: (DenseAssociativeMemory(xi := spins(rng, 12), degree=4,
                                                            rectified=True), xi)),
    ("dense-exponential", lambda rng: (DenseAssociativeMemory(
        xi := spins(rng, 30), interaction="exponential", beta=0.2), xi)),
    ("sparse", lambda rng: (SparseNetwork(xi := sparse_patterns(4, N, 0.15, rng=rng)), xi)),
]
IDS = [name for name, _ in MEMORIES]
BUILDS = [build for _, build in MEMORIES]


def cue_for(memory, pattern, rng, fraction=0.3):
    """A stored pattern with a fraction of its units set to the other value."""
    low, high = memory.values
    flipped = rng.random(pattern.size) < fraction
    return np.where(flipped, low + high - pattern, pattern).astype(np.int8)


@pytest.mark.parametrize("build", BUILDS, ids=IDS)
def test_energy_never_rises_under_asynchronous_updates(build):
    rng = np.random.default_rng(1)
    memory, xi = build(rng)
    for k in range(6):
        start = cue_for(memory, xi[k % len(xi)], rng, fraction=0.45)
        energies = memory.recall(start, rng=rng, record=True).energies
        scale = max(1.0, np.abs(energies).max())
        assert np.all(np.diff(energies) <= 1e-12 * scale), energies


@pytest.mark.parametrize("build", BUILDS, ids=IDS)
def test_synchronous_runs_end_in_period_one_or_two(build):
    rng = np.random.default_rng(2)
    memory, xi = build(rng)
    lengths = set()
    for k in range(10):
        result = memory.recall(cue_for(memory, xi[k % len(xi)], rng, fraction=0.5),
                               mode="sync", max_steps=200)
        assert result.converged and result.cycle_length in (1, 2)
        lengths.add(result.cycle_length)
    assert 1 in lengths


@pytest.mark.parametrize("build", BUILDS, ids=IDS)
def test_stored_patterns_are_fixed_points_at_low_load(build):
    memory, xi = build(np.random.default_rng(3))
    for pattern in xi:
        result = memory.recall(pattern, max_steps=1, rng=0)
        assert result.cycle_length == 1 and np.array_equal(result.state, pattern)


@pytest.mark.parametrize("temperature", [0.0, 0.6])
@pytest.mark.parametrize("mode", ["async", "sync"])
@pytest.mark.parametrize("build", BUILDS, ids=IDS)
def test_recall_equals_the_reference_written_from_the_energy(build, mode, temperature):
    rng = np.random.default_rng(4)
    memory, xi = build(rng)
    # cues near a memory, and cues far from all of them, where fields are small and ties and
    # near-ties are common: the cases a subtly wrong kernel gets wrong
    cues = ([cue_for(memory, xi[k], rng, 0.2) for k in range(3)]
            + [cue_for(memory, xi[k % len(xi)], rng, 0.5) for k in range(8)])
    for k, cue in enumerate(cues):
        fast = memory.recall(cue, mode=mode, temperature=temperature, max_steps=8, rng=10 + k)
        slow = reference.energy_recall(memory.energy, cue, values=memory.values, mode=mode,
                                       temperature=temperature, max_steps=8, rng=10 + k)
        assert np.array_equal(fast.state, slow.state)
        assert (fast.steps, fast.cycle_length) == (slow.steps, slow.cycle_length)


@pytest.mark.parametrize("build", BUILDS, ids=IDS)
def test_stepping_by_hand_visits_the_states_recall_visits(build):
    rng = np.random.default_rng(5)
    memory, xi = build(rng)
    cue = cue_for(memory, xi[0], rng, fraction=0.4)
    recorded = memory.recall(cue, rng=7, record=True)
    by_hand = memory.dynamics(cue, rng=7)
    visited = [by_hand.state]
    while not by_hand.converged:
        while True:  # seven units at a time: a sweep ends when the position returns to 0
            by_hand.step(units=7)
            if by_hand.position == 0:
                break
        visited.append(by_hand.state)
        assert by_hand.energy == pytest.approx(recorded.energies[len(visited) - 1], abs=1e-9)
    assert np.array_equal(np.array(visited), recorded.states)
    assert by_hand.steps == recorded.steps


@pytest.mark.parametrize("mode", ["async", "sync"])
@pytest.mark.parametrize("build", BUILDS, ids=IDS)
def test_the_update_hook_with_the_built_in_rule_changes_nothing(build, mode):
    rng = np.random.default_rng(6)
    memory, xi = build(rng)
    low, high = memory.values

    def rule(h, s):  # the built-in rule, as a reader would write it
        return np.where(h > 0, high, np.where(h < 0, low, s))

    cue = cue_for(memory, xi[1], rng)
    built_in = memory.recall(cue, mode=mode, rng=8, record=True)
    mine = memory.recall(cue, mode=mode, rng=8, record=True, update=rule)
    assert np.array_equal(mine.states, built_in.states)
    assert (mine.steps, mine.cycle_length) == (built_in.steps, built_in.cycle_length)


@pytest.mark.parametrize("build", BUILDS, ids=IDS)
def test_same_seed_same_result_and_a_batch_is_one_cue_after_another(build):
    rng = np.random.default_rng(7)
    memory, xi = build(rng)
    cues = np.stack([cue_for(memory, pattern, rng) for pattern in xi])
    first = memory.recall(cues[0], temperature=0.5, max_steps=4, rng=3, record=True)
    again = memory.recall(cues[0], temperature=0.5, max_steps=4, rng=3, record=True)
    assert np.array_equal(first.states, again.states)
    batch = memory.recall(cues, rng=np.random.default_rng(9))
    generator = np.random.default_rng(9)
    for k, cue in enumerate(cues):
        single = memory.recall(cue, rng=generator)
        assert np.array_equal(batch.state[k], single.state)
        assert batch.steps[k] == single.steps and batch.cycle_length[k] == single.cycle_length


@pytest.mark.parametrize("build", BUILDS, ids=IDS)
def test_bad_cues_are_refused(build):
    memory, xi = build(np.random.default_rng(8))
    low, high = memory.values
    other = (0, 1) if (low, high) == (-1, 1) else (-1, 1)
    bad = [(np.full(N - 1, high), f"cue must have {N} units"),
           (np.where(xi[0] == high, other[1], other[0]), "cue must hold only"),
           (np.where(np.arange(N) == 3, np.nan, xi[0]), "NaN"),
           (np.ones((2, 3, N)), "cue must have shape")]
    for cue, message in bad:
        with pytest.raises(ValueError, match=message):
            memory.recall(cue)
    with pytest.raises(ValueError, match="record=True keeps the run of one cue"):
        memory.recall(xi, record=True)
    with pytest.raises(ValueError, match="units applies to asynchronous updates"):
        memory.dynamics(xi[0], mode="sync").step(units=3)
