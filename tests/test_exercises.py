"""exercises/ is generated from solutions/, and the check notices when it falls behind."""

import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import make_exercises  # noqa: E402


def test_solution_regions_become_stubs_at_their_indentation():
    source = ("import numpy as np\n\ndef f(x):\n    \"\"\"Doc.\"\"\"\n    ### BEGIN SOLUTION\n"
              "    y = 2 * x\n    return y\n    ### END SOLUTION\n\nresult = f(1)")
    assert make_exercises.strip_solutions(source, "test") == (
        "import numpy as np\n\ndef f(x):\n    \"\"\"Doc.\"\"\"\n    # YOUR CODE HERE\n"
        "    raise NotImplementedError()\n\nresult = f(1)")


@pytest.mark.parametrize("source, match", [
    ("### BEGIN SOLUTION\nx = 1", "never closed"),
    ("x = 1\n### END SOLUTION", "END SOLUTION without a BEGIN"),
    ("### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION", "inside another region"),
])
def test_unbalanced_markers_are_refused(source, match):
    with pytest.raises(ValueError, match=match):
        make_exercises.strip_solutions(source, "test")


def test_every_solution_notebook_has_an_exercise_without_answers_or_outputs():
    solutions = sorted((ROOT / "solutions").glob("*.ipynb"))
    assert solutions, "solutions/ holds no notebook"
    for solution in solutions:
        exercise = nbformat.read(ROOT / "exercises" / solution.name, as_version=4)
        code = [cell for cell in exercise.cells if cell.cell_type == "code"]
        assert not any(cell.outputs for cell in code)
        assert all(cell.execution_count is None for cell in code)
        assert not any("BEGIN SOLUTION" in cell.source for cell in code)
        assert any("raise NotImplementedError()" in cell.source for cell in code)


def run_check(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "tools" / "make_exercises.py"), "--check",
                           "--solutions", str(root / "solutions"),
                           "--exercises", str(root / "exercises")],
                          capture_output=True, text=True)


def test_check_fails_after_a_solution_is_edited_and_passes_once_regenerated(tmp_path):
    for folder in ("solutions", "exercises"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    assert run_check(tmp_path).returncode == 0

    edited = sorted((tmp_path / "solutions").glob("*.ipynb"))[0]
    notebook = nbformat.read(edited, as_version=4)
    notebook.cells.append(nbformat.v4.new_markdown_cell("A new hint for the learner."))
    nbformat.write(notebook, edited)
    result = run_check(tmp_path)
    assert result.returncode == 1
    assert f"exercises/{edited.name} is out of step" in result.stdout

    make_exercises.main(["--solutions", str(tmp_path / "solutions"),
                         "--exercises", str(tmp_path / "exercises")])
    assert run_check(tmp_path).returncode == 0


def test_check_fails_on_an_exercise_without_a_solution(tmp_path):
    for folder in ("solutions", "exercises"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    shutil.copy(next((tmp_path / "exercises").glob("*.ipynb")), tmp_path / "exercises" / "zz.ipynb")
    result = run_check(tmp_path)
    assert result.returncode == 1
    assert "exercises/zz.ipynb has no solutions/zz.ipynb" in result.stdout
