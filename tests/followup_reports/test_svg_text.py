"""Chart labels in the PDFs are laid out once per label (followup/reports/svg_text.py), drawn
where WeasyPrint's own letter-by-letter drawing puts them, and read back as whole words."""

import io
import sys

import pytest
import weasyprint
import weasyprint.svg as svg_package
from pypdf import PdfReader
from pypdf.generic import ContentStream
from weasyprint import HTML

from followup.reports import pdf, svg_text

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="120" font-family="DejaVu Sans" font-size="12">'
    '<text x="200" y="20" text-anchor="end">Alpha Reseller AS</text>'
    '<text x="200" y="50" text-anchor="middle" font-weight="bold">1 234,5 %</text>'
    '<text x="20" y="80">Fjord Data &amp; Co</text>'
    '<text x="20 40 60" y="110">xyz</text>'
    "</svg>"
)


def placements(content):
    """What places the text on the page: every ``cm`` (the text-anchor shifts among them), and
    per text object (BT … ET) its first text matrix and how many it sets (one per run drawn),
    walking into the form XObjects WeasyPrint draws anchored labels in."""
    reader = PdfReader(io.BytesIO(content))
    page = reader.pages[0]
    found = []

    def walk(stream, resources, depth):
        for operands, operator in ContentStream(stream, reader).operations:
            if operator == b"BT":
                found.append([depth, "BT", None, 0])
            elif operator == b"Tm":
                text_object = found[-1]
                text_object[3] += 1
                if text_object[2] is None:
                    text_object[2] = [float(value) for value in operands]
            elif operator == b"cm":
                found.append([depth, "cm", [float(value) for value in operands], 0])
            elif operator == b"Do":
                form = resources["/XObject"][operands[0]].get_object()
                walk(form, form.get("/Resources", resources), depth + 1)

    walk(page.get_contents(), page["/Resources"], 0)
    return found


def text_of(content):
    return [" ".join(text.split()) for text in PdfReader(io.BytesIO(content)).pages[0].extract_text().splitlines()]


def render(original):
    saved = dict(svg_package.TAGS), svg_package.text
    if original:
        weasyprint_text = sys.modules["weasyprint.svg.text"].text
        svg_package.TAGS.update({tag: weasyprint_text for tag, draw in saved[0].items() if draw is svg_text.text})
        svg_package.text = weasyprint_text
    try:
        return HTML(string=f"<html><body>{SVG}</body></html>").write_pdf(font_config=pdf.font_config())
    finally:
        svg_package.TAGS.clear()
        svg_package.TAGS.update(saved[0])
        svg_package.text = saved[1]


def test_installed_on_the_release_it_was_written_for():
    # requirements.txt pins that release; on another one WeasyPrint draws its own text.
    assert weasyprint.__version__ == svg_text.WRITTEN_FOR, "svg_text.py was written for another WeasyPrint"
    assert svg_package.TAGS["text"] is svg_text.text
    assert svg_package.TAGS["tspan"] is svg_text.text
    assert svg_package.text is svg_text.text


def test_not_installed_on_another_release(monkeypatch):
    monkeypatch.setattr(svg_text, "_original", None)
    monkeypatch.setattr(weasyprint, "__version__", "99.0")
    tags = dict(svg_package.TAGS)
    assert svg_text.install() is False
    assert svg_package.TAGS == tags


def test_labels_are_one_run_each_and_stand_where_weasyprint_puts_them():
    ours, theirs = render(original=False), render(original=True)
    for text in ("Alpha Reseller AS", "1 234,5 %", "Fjord Data & Co"):
        assert any(text in line for line in text_of(ours)), text_of(ours)
    ours, theirs = placements(ours), placements(theirs)
    assert [kind for _depth, kind, _values, _count in ours] == [kind for _depth, kind, _values, _count in theirs]
    # One text run per plain label; WeasyPrint draws one per letter. The label positioned
    # letter by letter (x="20 40 60") is still drawn by WeasyPrint, letter by letter.
    assert [count for _d, kind, _v, count in ours if kind == "BT"] == [1, 1, 1, 3]
    assert [count for _d, kind, _v, count in theirs if kind == "BT"] == [15, 7, 12, 3]  # spaces draw nothing
    # The same first text matrix and the same transforms; a shift for text-anchor may differ
    # by the kerning one layout applies across letters (half a pixel on this label).
    for (depth, kind, values, _count), (their_depth, _k, their_values, _c) in zip(ours, theirs, strict=True):
        assert depth == their_depth
        assert values == pytest.approx(their_values, abs=1.0), (kind, values, their_values)
