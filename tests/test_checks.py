"""Every self-check passes a correct answer and rejects plausible wrong ones with a useful hint."""

import numpy as np
import pytest

from hopfield_edu import checks

# --- to_spins ---------------------------------------------------------------------------------


def to_spins(image):
    return np.where(np.asarray(image, dtype=bool), 1, -1)


def to_spins_times_two(image):
    return 2 * np.asarray(image)


def to_spins_swapped(image):
    return 1 - 2 * np.asarray(image, dtype=int)


def to_spins_unsigned(image):
    return 2 * image - 1


def to_spins_in_place(image):
    image[...] = 2 * np.asarray(image, dtype=int) - 1
    return image


# --- overlap ----------------------------------------------------------------------------------


def overlap(a, b):
    return np.mean(a * b)


def overlap_int8_dot(a, b):
    return np.dot(a, b) / len(a)


def overlap_not_normalised(a, b):
    return np.dot(a, b)


def overlap_fraction_agreeing(a, b):
    return np.mean(a == b)


def overlap_without_return(a, b):
    np.dot(a, b) / len(a)


# --- flip -------------------------------------------------------------------------------------


def flip(pattern, k, rng):
    result = pattern.copy()
    result[rng.choice(len(pattern), size=k, replace=False)] *= -1
    return result


def flip_with_replacement(pattern, k, rng):
    result = pattern.copy()
    result[rng.integers(0, len(pattern), size=k)] *= -1
    return result


def flip_in_place(pattern, k, rng):
    pattern[rng.choice(len(pattern), size=k, replace=False)] *= -1
    return pattern


def flip_first_units(pattern, k, rng):
    result = pattern.copy()
    result[:k] *= -1
    return result


def flip_to_zero(pattern, k, rng):
    result = pattern.copy()
    result[rng.choice(len(pattern), size=k, replace=False)] = 0
    return result


def not_implemented(*args):
    # YOUR CODE HERE
    raise NotImplementedError()


# check: (a correct implementation, [(a wrong one, a phrase its hint must contain), ...])
CASES = {
    checks.check_to_spins: (to_spins, [
        (to_spins_times_two, "returned the values {0, 2}"),
        (to_spins_swapped, "swapped black and white"),
        (to_spins_unsigned, "unsigned integers wrap around"),
        (to_spins_in_place, "changed the array it was given"),
        (not_implemented, "still raises NotImplementedError"),
    ]),
    checks.check_overlap: (overlap, [
        (overlap_not_normalised, "Divide the dot product by the number of units"),
        (overlap_int8_dot, "wraps around above 127"),
        (overlap_fraction_agreeing, "counts -1, not 0"),
        (overlap_without_return, "did you forget to return"),
        (not_implemented, "still raises NotImplementedError"),
    ]),
    checks.check_flip: (flip, [
        (flip_with_replacement, "replace=False"),
        (flip_in_place, "changed the array it was given"),
        (flip_first_units, "the same units for 5 different random generators"),
        (flip_to_zero, "a pattern holds only -1 and +1"),
        (not_implemented, "still raises NotImplementedError"),
    ]),
}


def test_every_check_is_tested_against_wrong_answers():
    public = {getattr(checks, name) for name in checks.__all__ if name.startswith("check_")}
    assert public == set(CASES)
    assert all(len(wrong) >= 1 for _, wrong in CASES.values())


@pytest.mark.parametrize("check", CASES, ids=lambda check: check.__name__)
def test_correct_answer_passes_in_one_line(check, capsys):
    check(CASES[check][0])
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1 and lines[0].startswith("✔")


@pytest.mark.parametrize("check, wrong, hint", [
    (check, wrong, hint) for check, (_, wrongs) in CASES.items() for wrong, hint in wrongs
], ids=lambda value: getattr(value, "__name__", ""))
def test_wrong_answer_gets_a_specific_hint(check, wrong, hint, capsys):
    with pytest.raises(checks.CheckFailed) as failure:
        check(wrong)
    assert hint in str(failure.value)
    assert capsys.readouterr().out == ""


def test_a_failed_check_shows_only_its_hint_in_ipython():
    with pytest.raises(checks.CheckFailed) as failure:
        checks.check_overlap(overlap_not_normalised)
    rendered = failure.value._render_traceback_()
    assert len(rendered) == 1 and "Divide the dot product" in rendered[0]
