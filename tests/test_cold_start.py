"""Importing the library compiles nothing: each Numba kernel is compiled on its first use, so a
notebook compiles only the kernels it calls (and caches them)."""

import os
import subprocess
import sys
from pathlib import Path

SCRIPT = """
import hopfield_edu, hopfield_edu.checks, hopfield_edu.experiments, hopfield_edu.widgets
from hopfield_edu import _kernels
kernels = [f for f in vars(_kernels).values() if hasattr(f, "signatures")]
assert len(kernels) > 10, len(kernels)
print(sum(len(f.signatures) for f in kernels))
"""


def test_importing_every_module_compiles_no_kernel(tmp_path):
    env = {**os.environ, "NUMBA_CACHE_DIR": str(tmp_path), "MPLBACKEND": "Agg"}
    result = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["0"]
    assert not any(Path(tmp_path).rglob("*.nbi")), "the import wrote to Numba's cache"
