"""A widget's saved state drawn as plain HTML: a still of the explorer for the course's website.

A notebook run by ``tools/execute_notebooks.py`` stores every widget's state in its metadata
(``application/vnd.jupyter.widget-state+json``). A static site could hand that state to the
ipywidgets HTML manager, but the controls would then move while nothing they drive changes (the
kernel is gone), and the manager is a script from the network. Instead each widget becomes the
picture it showed: its images, its readouts, and its controls drawn disabled at their saved
values, with a note saying where they move. ``tools/make_site.py`` calls :func:`still`.

A notebook opened before it is run has the same problem in JupyterLab: the widget's view cannot
be drawn (no kernel holds its model yet), and JupyterLab shows the output's next-best form,
which for a widget is a Python dump of its children. :func:`pictures` photographs the same
stills in Chromium (the site's stylesheet, the note :data:`RUN_ME`), and
``tools/execute_notebooks.py`` stores each beside the widget's view, as a PNG.
"""

from __future__ import annotations

import concurrent.futures
import html
import math
import os
import struct
import zlib
from pathlib import Path

__all__ = ["still", "interactive", "pictures", "stamped", "RUN_ME"]

PREFIX = "IPY_MODEL_"
# The layout properties a still keeps (ipywidgets' names; CSS's with dashes).
LAYOUT = ("width", "height", "margin", "padding", "align_items", "grid_gap",
          "grid_template_columns", "grid_template_rows", "border_top", "border_right",
          "border_bottom", "border_left")
CONTROLS = {"FloatSliderModel", "IntSliderModel", "FloatLogSliderModel", "DropdownModel",
            "ButtonModel", "ToggleButtonModel", "TextModel", "CheckboxModel"}
RUN_ME = "Run this cell to use its controls"
NOTE = ("A still of this explorer as the notebook saved it: the page has no Python behind it. "
        "To use its controls, run the notebook in JupyterLab (<code>make lab</code>).")


def _models(state: dict, model_id: str):
    """The model ``model_id`` and every model below it in the widget tree."""
    model = state[model_id]
    yield model
    for child in model["state"].get("children", []):
        yield from _models(state, child.removeprefix(PREFIX))


def interactive(state: dict, model_id: str) -> bool:
    """Whether the widget has a control a reader would move (progress bars have none)."""
    return any(model["model_name"] in CONTROLS for model in _models(state, model_id))


def _style(state: dict, widget: dict, **extra: str) -> str:
    """The inline CSS of a widget's layout (and its style's colour), plus ``extra``."""
    rules = dict(extra)
    layout = state.get(widget.get("layout", "").removeprefix(PREFIX), {}).get("state", {})
    for key in LAYOUT:
        if layout.get(key):
            rules[key.replace("_", "-")] = layout[key]
    colour = state.get(widget.get("style", "").removeprefix(PREFIX), {}).get("state", {})
    if colour.get("button_color"):
        rules["background-color"] = colour["button_color"]
    text = "; ".join(f"{key}: {value}" for key, value in rules.items())
    return f' style="{html.escape(text)}"' if text else ""


def _number(value: float, fmt: str) -> str:
    """A readout in the widget's d3 format (``.2f``, ``.0%``, ``d``), which Python shares."""
    try:
        return format(value, fmt)
    except (TypeError, ValueError):
        return str(value)


def _label(widget: dict) -> str:
    description = widget.get("description") or ""
    return f'<span class="still-label">{html.escape(description)}</span>' if description else ""


def _slider(widget: dict, name: str) -> str:
    value, low, high, step = widget["value"], widget["min"], widget["max"], widget.get("step")
    if name == "FloatLogSliderModel":  # min and max are exponents of base
        value, step = math.log(value, widget["base"]), None
    shown = _number(widget["value"], widget.get("readout_format") or "")
    step_attribute = f' step="{step}"' if step else ' step="any"'
    label = html.escape(widget["description"])
    return (f'{_label(widget)}<input type="range" disabled min="{low}" max="{high}"'
            f'{step_attribute} value="{value:.6g}" aria-label="{label}">'
            f'<span class="still-readout">{html.escape(shown)}</span>')


def _render(state: dict, model_id: str) -> str:
    model = state[model_id.removeprefix(PREFIX)]
    name, widget = model["model_name"], model["state"]
    if name in ("HBoxModel", "VBoxModel", "BoxModel", "GridBoxModel"):
        kind = name.removesuffix("Model").lower()
        inner = "".join(_render(state, child) for child in widget["children"])
        return f'<div class="still-{kind}"{_style(state, widget)}>{inner}</div>'
    if name == "ImageModel":
        (buffer,) = [b for b in model.get("buffers", []) if b["path"] == ["value"]]
        if not buffer["data"]:  # an image the widget draws only when asked: nothing shown yet
            return ""
        size = "".join(f' {key}="{widget[key]}"' for key in ("width", "height") if widget[key])
        return (f'<img class="still-image" alt="the image the widget showed"{size}'
                f' src="data:image/{widget["format"]};base64,{buffer["data"]}"'
                f'{_style(state, widget)}>')
    if name in ("HTMLModel", "LabelModel"):  # the library's own readouts: its HTML as written
        value = widget["value"] if name == "HTMLModel" else html.escape(widget["value"])
        return f'<div class="still-html"{_style(state, widget)}>{_label(widget)}{value}</div>'
    if name in ("FloatSliderModel", "IntSliderModel", "FloatLogSliderModel"):
        return f'<div class="still-control"{_style(state, widget)}>{_slider(widget, name)}</div>'
    if name == "DropdownModel":
        options = "".join(f'<option{" selected" if i == widget["index"] else ""}>'
                          f'{html.escape(label)}</option>'
                          for i, label in enumerate(widget["_options_labels"]))
        return (f'<div class="still-control"{_style(state, widget)}>{_label(widget)}'
                f'<select disabled aria-label="{html.escape(widget["description"])}">'
                f'{options}</select></div>')
    if name in ("ButtonModel", "ToggleButtonModel"):
        pressed = f' aria-pressed="{str(widget["value"]).lower()}"' if "value" in widget else ""
        return (f'<button type="button" class="still-button" disabled{pressed}'
                f'{_style(state, widget)}>{html.escape(widget["description"])}</button>')
    if name == "TextModel":
        return (f'<div class="still-control"{_style(state, widget)}>{_label(widget)}'
                f'<input type="text" disabled value="{html.escape(widget["value"])}"'
                f' aria-label="{html.escape(widget["description"])}"></div>')
    if name == "CheckboxModel":
        checked = " checked" if widget["value"] else ""
        return (f'<div class="still-control"{_style(state, widget)}><label>'
                f'<input type="checkbox" disabled{checked}> '
                f'{html.escape(widget["description"])}</label></div>')
    if name in ("IntProgressModel", "FloatProgressModel"):
        return (f'<div class="still-control"{_style(state, widget)}>{_label(widget)}'
                f'<progress value="{widget["value"]}" max="{widget["max"]}"></progress>'
                f'<span class="still-readout">{widget["value"]} of {widget["max"]}</span></div>')
    raise ValueError(f"widget_stills cannot draw a {name} (model {model_id}): add it here")


def still(state: dict, model_id: str, note: str = NOTE) -> str:
    """The HTML of the widget ``model_id`` drawn from the notebook's saved widget ``state`` (the
    ``state`` mapping of its widget-state metadata), with ``note`` (HTML: by default, where its
    controls move) when it has any control."""
    picture = _render(state, model_id)
    note = f'<p class="still-note">{note}</p>' if interactive(state, model_id) else ""
    return f'<div class="widget-still">{picture}{note}</div>'


CHROMIUM = os.environ.get("HOPFIELD_EDU_CHROMIUM", "/usr/bin/chromium")
CSS = Path(__file__).resolve().parent / "site" / "static" / "course.css"
# DejaVu Sans, the figures' font, by name: "sans-serif" is whatever the machine's fonts make of
# it (Liberation Sans where Chromium's Debian package brings it, DejaVu where it does not).
PAGE = ("<!DOCTYPE html><html><head><meta charset='utf-8'><style>{css}\n"
        "body {{ margin: 0; font: 14px 'DejaVu Sans', sans-serif; background: white; }}\n"
        ".widget-still {{ display: inline-block; margin: 0; }}</style></head>"
        "<body>{still}</body></html>")


def pictures(state: dict, model_ids: list[str]) -> list[bytes]:
    """PNG photographs of the stills of the widgets ``model_ids`` (each with the note
    :data:`RUN_ME` under it), taken in Chromium (at ``HOPFIELD_EDU_CHROMIUM``, else
    ``/usr/bin/chromium``, driven by Playwright), each naming what drew it as matplotlib's
    PNGs name matplotlib: the Chromium that took it, since another version draws the controls
    with other pixels, and this Python's matplotlib, which drew the images inside the widgets
    (``hopfield_edu.widgets._render.render``) in the run that stored their state."""
    if not model_ids:
        return []
    if not os.access(CHROMIUM, os.X_OK):
        raise RuntimeError(f"widget stills are photographed in Chromium, and there is none at "
                           f"{CHROMIUM}: install it (Debian: apt install chromium) or set "
                           "HOPFIELD_EDU_CHROMIUM to one")
    # In a thread of its own: Playwright's synchronous API refuses a thread whose asyncio loop
    # runs, as it does in a process that holds a Playwright session already (the browser tests'
    # fixtures, when pytest runs the notebook re-run test after them in the same worker).
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(_photographs, state, model_ids).result()


def _photographs(state: dict, model_ids: list[str]) -> list[bytes]:
    import matplotlib
    from playwright.sync_api import sync_playwright

    css = CSS.read_text(encoding="utf-8")
    shots = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu",
                                            "--disable-dev-shm-usage", "--font-render-hinting=none"])
        page = browser.new_page(viewport={"width": 1100, "height": 800}, device_scale_factor=1)
        for model_id in model_ids:
            page.set_content(PAGE.format(css=css, still=still(state, model_id, RUN_ME + ".")))
            shots.append(stamped(page.locator(".widget-still").screenshot(animations="disabled"),
                                 f"Chromium {browser.version} with images by Matplotlib "
                                 f"{matplotlib.__version__}"))
        browser.close()
    return shots


def stamped(png: bytes, software: str) -> bytes:
    """``png`` with a Software text chunk saying ``software``, after its header chunk."""
    body = b"Software\0" + software.encode("latin-1")
    chunk = struct.pack(">I", len(body)) + b"tEXt" + body + struct.pack(
        ">I", zlib.crc32(b"tEXt" + body))
    end_of_header = 8 + 4 + 4 + 13 + 4  # signature, then IHDR: length, type, 13 bytes, CRC
    return png[:end_of_header] + chunk + png[end_of_header:]
