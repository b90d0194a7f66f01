"""The package imports and runs from a read-only folder with an unwritable home directory.

That is a system-wide or container install: Numba cannot cache next to the code or under
~/.cache, and must be sent to a temporary folder instead of failing at import.
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = """
import numba.core.config, tempfile
import hopfield_edu as hf
from hopfield_edu import _kernels
assert hf.__file__.startswith({site!r}), hf.__file__
from hopfield_edu.widgets import NoiseExplorer

from hopfield_edu import ising

run = ising.simulate(8, 2.0, sweeps=5, rng=0)  # compiles Numba kernels with cache=True
assert run.energy.shape == (5,)
patterns = hf.letters("AB")
assert hf.overlap(hf.flip(patterns, 0.5, rng=0), patterns).shape == (2, 2)
NoiseExplorer("A", fraction=0.3)
assert numba.core.config.CACHE_DIR == _kernels.cache_dir, (numba.core.config.CACHE_DIR, _kernels.cache_dir)
assert _kernels.cache_dir.startswith(tempfile.gettempdir()), _kernels.cache_dir
import os
assert any(name.endswith(".nbi") for _, _, files in os.walk(_kernels.cache_dir) for name in files)
print("ran read-only")
"""


def read_only_command(script: str, folders: list[Path]) -> list[str]:
    """A command that runs ``script`` with ``folders`` read-only, even for root."""
    if os.geteuid() != 0:
        for folder in folders:
            subprocess.run(["chmod", "-R", "a-w", str(folder)], check=True)
        return [sys.executable, "-c", script]
    # root writes through permission bits: remount the folders read-only in a private mount
    # namespace instead.
    if shutil.which("unshare") is None:
        pytest.skip("running as root without unshare(1): cannot make a folder read-only")
    mounts = " && ".join(f"mount --bind '{f}' '{f}' && mount -o remount,bind,ro '{f}'"
                         for f in folders)
    return ["unshare", "--mount", "sh", "-c", f'{mounts} && exec "$0" -c "$1"',
            sys.executable, script]


def test_imports_and_runs_from_a_read_only_install(tmp_path):
    site, home = tmp_path / "site", tmp_path / "home"
    shutil.copytree(ROOT / "hopfield_edu", site / "hopfield_edu",
                    ignore=shutil.ignore_patterns("__pycache__"))
    home.mkdir()
    env = {key: value for key, value in os.environ.items()
           if key not in ("NUMBA_CACHE_DIR", "XDG_CACHE_HOME")}
    env.update(HOME=str(home), PYTHONPATH=str(site), MPLBACKEND="Agg",
               MPLCONFIGDIR=tempfile.mkdtemp(dir=tmp_path))
    try:
        result = subprocess.run(read_only_command(SCRIPT.format(site=str(site)), [site, home]),
                                cwd=tmp_path, env=env, capture_output=True, text=True,
                                timeout=300)
    finally:
        subprocess.run(["chmod", "-R", "u+w", str(tmp_path)], check=False)
    assert result.returncode == 0, result.stderr
    assert "ran read-only" in result.stdout
    assert not (site / "hopfield_edu" / "__pycache__").exists()
