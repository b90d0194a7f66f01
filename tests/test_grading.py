"""The instructor kit (tools/make_assignment.py) end to end: nbgrader assignments for every
chapter, and a class graded in them.

The assignments of all chapters are generated and released by nbgrader (which checks their
metadata). Grading runs a kernel per notebook, for five students: the untouched hand-out of
every chapter, and one plausible mistake in every chapter (the rest of it answered as the
answer key does); in chapters 3 and 11, the answer key itself, edited and deleted cells with a
library shortcut, and files that are not the notebooks asked for.
"""

import ast
import re
import csv
import shutil
import sys
import time
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

nbgrader = pytest.importorskip("nbgrader", reason="the instructor extra: pip install '.[instructor]'")
import make_assignment  # noqa: E402
from make_exercises import strip_solutions  # noqa: E402

GRADED = ("03_hopfield", "11_modern_hopfield")
SOLUTIONS = sorted((ROOT / "solutions").glob("*.ipynb"))


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    folder = tmp_path_factory.mktemp("course")
    start = time.perf_counter()
    found = make_assignment.release(folder)
    print(f"released {len(found)} chapters in {time.perf_counter() - start:.1f} s")
    return folder, {chapter.name: chapter for chapter in found}


def _meta(cell) -> dict:
    return cell.metadata.get("nbgrader", {})


def _check_calls(notebook) -> list[str]:
    """Every check statement in a notebook's code, as written."""
    calls = []
    for cell in notebook.cells:
        if cell.cell_type == "code":
            tree = ast.parse(cell.source)
            calls += [ast.unparse(s) for s in tree.body if isinstance(s, ast.Expr)
                      and ast.unparse(s).startswith("checks.check_")]
    return calls


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda path: path.stem)
def test_every_chapter_is_an_assignment_whose_hand_out_holds_no_answer(course, path):
    folder, chapters = course
    solution = nbformat.read(path, as_version=4)
    source = nbformat.read(folder / "source" / path.stem / path.name, as_version=4)
    handout = nbformat.read(folder / "release" / path.stem / path.name, as_version=4)
    exercise = nbformat.read(ROOT / "exercises" / path.name, as_version=4)
    # every code cell is an answer, a test or locked; ids are unique
    code = [cell for cell in source.cells if cell.cell_type == "code"]
    assert all(_meta(cell) for cell in code)
    ids = [_meta(cell)["grade_id"] for cell in code]
    assert len(ids) == len(set(ids))
    # one point per self-check of the solution, each in a test cell of its own or its cell's
    tests = [cell for cell in code if _meta(cell)["grade"]]
    assert sum(_meta(cell)["points"] for cell in tests) == len(_check_calls(solution))
    assert sorted(_check_calls(solution)) == sorted(
        call for cell in tests for call in _check_calls(nbformat.v4.new_notebook(cells=[
            nbformat.v4.new_code_cell(cell.source)])) if "graded(" not in call)
    assert all(_meta(cell)["locked"] for cell in tests)
    # answers: the solution cells, and in the hand-out exactly the exercises' stubs
    answers = {_meta(c)["grade_id"]: c for c in source.cells if _meta(c).get("solution")}
    stubs = {_meta(c)["grade_id"]: c.source for c in handout.cells if _meta(c).get("solution")}
    assert set(stubs) == set(answers)
    assert set(stubs.values()) <= {cell.source for cell in exercise.cells} | {
        strip_solutions(cell.source, "") for cell in answers.values()}
    for cell in handout.cells:
        assert "BEGIN SOLUTION" not in cell.source and "HIDDEN TESTS" not in cell.source
        assert "graded(" not in cell.source
    # hidden tests: a graded run of each function answer, the whole check for a value answer
    for cell in tests:
        if "### BEGIN HIDDEN TESTS" in cell.source:
            hidden = cell.source.split("### BEGIN HIDDEN TESTS")[1]
            assert "graded(checks.check_" in hidden or hidden.lstrip().startswith("checks.check_")
    assert any("### BEGIN HIDDEN TESTS" in cell.source for cell in tests)
    # and every check of an answer function has its graded run, among other code too
    functions = {node.name for cell in answers.values() for node in ast.parse(cell.source).body
                 if isinstance(node, ast.FunctionDef)}
    for cell in tests:
        visible, _, hidden = cell.source.partition("### BEGIN HIDDEN TESTS")
        checks = [ast.parse(call).body[0].value for call in _check_calls(
            nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(visible)]))]
        of_functions = [call for call in checks if functions & {
            node.id for node in ast.walk(call) if isinstance(node, ast.Name)}]
        assert hidden.count("graded(") == len(of_functions), cell.source


def _answered(folder: Path, name: str) -> nbformat.NotebookNode:
    """The hand-out with the answer key's cells filled in: what a perfect student returns."""
    handout = nbformat.read(folder / "release" / name / f"{name}.ipynb", as_version=4)
    source = nbformat.read(folder / "source" / name / f"{name}.ipynb", as_version=4)
    answers = {_meta(c)["grade_id"]: c.source for c in source.cells if _meta(c).get("solution")}
    for cell in handout.cells:
        if _meta(cell).get("grade_id") in answers:
            cell.source = answers[_meta(cell)["grade_id"]]
    return handout


def _cell(notebook, grade_id):
    return next(cell for cell in notebook.cells if _meta(cell).get("grade_id") == grade_id)


def _replace(notebook, grade_id, old, new):
    cell = _cell(notebook, grade_id)
    assert old in cell.source
    cell.source = cell.source.replace(old, new)


NP_SIGN = ("np.where(h > 0, 1, np.where(h < 0, -1, s))", "np.sign(h)")  # zero field → 0
LN_DIMENSION = ("np.log(len(X))", "np.log(X.shape[1])")                # N taken as dimension

# One plausible mistake per chapter: (answer cell, its text, the mistaken text, the exercise
# that must lose its point, a phrase of the hint the learner must get for it)
MISTAKES = {
    # the root mean square of m for the mean of |m|
    "00_patterns": ("answer-cell-18", "np.sqrt(VARIANCE) * np.sqrt(2 / np.pi)",
                    "np.sqrt(VARIANCE)", "check_chance_overlap", "√(2/π) times it"),
    # ΔE = 2 s_i h_i without its 2
    "01_ising": ("answer-cell-23", "DELTA_E = 2 * 1 * 4", "DELTA_E = 4",
                 "check_acceptance_probability", "mind the factor 2"),
    # s = 0 solved from f instead of s = -∂f/∂T
    "02_mean_field_and_spin_glasses": ("answer-cell-16", "np.sqrt(np.log(2))", "np.log(2)",
                                       "check_annealed_entropy_zero", "through 1/T²"),
    "03_hopfield": ("answer-cycle_length", *NP_SIGN, "check_sync_cycle", "np.sign(0) is 0"),
    # the energy per unit with M for M²
    "04_capacity": ("answer-cell-16", "OVERLAP**2", "OVERLAP", "check_mixture_energy",
                    "carries a factor ½"),
    # T_g = 1 + α for 1 + √α
    "05_phase_diagram": ("answer-glass_temperature", "math.sqrt(alpha)", "alpha",
                         "check_glass_temperature", "q ≈ β² α r"),
    # a projector's stability with its diagonal still in place
    "06_learning_rules": ("answer-cell-18", "1 - P_ORTHOGONAL / N_ORTHOGONAL", "1.0",
                          "check_projector_stability", "with the diagonal kept"),
    "07_optimal_storage": ("answer-cover_count", "math.comb(p - 1, k)", "math.comb(p, k)",
                           "check_cover_count", "not binom(p, k)"),
    "08_boltzmann_machines": ("answer-couplings", "beta * xi.T @ xi", "xi.T @ xi",
                              "check_gaussian_couplings", "β is missing"),
    # the squared signal-to-noise ratio
    "09_dense_associative_memory": ("answer-snr", "float(np.sqrt(", "float((",
                                    "check_dense_snr", "the squared ratio"),
    # vᵀv for ½ vᵀv
    "10_one_energy": ("answer-adiabatic_energy", "0.5 * v @ v", "v @ v",
                      "check_adiabatic_energy", "takes back half of vᵀv"),
    "11_modern_hopfield": ("answer-energy", *LN_DIMENSION, "check_modern_energy",
                           "not their dimension"),
    # the transformer's 1/√d_k, without the widths of q and k
    "12_hopfield_and_attention": ("answer-score_scale", "(sigma_q * sigma_k * np.sqrt(d_k))",
                                  "np.sqrt(d_k)", "check_score_scale", "not the widths"),
    # N², the cost, for the number of patterns K at which K N = N²
    "13_capstone": ("answer-cell-6", "CROSSOVER = N ", "CROSSOVER = N * N ",
                    "check_capstone_conclusions", "65536 is N²"),
}
CHAPTERS = [path.stem for path in SOLUTIONS]


@pytest.fixture(scope="module")
def graded(course, tmp_path_factory):
    folder, _ = course
    submissions = tmp_path_factory.mktemp("submissions")
    for student in ("ada", "ben", "cy", "dee", "eve"):
        (submissions / student).mkdir()
    for name in GRADED:
        nbformat.write(_answered(folder, name), submissions / "ada" / f"{name}.ipynb")
    for name in CHAPTERS:
        shutil.copy(folder / "release" / name / f"{name}.ipynb", submissions / "ben")
        # cy: one plausible mistake per notebook
        answered = _answered(folder, name)
        _replace(answered, *MISTAKES[name][:3])
        nbformat.write(answered, submissions / "cy" / f"{name}.ipynb")
    # dee: the same mistake hidden by an edited test cell, an answer cell and a test cell
    # deleted, and the library's update called in place of her own
    hopfield, modern = _answered(folder, GRADED[0]), _answered(folder, GRADED[1])
    _replace(hopfield, "answer-cycle_length", *NP_SIGN)
    _cell(hopfield, "check_sync_cycle").source = "print('✔ cycle_length: correct')"
    hopfield.cells = [cell for cell in hopfield.cells if _meta(cell).get("grade_id")
                      not in ("answer-update_unit", "check_hebbian")]
    _cell(modern, "answer-update").source = (
        "def update(X, xi, beta):\n    return hf.modern.ModernHopfield(X, beta=beta).update(xi)")
    nbformat.write(hopfield, submissions / "dee" / f"{GRADED[0]}.ipynb")
    nbformat.write(modern, submissions / "dee" / f"{GRADED[1]}.ipynb")
    # eve: a renamed notebook, a file that is not one, and notes
    nbformat.write(_answered(folder, GRADED[0]), submissions / "eve" / f"{GRADED[0]} (1).ipynb")
    (submissions / "eve" / f"{GRADED[1]}.ipynb").write_text('{"cells": [', encoding="utf-8")
    (submissions / "eve" / "notes.txt").write_text("see you in class\n", encoding="utf-8")

    start = time.perf_counter()
    csv_path, report = make_assignment.grade(submissions, folder)
    print(f"graded in {time.perf_counter() - start:.1f} s")
    with open(csv_path, newline="", encoding="utf-8") as handle:
        rows = {row["student"]: row for row in csv.DictReader(handle)}
    return folder, rows, report.read_text(encoding="utf-8")


def _points(row, chapter, exercise):
    return float(row[f"{chapter}/{exercise} (1)"])


def _exercises(course, names=CHAPTERS):
    _, chapters = course
    return {name: [e.grade_id for e in chapters[name].exercises] for name in names}


def _student(report, name):
    """The lines of the grading report about one student."""
    return report.split(f"\n{name}: ")[1].split("\n\n")[0]


def test_the_gradebook_has_one_row_per_student_and_a_column_per_exercise(course, graded):
    _, rows, _ = graded
    assert sorted(rows) == ["ada", "ben", "cy", "dee", "eve"]
    columns = [key for key in rows["ada"] if "/" in key]
    assert columns == [f"{name}/{exercise} (1)" for name, exercises in _exercises(course).items()
                       for exercise in exercises]
    assert all(float(row["out of"]) == len(columns) for row in rows.values())


def test_the_solutions_score_full_marks_and_the_hand_out_zero(course, graded):
    _, rows, report = graded
    answered = [f"{name}/{exercise} (1)" for name, exercises in _exercises(course, GRADED).items()
                for exercise in exercises]
    assert all(float(rows["ada"][key]) == 1 for key in answered)
    assert float(rows["ada"]["total"]) == len(answered)  # and nothing for what she did not send
    assert f"{CHAPTERS[0]}: no {CHAPTERS[0]}.ipynb submitted; zero" in _student(report, "ada")
    assert all(float(rows["ben"][key]) == 0 for key in rows["ben"] if "/" in key)
    assert float(rows["ben"]["total"]) == 0


def test_one_mistake_loses_exactly_that_exercise_and_its_hint_is_the_feedback(course, graded):
    folder, rows, report = graded
    lost = {(name, exercise) for name, exercises in _exercises(course).items()
            for exercise in exercises if _points(rows["cy"], name, exercise) == 0}
    assert lost == {(name, exercise) for name, (*_, exercise, _) in MISTAKES.items()}
    assert float(rows["cy"]["total"]) == float(rows["cy"]["out of"]) - len(MISTAKES)
    cy = _student(report, "cy")
    for name, (*_, exercise, hint) in MISTAKES.items():  # each with the hint for that mistake
        assert f"{name}/{exercise}: ✘ Not yet." in cy and hint in cy, (name, hint)
    feedback = (folder / "feedback" / "cy" / GRADED[0] / f"{GRADED[0]}.html").read_text(
        encoding="utf-8")
    assert "np.sign(0) is 0" in feedback


def test_edited_and_deleted_cells_and_library_shortcuts_are_caught(course, graded):
    _, rows, report = graded
    dee = rows["dee"]
    assert _points(dee, GRADED[0], "check_sync_cycle") == 0        # the edit did not help
    assert _points(dee, GRADED[0], "check_hebbian") == 1           # the deleted test came back
    assert _points(dee, GRADED[0], "check_async_update") == 0      # the deleted answer did not
    assert _points(dee, GRADED[1], "check_modern_update") == 0     # the shortcut is refused
    assert _points(dee, GRADED[1], "check_modern_energy") == 1
    assert "test cell check_sync_cycle was edited" in report
    assert "cell answer-update_unit was deleted" in report
    assert "cell check_hebbian was deleted" in report
    assert "graded work does not" in report


def test_malformed_submissions_get_a_line_each_and_zero(graded):
    _, rows, report = graded
    assert float(rows["eve"]["total"]) == 0
    eve = report.split("\neve:")[1]
    assert f"{GRADED[0]} (1).ipynb: no chapter has this file name; it looks like " \
           f"{GRADED[0]}.ipynb renamed" in eve
    assert f"{GRADED[1]}.ipynb: not a notebook" in eve
    assert "notes.txt: not a notebook; ignored" in eve


def _minutes(first_cell: str, lead: str) -> int:
    """The time a notebook's first cell states after ``lead``: "about 45 minutes", "an hour"."""
    match = re.search(lead + r"\s*about\s+(an\s+hour|\d+\s+minutes)", first_cell)
    assert match, f"no '{lead} about …' in the first cell"
    return 60 if match[1].startswith("an") else int(match[1].split()[0])


def test_the_instructors_timing_table_is_the_notebooks_own():
    page = (ROOT / "docs" / "instructors.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\d+)\. .* \| (\d+) min \| (\d+) min \|$", page, flags=re.M)
    chapters = {int(path.name[:2]): path
                for path in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")}
    assert len(rows) == len(SOLUTIONS) and set(chapters) <= {int(s.name[:2]) for s in SOLUTIONS}
    for (number, reading, exercises), solution in zip(rows, SOLUTIONS):
        assert int(number) == int(solution.name[:2])
        chapter = chapters.get(int(number))  # the capstone has none: nothing to read
        first = "" if chapter is None else nbformat.read(chapter, as_version=4).cells[0].source
        assert int(reading) == (0 if chapter is None else
                                _minutes(first, r"\*\*It takes\*\*")), solution.name
        first = nbformat.read(solution, as_version=4).cells[0].source
        assert int(exercises) == _minutes(first, r"\*\*Time:\*\*"), solution.name
    total = re.search(r"\| \*\*Total\*\* \| \*\*([\d.]+) h\*\* \| \*\*([\d.]+) h\*\* \|", page)
    assert float(total[1]) == round(sum(int(r) for _, r, _ in rows) / 60, 1)
    assert float(total[2]) == round(sum(int(e) for _, _, e in rows) / 60, 1)
