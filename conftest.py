"""Loaded by pytest for every test path (tests/, notebooks/, solutions/), before any kernel starts.

The kernels that nbval and the browser tests start inherit this process's environment: give them
the BLAS kernels that wrote the notebooks' stored outputs (``KERNEL_ENV`` in
``tools/execute_notebooks.py``, which says why). And the plugin tests/stored_outputs.py, which
compares all that nbval's run of a notebook shows with its stored outputs, figures included.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "tools"))
sys.path.insert(0, str(Path(__file__).resolve().parent / "tests"))

import execute_notebooks  # noqa: E402

os.environ.update(execute_notebooks.KERNEL_ENV)

pytest_plugins = ["stored_outputs"]
