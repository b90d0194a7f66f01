#!/usr/bin/env python3
"""The instructor kit: nbgrader assignments from solutions/, and grading of a class's work.

    python tools/make_assignment.py source              # nbgrader source notebooks, one
                                                        # assignment per chapter
    python tools/make_assignment.py release             # ... and the hand-outs, with no answers
    python tools/make_assignment.py grade SUBMISSIONS   # autograde SUBMISSIONS/<student>/*.ipynb

Everything goes into one nbgrader course folder (``--course``, by default ``_course/``, which git
ignores): ``source/``, ``release/`` (what students get), ``submitted/``, ``autograded/`` and
``feedback/`` (each student's graded notebooks, as HTML), the gradebook ``gradebook.db``, and
after grading ``gradebook.csv`` (one row per student, the points of every exercise) and
``grading-report.txt``. No JupyterHub is needed: nbgrader runs from this environment.

How a solution notebook becomes an assignment (the same ``### BEGIN SOLUTION`` regions that
tools/make_exercises.py turns into stubs, parsed by the same code):

- a cell with a solution region is an answer cell (nbgrader ``solution``); trailing self-check
  calls in it are split off into a cell of their own;
- each ``checks.check_*(...)`` statement is an autograded test cell worth one point. When the
  answer is a function, the visible check stays and a hidden test (``### BEGIN HIDDEN TESTS``)
  runs it again through ``hopfield_edu.checks._core.graded``, which fails when the learner's
  function calls the library function the check compares it with. When the answer is a value
  (a derivation, a prediction, a measurement), the check is hidden whole: visible, it would let
  a learner try values until one passes;
- a cell where checks stand among other code is one test cell, run as written, with the
  graded runs of its function answers hidden after it;
- every other code cell is locked: grading runs it as written in the hand-out.

Grading repairs what it can and says so, one line each, in the report: a test cell or locked
cell that was edited is restored (nbgrader does the same); a deleted cell is put back (an
answer cell as the unanswered stub, so it scores zero); a file that is not a notebook, or whose
name is not a chapter's, scores zero for that chapter. A failing exercise does not stop the
run: nbgrader executes every cell and records each test cell's error, whose message is the
self-check's hint. Grading judges against the assignments last released into the course
folder, not against solutions/ as it is now.
"""

from __future__ import annotations

import argparse
import ast
import csv
import importlib
import inspect
import os
import pkgutil
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_exercises import ROOT, solution_regions  # noqa: E402

COURSE = ROOT / "_course"
CHECK_CALL = re.compile(r"^checks\.(check_\w+)$")
CALLED = re.compile(r"\.\s*([A-Za-z_]\w*)|([A-Za-z_]\w*)\s*\(")
SCHEMA = 3
VALUE_NOTE = ("# This answer is checked when your work is graded, not here: a check you could\n"
              "# run would let you try values until one passed.")


# --- source notebooks -----------------------------------------------------------------------------


def library_names() -> frozenset[str]:
    """The name of every function, class and method of hopfield_edu: what ``allowed`` holds."""
    import hopfield_edu

    names = set()
    for info in pkgutil.walk_packages(hopfield_edu.__path__, "hopfield_edu."):
        for name, value in vars(importlib.import_module(info.name)).items():
            if inspect.isfunction(value) or inspect.isclass(value):
                names.add(name)
            if inspect.isclass(value) and value.__module__.startswith("hopfield_edu"):
                names.update(key for key, member in vars(value).items()
                             if callable(member) or isinstance(member, (property,
                                                                        classmethod,
                                                                        staticmethod)))
    return frozenset(names)


def _called_names(source: str) -> set[str]:
    """The names a piece of code calls or looks up as attributes: ``f(``, ``.f``."""
    return {attribute or called for attribute, called in CALLED.findall(source)}


def _check_statements(source: str) -> list[tuple[ast.stmt, str]] | None:
    """The top-level ``checks.check_*(...)`` statements of a cell, each with its check's name;
    None when the source does not parse."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    found = []
    for statement in tree.body:
        if (isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call)
                and (match := CHECK_CALL.match(ast.unparse(statement.value.func)))):
            found.append((statement, match[1]))
    return found


def _split_trailing_checks(source: str) -> tuple[str, str]:
    """A solution cell's source without, and with only, the check calls that end it."""
    tree = ast.parse(source)
    checks = {statement.lineno for statement, _ in _check_statements(source)}
    first = len(tree.body)
    while first > 0 and tree.body[first - 1].lineno in checks:
        first -= 1
    if first == len(tree.body):
        return source, ""
    lines = source.splitlines()
    cut = tree.body[first].lineno - 1
    return "\n".join(lines[:cut]).rstrip(), "\n".join(lines[cut:])


@dataclass
class Exercise:
    """One graded test cell: its nbgrader id (the check's name) and its points."""
    grade_id: str
    points: int


@dataclass
class Chapter:
    name: str                       # the notebook's stem, also the nbgrader assignment's name
    notebook: nbformat.NotebookNode
    exercises: list[Exercise] = field(default_factory=list)


def _metadata(grade_id: str, *, solution=False, grade=False, locked=False, points=0) -> dict:
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": SCHEMA,
            "solution": solution}
    if grade:
        meta["points"] = points
    return {"nbgrader": meta}


def _graded_run(statement: ast.stmt, source: str, allowed: dict[str, list[str]]) -> str | None:
    """The graded run of a check statement whose arguments name an answer function of the
    notebook's; None when none does (the answer is a value)."""
    call = statement.value
    names = {node.id for argument in [*call.args, *(k.value for k in call.keywords)]
             for node in ast.walk(argument) if isinstance(node, ast.Name)} & set(allowed)
    if not names:
        return None
    arguments = ", ".join([ast.unparse(call.func), *map(ast.unparse, call.args),
                           *map(ast.unparse, call.keywords)])
    allowed_text = repr(tuple(sorted({n for name in names for n in allowed[name]})))
    graded = f"graded({arguments}, allowed={allowed_text})"
    if len(graded) > 95:
        graded = f"graded({arguments},\n       allowed={allowed_text})"
    return graded


def _with_hidden_runs(text: str, runs: list[str]) -> str:
    """``text`` followed by the hidden, graded ``runs`` (nothing added when there are none)."""
    if not runs:
        return text
    return (f"{text}\n### BEGIN HIDDEN TESTS\n"
            f"from hopfield_edu.checks._core import graded  # the learner's own code must count\n"
            + "\n".join(runs) + "\n### END HIDDEN TESTS")


def _test_source(statement: ast.stmt, source: str, allowed: dict[str, list[str]]) -> str:
    """A test cell's source: the visible check and its hidden, graded run; or, when no answer
    is a function of the notebook's, the check hidden whole."""
    text = ast.get_source_segment(source, statement)
    run = _graded_run(statement, source, allowed)
    if run is None:
        return f"{VALUE_NOTE}\n### BEGIN HIDDEN TESTS\n{text}\n### END HIDDEN TESTS"
    return _with_hidden_runs(text, [run])


def source_notebook(solution: nbformat.NotebookNode, name: str,
                    library: frozenset[str]) -> Chapter:
    """The nbgrader source notebook of one solution notebook."""
    notebook = nbformat.from_dict(solution)
    notebook.metadata.pop("widgets", None)
    # what each answer function's own cell calls in its solution regions: a graded run lets the
    # learner call those library functions too
    cells, allowed = [], {}
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        lines = cell.source.splitlines()
        answer = "\n".join("\n".join(lines[begin:end]) for begin, end, _ in
                           solution_regions(cell.source, f"{name}, cell {index}"))
        try:
            defined = [node.name for node in ast.parse(cell.source).body
                       if isinstance(node, ast.FunctionDef)]
        except SyntaxError:
            continue
        for function in defined:
            allowed[function] = sorted(_called_names(answer) & library)
    chapter = Chapter(name, notebook)
    used_ids: set[str] = set()

    def unique(grade_id: str) -> str:
        candidate, k = grade_id, 2
        while candidate in used_ids:
            candidate, k = f"{grade_id}-{k}", k + 1
        used_ids.add(candidate)
        return candidate

    for index, cell in enumerate(notebook.cells):
        cell.pop("id", None)
        if cell.cell_type != "code":
            cells.append(cell)
            continue
        cell.outputs, cell.execution_count = [], None
        cell.metadata.pop("execution", None)
        tests = ""
        if solution_regions(cell.source, f"{name}, cell {index}"):
            try:
                cell.source, tests = _split_trailing_checks(cell.source)
                defined = [node.name for node in ast.parse(cell.source).body
                           if isinstance(node, ast.FunctionDef)]
            except SyntaxError:  # IPython syntax (a %magic): left whole, named by position
                defined = []
            cell.metadata.update(_metadata(unique(f"answer-{defined[0]}" if defined
                                                  else f"answer-cell-{index}"), solution=True))
            cells.append(cell)
            if not tests:
                continue
            source = tests
        else:
            source = cell.source
        statements = _check_statements(source) or []
        if not statements:
            cell.metadata.update(_metadata(unique(f"locked-{index}"), locked=True))
            cells.append(cell)
            continue
        if len(statements) == len(ast.parse(source).body):   # only checks: a test cell each
            parts = [(_test_source(statement, source, allowed), check, 1)
                     for statement, check in statements]
        else:  # checks among other code: one test cell, run as written, then graded runs
            runs = [run for statement, _ in statements
                    if (run := _graded_run(statement, source, allowed)) is not None]
            parts = [(_with_hidden_runs(source, runs), statements[0][1], len(statements))]
        for number, (text, check, points) in enumerate(parts):
            test = cell if number == 0 and not tests else nbformat.v4.new_code_cell()
            test.source = text
            grade_id = unique(check)
            test.metadata.update(_metadata(grade_id, grade=True, locked=True, points=points))
            chapter.exercises.append(Exercise(grade_id, points))
            cells.append(test)
    notebook.cells = cells
    for number, cell in enumerate(cells):
        cell.id = f"cell-{number}"  # stable, for clean diffs
    if not chapter.exercises:
        raise ValueError(f"{name} has no self-check: nothing to grade")
    nbformat.validate(notebook)
    return chapter


def chapters(solutions: Path = ROOT / "solutions") -> list[Chapter]:
    library = library_names()
    return [source_notebook(nbformat.read(path, as_version=4), path.stem, library)
            for path in sorted(solutions.glob("*.ipynb"))]


def _settings(course: Path) -> dict[str, dict[str, object]]:
    return {"CourseDirectory": {"root": str(course),
                                "db_url": f"sqlite:///{course / 'gradebook.db'}"},
            # as long as nbval allows a notebook cell: a learner's endless loop ends there
            "Execute": {"timeout": 300},
            "ClearSolutions": {"code_stub": {"python": "# YOUR CODE HERE\n"
                                                      "raise NotImplementedError()"}}}


def released(course: Path) -> list[Chapter]:
    """The chapters handed out from this course folder, as its source notebooks record them:
    grading judges a submission against what was handed out, even if solutions/ changed since."""
    found = []
    for path in sorted((course / "source").glob("*/*.ipynb")):
        if not (course / "release" / path.parent.name / path.name).exists():
            continue
        notebook = nbformat.read(path, as_version=4)
        exercises = [Exercise(meta["grade_id"], int(meta["points"]))
                     for cell in notebook.cells
                     if (meta := cell.metadata.get("nbgrader", {})).get("grade")]
        found.append(Chapter(path.stem, notebook, exercises))
    if not found:
        raise FileNotFoundError(f"{course} holds no released assignment: run `make assignment` "
                                f"(tools/make_assignment.py release) first")
    return found


def write_config(course: Path) -> None:
    """nbgrader_config.py, for running nbgrader's own commands in the course folder."""
    course.mkdir(parents=True, exist_ok=True)
    lines = ["# Written by tools/make_assignment.py; rewritten on every run.",
             "c = get_config()  # noqa: F821"]
    for section, values in _settings(course).items():
        lines += [f"c.{section}.{key} = {value!r}" for key, value in values.items()]
    (course / "nbgrader_config.py").write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_sources(course: Path, solutions: Path = ROOT / "solutions") -> list[Chapter]:
    found = chapters(solutions)
    shutil.rmtree(course / "source", ignore_errors=True)
    write_config(course)
    for chapter in found:
        folder = course / "source" / chapter.name
        folder.mkdir(parents=True)
        nbformat.write(chapter.notebook, folder / f"{chapter.name}.ipynb")
    return found


def nbgrader(course: Path):
    """nbgrader's own API on the course folder, in this process."""
    from nbgrader.apps import NbGraderAPI
    from traitlets.config import Config

    # nbgrader runs alembic, which lives beside this Python: put it first on the PATH
    bin_folder = str(Path(sys.executable).parent)
    if bin_folder not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = os.pathsep.join([bin_folder, os.environ.get("PATH", "")])
    config = Config()
    for section, values in _settings(course).items():
        for key, value in values.items():
            setattr(getattr(config, section), key, value)
    return NbGraderAPI(config=config)


def release(course: Path, solutions: Path = ROOT / "solutions") -> list[Chapter]:
    """Source notebooks and nbgrader's hand-outs (release/) of every chapter."""
    found = write_sources(course, solutions)
    api = nbgrader(course)
    for chapter in found:
        run = api.generate_assignment(chapter.name, force=True, create=True)
        if not run["success"]:
            raise RuntimeError(f"nbgrader generate_assignment {chapter.name} failed:\n"
                               f"{run.get('log', '')}{run.get('error', '')}")
    return found


# --- grading --------------------------------------------------------------------------------------


def _nbgrader_ids(notebook) -> list[str]:
    return [cell.metadata.nbgrader["grade_id"] for cell in notebook.cells
            if "nbgrader" in cell.metadata and "grade_id" in cell.metadata.nbgrader]


def repair(submitted: nbformat.NotebookNode, handout: nbformat.NotebookNode) -> list[str]:
    """Put a submission in shape for grading, in place; what was wrong, one phrase each.

    Cells of the hand-out missing from the submission go back after the hand-out cell before
    them (an answer cell as its unanswered stub); edited locked and test cells are restored.
    """
    problems = []
    present = {}
    for cell in submitted.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id is not None:
            present.setdefault(grade_id, cell)
    previous = None
    for cell in handout.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id is None:
            continue
        meta = cell.metadata.nbgrader
        if grade_id not in present:
            problems.append(f"cell {grade_id} was deleted" + (
                " (no answer: zero)" if meta.get("solution") else "; restored"))
            restored = nbformat.from_dict(cell)
            restored.id = f"restored-{grade_id}"
            at = submitted.cells.index(present[previous]) + 1 if previous else 0
            submitted.cells.insert(at, restored)
            present[grade_id] = restored
        elif meta.get("locked") and present[grade_id].source != cell.source:
            problems.append(f"{'test' if meta.get('grade') else 'locked'} cell {grade_id} was "
                            f"edited; the hand-out's version was run")
            present[grade_id].source = cell.source
        previous = grade_id
    return problems


@dataclass
class Student:
    name: str
    lines: list[str] = field(default_factory=list)     # the report's lines for this student
    graded: set[str] = field(default_factory=set)       # chapters submitted and graded
    named: set[str] = field(default_factory=set)        # chapters a report line is about


def collect(submissions: Path, course: Path, found: list[Chapter]) -> list[Student]:
    """Copy each student's notebooks into nbgrader's submitted/, repaired; report the rest."""
    by_file = {f"{chapter.name}.ipynb": chapter for chapter in found}
    # a chapter's exercises are named after its checks, which no other chapter has
    ids = {chapter.name: {e.grade_id for e in chapter.exercises} for chapter in found}
    shutil.rmtree(course / "submitted", ignore_errors=True)
    students = []
    for folder in sorted(path for path in submissions.iterdir() if path.is_dir()):
        student = Student(folder.name)
        students.append(student)
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            shown = path.relative_to(submissions)
            chapter = by_file.get(path.name)
            try:
                notebook = nbformat.read(path, as_version=4)
                nbformat.validate(notebook)
            except Exception as error:  # any unreadable file: say why, grade the rest
                reason = str(error).strip().splitlines()[0][:100] if str(error) else "unreadable"
                if chapter is not None or path.suffix == ".ipynb":
                    student.lines.append(f"{shown}: not a notebook ({reason}); zero for it")
                    student.named.add(path.stem)
                else:
                    student.lines.append(f"{shown}: not a notebook; ignored")
                continue
            if chapter is None:
                guess = [name for name, wanted in ids.items()
                         if wanted & set(_nbgrader_ids(notebook))]
                hint = (f"; it looks like {guess[0]}.ipynb renamed: rename it back to grade it"
                        if len(guess) == 1 else "")
                student.lines.append(f"{shown}: no chapter has this file name{hint}; not graded")
                student.named.update(guess[:1])
                continue
            if chapter.name in student.graded:
                student.lines.append(f"{shown}: a second copy of {path.name}; the first was "
                                     f"graded")
                continue
            handout = nbformat.read(course / "release" / chapter.name / path.name, as_version=4)
            for problem in repair(notebook, handout):
                student.lines.append(f"{shown}: {problem}")
            target = course / "submitted" / student.name / chapter.name / path.name
            target.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(notebook, target)
            student.graded.add(chapter.name)
    return students


def _hints(autograded: Path) -> dict[str, str]:
    """Each failed test cell's message in an autograded notebook: the self-check's hint."""
    hints = {}
    for cell in nbformat.read(autograded, as_version=4).cells:
        meta = cell.metadata.get("nbgrader", {})
        if not meta.get("grade") or cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            if output.output_type == "error":
                message = re.sub(r"\x1b\[[0-9;]*m", "", "".join(output.get("traceback", [])))
                hints[meta["grade_id"]] = message.replace("\n", " ")[:300] or output.ename
    return hints


def grade(submissions: Path, course: Path, *, feedback: bool = True) -> tuple[Path, Path]:
    """Autograde every student's notebooks against the released assignments; write the
    gradebook CSV and the report."""
    import warnings

    from nbgrader.api import Gradebook, MissingEntry
    from sqlalchemy.exc import SAWarning

    warnings.filterwarnings("ignore", category=SAWarning)  # nbgrader's own, harmless

    found = released(course)
    write_config(course)
    students = collect(submissions, course, found)
    shutil.rmtree(course / "autograded", ignore_errors=True)
    shutil.rmtree(course / "feedback", ignore_errors=True)
    graded = [chapter for chapter in found if any(chapter.name in s.graded for s in students)]
    api = nbgrader(course)
    log = course / "nbgrader.log"
    log.unlink(missing_ok=True)
    for chapter in graded:
        for student in students:
            if chapter.name not in student.graded:
                continue
            runs = [api.autograde(chapter.name, student.name, force=True, create=True)]
            if feedback and runs[0]["success"]:
                runs.append(api.generate_feedback(chapter.name, student.name, force=True))
            with open(log, "a", encoding="utf-8") as handle:
                for run in runs:
                    handle.write(run.get("log", "") + run.get("error", ""))
            if not all(run["success"] for run in runs):
                student.lines.append(f"{chapter.name}: nbgrader failed on it; see {log}")
    header = ["student"] + [f"{c.name}/{e.grade_id} ({e.points})" for c in graded
                            for e in c.exercises] + ["total", "out of"]
    rows = []
    with Gradebook(f"sqlite:///{(course / 'gradebook.db').resolve()}") as gradebook:
        for student in students:
            row, total = [student.name], 0.0
            for chapter in graded:
                autograded = (course / "autograded" / student.name / chapter.name
                              / f"{chapter.name}.ipynb")
                hints = _hints(autograded) if autograded.exists() else {}
                if chapter.name in student.graded and not autograded.exists():
                    student.lines.append(f"{chapter.name}: nbgrader could not grade it; zero")
                elif chapter.name not in student.graded | student.named:
                    student.lines.append(f"{chapter.name}: no {chapter.name}.ipynb submitted; "
                                         f"zero")
                for exercise in chapter.exercises:
                    try:
                        score = gradebook.find_grade(exercise.grade_id, chapter.name,
                                                     chapter.name, student.name).score
                    except MissingEntry:
                        score = 0.0
                    score = score if autograded.exists() else 0.0
                    if autograded.exists() and exercise.grade_id in hints:
                        student.lines.append(f"{chapter.name}/{exercise.grade_id}: "
                                             f"{hints[exercise.grade_id]}")
                    row.append(f"{score:g}")
                    total += score
            row += [f"{total:g}", f"{sum(e.points for c in graded for e in c.exercises):g}"]
            rows.append(row)
    csv_path = course / "gradebook.csv"
    with open(csv_path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([header, *rows])
    report = course / "grading-report.txt"
    lines = [f"Graded {len(students)} student{'s' * (len(students) != 1)} in {len(graded)} "
             f"chapter{'s' * (len(graded) != 1)} ({', '.join(c.name for c in graded)}); points in "
             f"{csv_path.name}, graded notebooks in autograded/, feedback in feedback/."]
    for student, row in zip(students, rows):
        lines.append(f"\n{student.name}: {row[-2]} of {row[-1]} points")
        lines += [f"  {line}" for line in student.lines]
    report.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return csv_path, report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--course", type=Path, default=COURSE,
                        help="the nbgrader course folder (default: _course/)")
    parser.add_argument("--solutions", type=Path, default=ROOT / "solutions")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("source", help="write the nbgrader source notebooks")
    commands.add_parser("release", help="source notebooks and the hand-outs (release/)")
    grading = commands.add_parser("grade", help="autograde a folder of submissions")
    grading.add_argument("submissions", type=Path,
                         help="a folder with one subfolder of notebooks per student")
    grading.add_argument("--no-feedback", action="store_true",
                         help="skip the HTML feedback (faster)")
    args = parser.parse_args(argv)
    course = args.course.resolve()
    if args.command == "source":
        found = write_sources(course, args.solutions)
        print(f"wrote {len(found)} source notebooks in {course / 'source'}")
    elif args.command == "release":
        found = release(course, args.solutions)
        points = sum(e.points for c in found for e in c.exercises)
        print(f"released {len(found)} chapters, {points} points, in {course / 'release'}")
    else:
        if not args.submissions.is_dir():
            parser.error(f"{args.submissions} is not a folder")
        try:
            csv_path, report = grade(args.submissions.resolve(), course,
                                     feedback=not args.no_feedback)
        except FileNotFoundError as error:
            parser.error(str(error))
        print(report.read_text(encoding="utf-8"), end="")
        print(f"gradebook: {csv_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
