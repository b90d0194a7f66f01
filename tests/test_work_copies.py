"""The learner's own copies of the exercises: `make lab` makes them in work/ (git-ignored) and never
overwrites one; every chapter links to its exercises there, and every exercise, opened from
there, links back to chapters that exist. (The browser test of the chapters' links follows the
same links as JupyterLab renders them.)"""

import re
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted(ROOT.glob("notebooks/*.ipynb"))
EXERCISES = sorted(ROOT.glob("exercises/*.ipynb"))
LINK = re.compile(r"\]\(([^)\s#]+)(?:#[^)]*)?\)")


def relative_links(path: Path) -> list[str]:
    """The targets of the markdown links of a notebook that lead to another file of the course."""
    text = "\n".join(cell.source for cell in nbformat.read(path, as_version=4).cells
                     if cell.cell_type == "markdown")
    return [target for target in LINK.findall(text) if not re.match(r"[a-z][a-z0-9+.-]*:", target)]


def test_make_work_copies_each_missing_exercise_and_never_overwrites_one(tmp_path):
    shutil.copytree(ROOT / "exercises", tmp_path / "exercises")
    make = ["make", "--silent", "--file", str(ROOT / "Makefile"), "work"]
    subprocess.run(make, cwd=tmp_path, check=True)
    copies = sorted(path.name for path in (tmp_path / "work").iterdir())
    assert copies == [path.name for path in EXERCISES]
    answered, deleted = tmp_path / "work" / copies[0], tmp_path / "work" / copies[1]
    answered.write_text("the learner's answers")
    deleted.unlink()
    subprocess.run(make, cwd=tmp_path, check=True)
    assert answered.read_text() == "the learner's answers"
    assert deleted.read_bytes() == (tmp_path / "exercises" / deleted.name).read_bytes()
    ignored = subprocess.run(["git", "check-ignore", "--no-index", "--quiet", "work/x.ipynb"],
                             cwd=ROOT)
    assert ignored.returncode == 0, "git does not ignore work/"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda path: path.stem)
def test_each_chapter_links_to_the_learners_copy_of_its_exercises(chapter):
    links = relative_links(chapter)
    exercises = [path.name for path in EXERCISES if path.name[:2] == chapter.name[:2]]
    assert len(exercises) == 1
    assert f"../work/{exercises[0]}" in links
    assert not [link for link in links if link.startswith("../exercises/")], \
        "a link to exercises/ opens the course's own file, not the learner's copy"
    for link in links:  # a link into work/ reaches a file that `make lab` copies there
        if link.startswith("../work/"):
            assert (ROOT / "exercises" / link.removeprefix("../work/")).exists(), link


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda path: path.stem)
def test_each_exercise_opened_from_work_links_back_to_chapters_that_exist(exercise):
    links = relative_links(exercise)
    chapters = [link for link in links if link.startswith("../notebooks/")]
    assert chapters, f"{exercise.name} links to no chapter"
    for link in links:  # work/ sits where exercises/ does: the same relative links resolve
        assert (ROOT / "exercises" / link).resolve().exists(), f"{exercise.name} links to {link}"
    own = [path.name for path in CHAPTERS if path.name[:2] == exercise.name[:2]]
    if own:  # the capstone (13) has no chapter of its own
        assert f"../notebooks/{own[0]}" in chapters
