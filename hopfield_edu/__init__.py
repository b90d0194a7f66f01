"""hopfield_edu: the library behind the hopfield-edu course on associative memory.

The course goes from the Ising model to classical Hopfield networks, Boltzmann machines, dense
associative memory and modern Hopfield networks, whose update is transformer attention. The
front door is here: patterns (random ones, letters, handwritten digits), the three memories and
attention, at the top level. Each idea has a module of its own (``ising``, ``spin_glass``,
``memory``, ``hopfield``, ``dense``, ``sparse``, ``hetero``, ``perceptron``, ``asymmetric``,
``storage``, ``separation``, ``forgetting``, ``boltzmann``, ``graded``, ``lagrangian``,
``two_layer``, ``modern``, ``transformer``, ``pooling``, ``datasets``, ``experiments``,
``thermal``, ``theory``, ``reference``, ``plots``, ``widgets``, ``checks``); ``docs/api.md`` lists
every public name.
"""

from .datasets import digits
from .transformer import attention
from .dense import DenseAssociativeMemory
from .hopfield import HopfieldNetwork, hebbian, pseudoinverse, storkey
from .memory import Recall
from .modern import ModernHopfield
from .patterns import flip, letters, mask, overlap, random_patterns

__version__ = "0.1.0"

__all__ = ["DenseAssociativeMemory", "HopfieldNetwork", "ModernHopfield", "Recall", "attention",
           "digits", "flip", "hebbian", "letters", "mask", "overlap", "pseudoinverse",
           "random_patterns", "storkey"]
