"""pyproject.toml and environment.yml must agree on every dependency and its lower bound, and
constraints/ must pin everything `make test` installs, within those bounds."""

import re
import sys
from pathlib import Path

import yaml
from packaging.requirements import Requirement

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent


def pyproject_dependencies() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        requirements += extra
    parsed = [Requirement(text) for text in requirements]
    return {r.name.lower(): str(r.specifier) for r in parsed}


def conda_dependencies() -> tuple[dict[str, str], list]:
    environment = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert environment["channels"] == ["conda-forge"]
    conda, pip = {}, []
    for entry in environment["dependencies"]:
        if isinstance(entry, dict):
            pip += entry["pip"]
            continue
        requirement = Requirement(entry)
        conda[requirement.name.lower()] = str(requirement.specifier)
    return conda, pip


def test_environment_matches_pyproject():
    conda, pip = conda_dependencies()
    python = conda.pop("python")
    conda.pop("pip")
    requires_python = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert python == requires_python
    assert pip == ["-e ."]
    wanted = pyproject_dependencies()
    only_pyproject = {name: spec for name, spec in wanted.items() if name not in conda}
    only_conda = {name: spec for name, spec in conda.items() if name not in wanted}
    different = {name: (wanted[name], conda[name]) for name in wanted.keys() & conda.keys()
                 if wanted[name] != conda[name]}
    assert not only_pyproject, f"missing from environment.yml: {only_pyproject}"
    assert not only_conda, f"missing from pyproject.toml: {only_conda}"
    assert not different, f"bounds differ (pyproject, environment.yml): {different}"


def test_every_dependency_has_a_lower_bound():
    for name, spec in pyproject_dependencies().items():
        assert spec.startswith(">="), f"{name} needs a lower bound, has {spec!r}"


def makefile_test_extras() -> str:
    """The extras `make test` installs (the Makefile's TEST_EXTRAS)."""
    for line in (ROOT / "Makefile").read_text().splitlines():
        if line.startswith("TEST_EXTRAS"):
            return line.partition("=")[2].strip()
    raise AssertionError("the Makefile defines no TEST_EXTRAS")


def test_constraints_pin_what_make_test_installs():
    """Each constraints file was made by `make lock` for the extras `make test` installs now,
    and pins every requirement that applies on its Python, inside pyproject.toml's bounds."""
    extras = makefile_test_extras()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = [Requirement(text) for text in project["dependencies"]]
    for extra in extras.split(","):
        requirements += [Requirement(text) for text in project["optional-dependencies"][extra]]
    files = sorted((ROOT / "constraints").glob("py*.txt"))
    oldest = re.fullmatch(r">=\s*(\d+\.\d+)", project["requires-python"]).group(1)
    assert files, "no constraints files: run `make lock`"
    assert (ROOT / "constraints" / f"py{oldest}.txt") in files, \
        f"the oldest Python pyproject.toml allows, {oldest}, has no constraints file"
    for path in files:
        python = path.stem[2:]
        text = path.read_text()
        locked = re.search(r"resolution of \.\[([^\]]*)\]", text)
        assert locked and locked.group(1) == extras, \
            f"{path.name} locks .[{locked and locked.group(1)}], make test installs .[{extras}]: " \
            "run `make lock`"
        pins = dict(line.split("==") for line in text.splitlines()
                    if line and not line.startswith("#"))
        for requirement in requirements:
            name = re.sub(r"[-_.]+", "-", requirement.name).lower()
            if requirement.marker and not requirement.marker.evaluate(
                    {"python_version": python, "python_full_version": f"{python}.0",
                     "extra": ""}):
                continue
            assert name in pins, f"{path.name} does not pin {name}: run `make lock`"
            assert requirement.specifier.contains(pins[name], prereleases=True), \
                f"{path.name} pins {name}=={pins[name]}, pyproject.toml asks {requirement}"
