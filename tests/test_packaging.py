"""pyproject.toml and environment.yml must agree on every dependency and its lower bound."""

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
