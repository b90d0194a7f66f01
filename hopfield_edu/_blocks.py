"""How much of a large array to handle at once, so that memory stays bounded.

Temporaries of about 2**20 numbers (8 MB of float64) keep BLAS fast and a computation over
10^5 patterns within a laptop's memory. Every blockwise loop of the library takes its size here.
"""

BLOCK_ELEMENTS = 2**20


def block_rows(width: int) -> int:
    """Rows of ``width`` numbers in one block of about :data:`BLOCK_ELEMENTS` numbers."""
    return max(1, BLOCK_ELEMENTS // width)
