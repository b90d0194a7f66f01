"""One recall loop for every binary memory: the dynamics written once.

A binary memory is a network of units with two states (±1, or 0/1 for sparse codes) and an
energy E(s). Its dynamics is always the same: a unit takes whichever of its two states has the
lower energy (keeping its state on a tie), one unit at a time in a random order
(asynchronous) or all at once from the same old state (synchronous), or, at temperature T > 0,
takes its upper state with probability 1 / (1 + exp(-ΔE / T)) (Glauber 1963). Only how fast a
model finds each unit's energy gap ΔE differs, so each model (:class:`HopfieldNetwork`,
:class:`DenseAssociativeMemory`, :class:`SparseNetwork`) supplies its energy and its kernels,
and :class:`BinaryMemory` owns everything else: the loop, fixed points and two-cycles, the
record of a run, a batch of cues, the reader's own update rule, and a step-by-step
:class:`Dynamics` that the widgets use.

A unit's field is h_i = [E(s_i = low) - E(s_i = high)] / (high - low): the local field W s of
the classical network, half the energy gap of a dense memory's ±1 unit, and the field minus the
threshold of a 0/1 unit. Every rule here thresholds it at zero.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import _kernels
from ._validate import (as_generator, check_bool, check_choice, check_function, check_int,
                        check_real, check_states)

__all__ = ["MODES", "BinaryMemory", "Dynamics", "Recall"]

#: The two ways to update a binary memory: one unit at a time, or all units at once.
MODES = ("async", "sync")

_NO_UNIFORMS = np.empty(0)


@dataclass(frozen=True)
class Recall:
    """The result of :meth:`BinaryMemory.recall`.

    For one cue every field is a single value; for a batch of k cues ``state`` has shape
    ``(k, n_neurons)`` and ``converged``, ``steps`` and ``cycle_length`` are arrays of k.

    Attributes
    ----------
    state : numpy.ndarray
        The final state, ``int8``, read-only.
    converged : bool
        True when the dynamics reached its attractor: a fixed point, or a two-cycle under
        synchronous updates. Always False at temperature > 0, which never settles.
    steps : int
        Steps run; a step is a sweep, which updates every unit once.
    cycle_length : int
        1 for a fixed point, 2 for a two-cycle, 0 for neither within ``max_steps``.
    energies : numpy.ndarray or None
        With ``record=True``: the energy of the cue and after each step (None for a network
        without an energy, :class:`hopfield_edu.asymmetric.AsymmetricNetwork`).
    states : numpy.ndarray or None
        With ``record=True``: the cue and the state after each step, one row each.
    """

    state: np.ndarray
    converged: bool
    steps: int
    cycle_length: int
    energies: np.ndarray | None = None
    states: np.ndarray | None = None

    @classmethod
    def _of_one_run(cls, state: np.ndarray, steps: int, cycle_length: int) -> Recall:
        """The record of one cue's run without a record: the same fields as ``Recall(...)``
        gives, set at once (a frozen dataclass's ``__init__`` sets them one by one, which costs
        more than a short recall)."""
        result = object.__new__(cls)
        object.__setattr__(result, "__dict__", {
            "state": state, "converged": cycle_length > 0, "steps": steps,
            "cycle_length": cycle_length, "energies": None, "states": None})
        return result


class Dynamics:
    """The dynamics of a binary memory from one cue, run a step at a time.

    Made by :meth:`BinaryMemory.dynamics`; :meth:`BinaryMemory.recall` runs one to the end.
    Draws exactly the random numbers that ``recall`` draws, so stepping by hand with the same
    seed visits the same states: each sweep, a new order of the units as
    ``generator.permutation(n)`` gives it and, at T > 0, ``generator.random(n)``, drawn inside the
    compiled kernels from the Generator's own bit generator.

    Attributes
    ----------
    steps : int
        Whole steps (sweeps) made so far.
    cycle_length : int
        1 once a step changed nothing, 2 once a synchronous state came back after two steps;
        0 while neither (and always at temperature > 0).
    position : int
        Units of the current asynchronous sweep updated so far (0 between sweeps).
    """

    def __init__(self, memory: BinaryMemory, state: np.ndarray, mode: str, temperature: float,
                 generator: np.random.Generator, update):
        self._memory = memory
        self._state = state
        self._cache = memory._prepare(state)
        self._mode = mode
        self._glauber_beta = 0.0 if temperature == 0 else 1.0 / temperature
        self._generator = generator
        self._update = update
        self._previous = None
        self._stream = _kernels.numpy_stream(generator)
        self._order = np.empty(memory.n_neurons, np.int64)
        self._uniforms = np.empty(memory.n_neurons) if self._glauber_beta else _NO_UNIFORMS
        self._sweep_changes = 0
        self.steps = 0
        self.cycle_length = 0
        self.position = 0

    @property
    def state(self) -> np.ndarray:
        """A copy of the current state."""
        return self._state.copy()

    @property
    def energy(self) -> float:
        """The energy of the current state."""
        return self._memory._energy_from(self._state, self._cache)

    @property
    def converged(self) -> bool:
        """Whether the dynamics has reached a fixed point or a two-cycle."""
        return self.cycle_length > 0

    def step(self, units: int | None = None) -> int:
        """Update units; return how many changed.

        With ``units=None``, finish the current sweep (a whole sweep between sweeps). In
        asynchronous mode ``units=k`` updates only the next k units of the sweep in progress,
        so a reader can watch recall flip by flip.
        """
        if self._mode == "sync":
            if units is not None:
                raise ValueError(f"units applies to asynchronous updates, got units={units!r} "
                                 f"with mode='sync', whose step updates every unit at once")
            return self._sync_step()
        if units is None and self.position == 0 and self._update is None:
            return self._sweeps(1)
        n = self._memory.n_neurons
        stop = n if units is None else min(n, self.position + check_int(units, "units",
                                                                        minimum=1))
        if self.position == 0:
            _kernels.draw_sweep(self._order, self._uniforms, self._stream)
            self._sweep_changes = 0
        order = self._order[self.position:stop]
        if self._update is None:
            uniforms = self._uniforms[self.position:stop] if self._glauber_beta else _NO_UNIFORMS
            _, changes = self._memory._sweep(self._state, self._cache, order, uniforms,
                                             self._glauber_beta, 0, self._stream)
        else:
            changes = self._sweep_with_reader_rule(order)
        self._sweep_changes += changes
        self.position = 0 if stop == n else stop
        if stop == n:
            self.steps += 1
            if self._glauber_beta == 0 and self._sweep_changes == 0:
                self.cycle_length = 1
        return changes

    def run(self, max_steps: int) -> None:
        """Step until the dynamics settles or ``max_steps`` more steps have run.

        Whole asynchronous sweeps by the built-in rule run in one call of the compiled kernel,
        a whole recall at once; anything else a step at a time.
        """
        self._run(check_int(max_steps, "max_steps", minimum=1))

    def _run(self, max_steps: int) -> None:
        stop = self.steps + max_steps
        if self._mode == "async" and self._update is None and self.position == 0:
            if not self.cycle_length:
                self._sweeps(stop - self.steps)
            return
        while self.steps < stop and not self.cycle_length:
            self.step()

    def _sweeps(self, count: int) -> int:
        """Up to ``count`` whole sweeps in the kernel; the changes in the last one."""
        sweeps, changes = self._memory._sweep(self._state, self._cache, self._order,
                                              self._uniforms, self._glauber_beta, count,
                                              self._stream)
        self.steps += sweeps
        if self._glauber_beta == 0 and changes == 0:
            self.cycle_length = 1
        return changes

    def _sweep_with_reader_rule(self, order: np.ndarray) -> int:
        """Asynchronous updates by the reader's rule, in plain Python: one call per unit."""
        memory, changes = self._memory, 0
        for i in order:
            old = int(self._state[i])
            new = memory._checked_states(self._update(memory._unit_field(i, self._state,
                                                                          self._cache), old), 1)
            if new[0] != old:
                memory._set_unit(i, new[0], self._state, self._cache)
                changes += 1
        return changes

    def _sync_step(self) -> int:
        memory, state = self._memory, self._state
        if self._update is not None:
            new = memory._checked_states(self._update(memory._fields(state, self._cache),
                                                      state.copy()), state.size)
        else:
            new = memory._sync(state, self._cache, self._glauber_beta, self._generator)
        changes = int(np.count_nonzero(new != state))
        came_back = self._previous is not None and np.array_equal(new, self._previous)
        self._previous, self._state = state, new
        self._cache = memory._prepare(new)
        self.steps += 1
        if self._glauber_beta == 0:
            self.cycle_length = 1 if changes == 0 else (2 if came_back else 0)
        return changes


class BinaryMemory:
    """What every binary memory shares: its dynamics, written once.

    A subclass defines :attr:`n_neurons`, its energy and its kernels (the methods below whose
    names start with an underscore), and gets :meth:`recall`, :meth:`dynamics` and
    :meth:`energy`. ``tests/test_memory_contract.py`` checks every subclass listed there
    against the same contract: the energy never rises under asynchronous updates, synchronous
    runs end in period 1 or 2, stored patterns are fixed points at low load, recall equals
    :mod:`hopfield_edu.reference` (written straight from the energy), and bad cues are refused.
    """

    #: The states of a unit, low and high.
    values: tuple[int, int] = (-1, 1)

    #: False for dynamics without an energy (asymmetric couplings): a record keeps no energies.
    has_energy: bool = True

    @property
    def n_neurons(self) -> int:  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    # --- what a subclass defines ---------------------------------------------------------------

    def _check_states(self, value, name: str, ndim=1) -> np.ndarray:
        """A validated ``int8`` copy of one state (``ndim=1``) or of a batch of states as rows
        (``ndim=(1, 2)`` allows both), each of :attr:`n_neurons` units."""
        return check_states(value, name, self.n_neurons, ndim=ndim)

    def _prepare(self, state: np.ndarray):
        """The running quantity the kernels keep in step with the state (fields, overlaps)."""
        raise NotImplementedError

    def _energy_from(self, state: np.ndarray, cache) -> float:
        raise NotImplementedError

    def _sweep(self, state, cache, order, uniforms, glauber_beta, count, stream):
        """The compiled kernel: one pass over ``order`` (``count = 0``) or up to ``count`` whole
        sweeps drawn from ``stream``, in place; the sweeps run and the last one's changes (see
        :mod:`hopfield_edu._kernels.memory`)."""
        raise NotImplementedError

    def _settle(self, state, order, uniforms, glauber_beta, count, stream):
        """Up to ``count`` whole sweeps from ``state``, as :meth:`_sweep` makes them, where
        nothing but the state is kept (what :meth:`recall` runs for one cue)."""
        return self._sweep(state, self._prepare(state), order, uniforms, glauber_beta, count,
                           stream)

    def _fields(self, state: np.ndarray, cache) -> np.ndarray:
        """Every unit's field h (see the module's docstring), float64."""
        raise NotImplementedError

    def _unit_field(self, i: int, state: np.ndarray, cache) -> float:
        return float(self._fields(state, cache)[i])

    def _set_unit(self, i: int, new: int, state: np.ndarray, cache) -> None:
        """Set unit i to ``new`` and bring ``cache`` up to date."""
        raise NotImplementedError

    def _sync(self, state: np.ndarray, cache, glauber_beta: float,
              generator: np.random.Generator) -> np.ndarray:
        """Every unit decided from the same old state: a new state."""
        fields = self._fields(state, cache)
        low, high = self.values
        if glauber_beta == 0:
            return np.where(fields > 0, high, np.where(fields < 0, low, state)).astype(np.int8)
        with np.errstate(over="ignore"):  # 1 / (1 + inf) = 0: a unit far below its threshold
            p_high = 1.0 / (1.0 + np.exp(-glauber_beta * (high - low) * fields))
        return np.where(generator.random(state.size) < p_high, high, low).astype(np.int8)

    # --- what every memory gets ----------------------------------------------------------------

    def energy(self, state) -> float:
        """The energy of a state."""
        s = self._check_states(state, "state")
        return self._energy_from(s, self._prepare(s))

    def _checked_states(self, values, n: int) -> np.ndarray:
        """What a reader's update rule returned, as n unit states, or a clear error."""
        states = np.atleast_1d(np.asarray(values))
        if states.shape != (n,) or not np.all(np.isin(states, self.values)):
            low, high = self.values
            raise ValueError(f"update must return the new state: {low} or {high:+d} for each "
                             f"unit ({n} of them); it returned {values!r}")
        return states.astype(np.int8)

    def _start(self, cue, mode, temperature, rng, update):
        check_choice(mode, "mode", MODES)
        temperature = check_real(temperature, "temperature", minimum=0.0)
        if update is not None:
            check_function(update, "update(h, s)")
        if update is not None and temperature:
            raise ValueError("give either temperature or your own update rule, not both")
        return temperature, as_generator(rng)

    def dynamics(self, cue, *, mode: str = "async", temperature: float = 0.0, rng=None,
                 update=None) -> Dynamics:
        """The dynamics from ``cue``, to run a step at a time (see :meth:`recall`)."""
        state = self._check_states(cue, "cue")
        temperature, generator = self._start(cue, mode, temperature, rng, update)
        return Dynamics(self, state, mode, temperature, generator, update)

    def recall(self, cue, *, mode: str = "async", max_steps: int = 100,
               temperature: float = 0.0, rng=None, record: bool = False,
               update=None) -> Recall:
        """Run the dynamics from ``cue`` until it settles, or for ``max_steps`` steps.

        Parameters
        ----------
        cue : array, shape ``(n_neurons,)``, or ``(k, n_neurons)`` for a batch of k cues
        mode : {"async", "sync"}, optional
            "async": one unit at a time, in a new random order each sweep; the energy never
            rises and the dynamics ends in a fixed point. "sync": all units at once from the
            same state (Little 1974); with symmetric couplings it ends in a fixed point or a
            two-cycle (Goles-Chacc et al. 1985).
        max_steps : int, optional
            Sweeps at most; a sweep updates every unit once.
        temperature : float, optional
            0 for the deterministic rule (a unit with zero field keeps its state); T > 0 for
            Glauber dynamics, P(upper state) = 1 / (1 + exp(-ΔE / T)), which never settles and
            runs all ``max_steps``.
        rng : None, int or numpy.random.Generator, optional
            Draws the order of updates and, at T > 0, the unit states. A batch draws from one
            generator, cue after cue.
        record : bool, optional
            Keep the state and energy after each step (one cue only).
        update : callable, optional
            Your own update rule, run through the same loop: ``update(h, s)`` receives a unit's
            field and state (asynchronous mode; arrays of all of them in synchronous mode) and
            returns the new state. A sweep that changes nothing ends the recall, as for the
            built-in rule. Slower: it runs in Python, one call per unit.

        Returns
        -------
        Recall
        """
        cues = self._check_states(cue, "cue", ndim=(1, 2))
        max_steps = check_int(max_steps, "max_steps", minimum=1)
        record = check_bool(record, "record")
        temperature, generator = self._start(cue, mode, temperature, rng, update)
        if cues.ndim == 1 and mode == "async" and update is None and not record:
            return self._whole_sweeps(cues, max_steps, temperature, generator)
        if cues.ndim == 2:
            if record:
                raise ValueError("record=True keeps the run of one cue; give a single cue of "
                                 f"shape ({self.n_neurons},), not a batch")
            runs = [self._run(Dynamics(self, cue, mode, temperature, generator, update),
                              max_steps, False) for cue in cues]
            state = np.stack([run.state for run in runs])
            state.flags.writeable = False
            return Recall(state=state, converged=np.array([run.converged for run in runs]),
                          steps=np.array([run.steps for run in runs]),
                          cycle_length=np.array([run.cycle_length for run in runs]))
        return self._run(Dynamics(self, cues, mode, temperature, generator, update), max_steps,
                         record)

    def _whole_sweeps(self, state: np.ndarray, max_steps: int, temperature: float,
                      generator: np.random.Generator) -> Recall:
        """Asynchronous recall by the built-in rule from ``state`` (a fresh copy, changed in
        place): every sweep in one call of the kernel, the call :meth:`Dynamics.run` makes, with
        the same random numbers, without building a :class:`Dynamics` around it."""
        glauber_beta = 0.0 if temperature == 0 else 1.0 / temperature
        n = state.size
        steps, changes = self._settle(state, np.empty(n, np.int64),
                                      np.empty(n) if glauber_beta else _NO_UNIFORMS,
                                      glauber_beta, max_steps, _kernels.numpy_stream(generator))
        state.flags.writeable = False
        return Recall._of_one_run(state, steps, 1 if glauber_beta == 0 and changes == 0 else 0)

    @staticmethod
    def _run(dynamics: Dynamics, max_steps: int, record: bool) -> Recall:
        if not record:
            dynamics._run(max_steps)
        energies = [dynamics.energy] if record and dynamics._memory.has_energy else None
        states = [dynamics.state] if record else None
        while record and dynamics.steps < max_steps and not dynamics.cycle_length:
            dynamics.step()
            if energies is not None:
                energies.append(dynamics.energy)
            states.append(dynamics.state)
        state = dynamics._state
        state.flags.writeable = False
        return Recall(state=state, converged=dynamics.cycle_length > 0, steps=dynamics.steps,
                      cycle_length=dynamics.cycle_length,
                      energies=None if energies is None else np.array(energies),
                      states=np.array(states) if record else None)
