"""Interactive explorers for the notebooks, built with ipywidgets, one module per chapter.

Each explorer is a widget box: display it as the last line of a cell. It draws patterns with
the course's grey scale (:mod:`hopfield_edu._images`, the same map :mod:`hopfield_edu.plots`
uses) straight into the PNG of an ``ipywidgets.Image``, or, where speed does not matter, with
the plot functions themselves (:class:`NoiseExplorer`), and writes its numbers into an ``HTML``
readout, so its logic can be tested in plain pytest: set a control's ``value`` and read
``image.value`` and ``readout.value``. The recall explorers step through
:class:`hopfield_edu.memory.Dynamics`, the same dynamics ``recall`` runs.
"""

from .beta import BetaExplorer
from .boltzmann import DreamExplorer
from .dense import DenseExplorer
from .energy import EnergyExplorer
from .ising import IsingExplorer
from .noise import NoiseExplorer
from .phase import PhaseExplorer
from .recall import PatternEditor, RecallExplorer

__all__ = ["BetaExplorer", "DenseExplorer", "DreamExplorer", "EnergyExplorer", "IsingExplorer",
           "NoiseExplorer", "PatternEditor", "PhaseExplorer", "RecallExplorer"]
