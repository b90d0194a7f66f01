"""Sphinx's configuration for the course's website; ``tools/make_site.py`` builds with it.

Everything a page needs is in the site itself: the theme's styles, scripts and icons ship with
it, MathJax is the copy in ``sphinx-mathjax-offline``, the search is Sphinx's own index, and no
widget script is loaded (widgets are stills, drawn by ``tools/widget_stills.py``).
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # slugs.py, beside this file

project = "hopfield-edu"
author = "The hopfield-edu authors"
copyright = "the hopfield-edu authors; code under the MIT License, text and figures CC BY 4.0"
html_title = "hopfield-edu: associative memory from the Ising model to attention"

extensions = ["myst_nb", "sphinx-mathjax-offline"]
root_doc = "index"
exclude_patterns = []
# An error output's traceback holding a check's ✘ trips the traceback lexer, which then
# highlights it in relaxed mode: harmless, and not a warning worth failing the build on.
suppress_warnings = ["misc.highlighting_failure"]

# The notebooks are shown with their stored outputs, never run.
nb_execution_mode = "off"
nb_merge_streams = True
# No ipywidgets manager from a CDN: tools/make_site.py turned every widget into a still.
nb_ipywidgets_js = {}
myst_enable_extensions = ["dollarmath", "amsmath"]
myst_heading_anchors = 3

# Headings get the anchors JupyterLab gives them, so a notebook's link to ``other.ipynb#A-heading``
# works on the site as it does in the lab.
myst_heading_slug_func = "slugs.jupyterlab_slug"

html_theme = "sphinx_book_theme"
html_static_path = ["static"]
html_css_files = ["course.css"]
html_favicon = "static/favicon.svg"
html_copy_source = False  # make_site.py puts each notebook, unchanged, beside its page
html_show_sourcelink = False
# The figures are drawn on white: light unless the reader switches (and the theme's script then
# has a mode to read; without one it logs an error on every page).
html_context = {"default_mode": "light"}
html_theme_options = {
    "home_page_in_toc": True,
    "show_toc_level": 2,
    "use_download_button": False,
    "use_fullscreen_button": False,
    "navigation_with_keys": False,
    "search_bar_text": "Search the course…",
}
