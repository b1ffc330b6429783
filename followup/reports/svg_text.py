"""One text layout per SVG label instead of one per character, in WeasyPrint's SVG drawing.

WeasyPrint 70 draws every ``<text>`` of an inline SVG letter by letter: it lays out the
whole string once (for its width), then each character again on its own, with its own Pango
layout and its own text run in the PDF (weasyprint/svg/text.py). That is needed for SVG's
per-character positioning (lists of ``x``/``y``/``dx``/``dy``, ``rotate``), ``letter-spacing``
and ``textLength``; our charts (followup/reports/charts.py) use none of them: every label is a
plain string at one ``x``/``y``. For such a label this lays the string out once and draws it
as one run, at the position WeasyPrint computes for the first letter; the bounding box (which
``text-anchor`` uses to shift the label) is the same string's width. Any other ``<text>`` is
drawn by WeasyPrint's own function, unchanged.

Measured on the 30-page leadership summary (bench/pdf_bench.py, seed_scale buyer 0, 11
charts): 0.23 s of CPU less per rendering (2.75 → 2.52 s with the garbage collector paused).
A reader also gets each label back as one word from the PDF, not letter by letter.

Installed by ``install()`` (followup/reports/pdf.py calls it at import) only on the WeasyPrint
release it was written against (requirements.txt pins it); on any other release WeasyPrint's
own drawing is left alone, and a test says so.
"""

import logging
import sys
from math import inf

import weasyprint

logger = logging.getLogger(__name__)

WRITTEN_FOR = "70.0"
# Attributes that position or stretch single characters: such a label takes WeasyPrint's path.
PER_CHARACTER = ("dx", "dy", "rotate", "letter-spacing", "textLength")

_original = None


def _single(value):
    """The one length in an ``x``/``y`` attribute, ``""`` when absent, None when it is a list."""
    from weasyprint.svg.utils import normalize

    parts = normalize(value or "").split()
    if len(parts) > 1:
        return None
    return parts[0] if parts else ""


def _style(svg, node, font_size):
    """The same style WeasyPrint's ``text()`` builds for a ``<text>`` node."""
    from weasyprint.css.properties import INITIAL_VALUES

    text_module = sys.modules["weasyprint.svg.text"]
    style = text_module.Style()
    style.update(INITIAL_VALUES)
    style.font_config = svg.font_config
    style["font_family"] = [font.strip("\"'") for font in node.get("font-family", "sans-serif").split(",")]
    style["font_style"] = node.get("font-style", "normal")
    weight = node.get("font-weight", 400)
    if weight == "normal":
        weight = 400
    elif weight == "bold":
        weight = 700
    else:
        try:
            weight = int(weight)
        except ValueError:
            weight = 400
    style["font_weight"] = weight
    style["font_size"] = font_size
    if node.get("direction") in ("ltr", "rtl"):
        style["direction"] = node.get("direction")
    return style


def _y_align(node, font_size, height):
    # WeasyPrint's own vertical alignment for a text box (weasyprint/svg/text.py).
    ascent, descent = font_size * 0.8, font_size * 0.2
    display_anchor = node.get("display-anchor")
    baseline = node.get("dominant-baseline", node.get("alignment-baseline"))
    if display_anchor == "middle":
        return -height / 2
    if display_anchor == "top":
        return 0
    if display_anchor == "bottom":
        return -height
    if baseline in ("central", "middle"):
        return (ascent + descent) / 2 - descent
    if baseline in ("text-before-edge", "before_edge", "top", "hanging", "text-top"):
        return ascent
    if baseline in ("text-after-edge", "after_edge", "bottom", "text-bottom"):
        return -descent
    return 0


def text(svg, node, font_size):
    """Draw a ``<text>`` node: a plain label as one layout, anything else as WeasyPrint does."""
    x_attr, y_attr = _single(node.attrib.get("x")), _single(node.attrib.get("y"))
    if not node.text or x_attr is None or y_attr is None or any(name in node.attrib for name in PER_CHARACTER):
        return _original(svg, node, font_size)

    from weasyprint.draw.text import draw_emojis, draw_first_line
    from weasyprint.matrix import Matrix
    from weasyprint.svg.bounding_box import extend_bounding_box
    from weasyprint.svg.utils import size
    from weasyprint.text.line_break import split_first_line

    text_module = sys.modules["weasyprint.svg.text"]
    style = _style(svg, node, font_size)
    layout, _, _, width, height, baseline = split_first_line(node.text, style, svg.context, inf, 0)

    x = size(x_attr, font_size, svg.inner_width) if x_attr else None
    y = size(y_attr, font_size, svg.inner_height) if y_attr else None
    # As for WeasyPrint's first letter: a given x or y ends the relative shift so far.
    if x:
        svg.cursor_d_position[0] = 0
    if y:
        svg.cursor_d_position[1] = 0
    x = svg.cursor_position[0] if x is None else x
    y = svg.cursor_position[1] if y is None else y
    svg.cursor_position = x + width, y
    x_position = x + svg.cursor_d_position[0]
    y_position = y + svg.cursor_d_position[1] + _y_align(node, font_size, height)
    node.text_bounding_box = extend_bounding_box(
        node.text_bounding_box,
        ((x_position, y_position - baseline), (x_position + width, y_position - baseline + height)),
    )

    svg.stream.push_state()
    fill, stroke = svg.set_graphical_state(node, font_size)
    svg.stream.begin_text()
    layout.reactivate(style)
    svg.fill_stroke(fill, stroke, text=True)
    box = text_module.TextBox(layout, style)
    box.baseline = baseline
    emojis = draw_first_line(svg.stream, box, "none", "none", Matrix(a=1, d=-1, e=x_position, f=y_position))
    svg.stream.end_text()
    svg.stream.pop_state()
    draw_emojis(svg.stream, style, x, y, emojis)
    return None


def install():
    """Route WeasyPrint's ``<text>`` drawing through :func:`text`. Returns whether it did."""
    global _original
    import weasyprint.svg as svg_package

    if _original is not None:
        return True
    if weasyprint.__version__ != WRITTEN_FOR:
        logger.info("WeasyPrint %s: SVG text is drawn by WeasyPrint itself", weasyprint.__version__)
        return False
    _original = sys.modules["weasyprint.svg.text"].text
    for tag, draw in list(svg_package.TAGS.items()):
        if draw is _original:
            svg_package.TAGS[tag] = text
    # draw_node() recognises text nodes by comparing with the name ``text`` in the package
    # (for text-anchor): it must see this function there too.
    svg_package.text = text
    return True
