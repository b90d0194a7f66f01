"""hopfield_edu: the library behind the hopfield-edu course on associative memory.

The course goes from the Ising model to classical Hopfield networks, dense associative memory
and modern Hopfield networks, whose update is transformer attention. The pattern functions are
available at the top level; each chapter's models live in a module named after its idea.
"""

from .dense import DenseAssociativeMemory
from .hopfield import HopfieldNetwork, Recall, hebbian, pseudoinverse, storkey
from .modern import ModernHopfield, attention
from .patterns import flip, letters, mask, overlap, random_patterns

__version__ = "0.1.0"

__all__ = ["DenseAssociativeMemory", "HopfieldNetwork", "ModernHopfield", "Recall", "attention",
           "flip", "hebbian", "letters", "mask", "overlap", "pseudoinverse", "random_patterns",
           "storkey"]
