"""Every Numba-compiled function of the course, in one place.

The kernels are pure functions: arrays and scalars in, arrays out. They do no input checking;
the model classes validate their arguments and then call these. Each is compiled on first use
and cached on disk (``cache=True``), so a notebook compiles only what it uses, and only once.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def _writable(folder: Path) -> bool:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            return True
    except OSError:
        return False


def _choose_cache_dir() -> str | None:
    """Where Numba should keep its cache, or None when its own default works.

    Numba writes its cache next to this file, else under the user's cache folder, and fails
    with a RuntimeError at import when neither is writable (a read-only install with an
    unwritable home). Then fall back to a folder in the temporary directory.
    """
    if os.environ.get("NUMBA_CACHE_DIR"):
        return None
    if _writable(Path(__file__).parent / "__pycache__"):
        return None
    user_cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "numba"
    if _writable(user_cache):
        return None
    user = os.getuid() if hasattr(os, "getuid") else os.getlogin()
    return str(Path(tempfile.gettempdir()) / f"hopfield_edu-numba-{user}")


_cache_dir = _choose_cache_dir()
if _cache_dir is not None:
    import numba.core.config

    os.environ["NUMBA_CACHE_DIR"] = _cache_dir
    numba.core.config.CACHE_DIR = _cache_dir

from numba import njit  # noqa: E402  (after the cache folder is settled)
