"""The capstone's table check accepts tables measured in different ways and rejects wrong
entries with a hint that names the mistake."""

import copy

import numpy as np

from hopfield_edu import checks
from hopfield_edu.checks import CheckFailed
from hopfield_edu.checks.capstone import LOCAL, _measure


def _table(seed, cues_per_letter, numbers_classical=256 * 256):
    measured = _measure(np.random.default_rng(seed), cues_per_letter)
    return {name: {"fixed": fixed, "restored": restored, "cues": 26 * cues_per_letter,
                   "numbers": numbers_classical if name in ("hebbian", "pseudoinverse")
                   else 26 * 256, "local": LOCAL[name]}
            for name, (fixed, restored) in measured.items()}


RIGHT = _table(1, 4)


def _changed(name, column, value):
    table = copy.deepcopy(RIGHT)
    table[name][column] = value
    return table


CHECK_CASES = {
    checks.check_memory_table: ([
        RIGHT,
        _table(2, 2, numbers_classical=256 * 255 // 2),   # fewer cues, the symmetric count
        _table(3, 10, numbers_classical=256 * 255),
    ], [
        (_changed("hebbian", "fixed", 26), "letters are correlated"),
        (_changed("dense", "restored", 0.9), "recall to a fixed point"),
        (_changed("modern", "numbers", 256 * 256), "keeps the patterns themselves"),
        (_changed("pseudoinverse", "local", True), "needs the inverse of the overlaps"),
        (_changed("dense", "local", False), "from its own units"),
        ({"hebbian": {}}, "one entry for each memory"),
        (_changed("modern", "cues", 5), "at least one per letter"),
    ]),
    checks.check_capstone_conclusions: ([
        ({"pseudoinverse", "modern"}, 256),
        (["modern", "pseudoinverse"], 256.0),                 # a list, in another order
        (("pseudoinverse", "modern"), np.int64(256 ** 2 // 256)),
    ], [
        (({"pseudoinverse", "modern", "dense"}, 256), "dense holds 1 of 26 letters"),
        (({"pseudoinverse"}, 256), "modern holds all 26 letters"),
        (({"modern"}, 256), "pseudoinverse holds all 26 letters"),
        (({"pseudoinverse", "modern"}, 65536), "N², the numbers themselves"),
        (({"pseudoinverse", "modern"}, 26), "how many letters you stored"),
        (({"pseudoinverse", "modern"}, 16), "the side of a letter"),
        (({"pseudoinverse", "modern"}, 6656), "K N for the 26 letters"),
        (({"pseudoinverse", "modern"}, 100), "K N = N² at K = N"),
        (("modern", 256), "must be a set of the memories' names"),
        (({"hopfield"}, 256), "must be a set of the memories' names"),
        (({"pseudoinverse", "modern"}, "256"), "crossover must be a number"),
    ]),
}

BAD_INPUT = [
    ("checks.check_memory_table", checks.check_memory_table, [1, 2, 3], CheckFailed,
     ["table must be a dict with one entry for each memory", "got [1, 2, 3]"]),
    ("checks.check_capstone_conclusions",
     lambda reliable: checks.check_capstone_conclusions(reliable, 256), "modern", CheckFailed,
     ["reliable must be a set of the memories' names", "got 'modern'"]),
]


def test_every_check_of_the_capstone_has_cases():
    from hopfield_edu.checks import capstone

    assert set(CHECK_CASES) == {getattr(checks, name) for name in capstone.__all__}
