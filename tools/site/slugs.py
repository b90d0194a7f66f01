"""Heading anchors for the course's website (``myst_heading_slug_func`` in ``conf.py``)."""


def jupyterlab_slug(title: str) -> str:
    """A heading's anchor as JupyterLab makes it: its text, with spaces made hyphens."""
    return title.strip().replace(" ", "-")
