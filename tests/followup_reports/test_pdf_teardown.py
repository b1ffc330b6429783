"""A finished PDF is freed by reference counting (followup/reports/pdf_teardown.py): what the
cyclic collector still has to find after a report is a small part of what it found without
the teardown, and the PDF is the same either way. On another WeasyPrint or tinyhtml5 release
nothing is installed, and these tests say so."""

import gc
import io
from contextlib import contextmanager
from urllib.parse import quote

import pytest
import time_machine
import tinyhtml5
import weasyprint
from pypdf import PdfReader
from weasyprint import svg as svg_package
from weasyprint.document import Document

from followup.models import ReportKind
from followup.reports import pdf_teardown, services


@contextmanager
def teardown(on):
    """The teardown installed (as at import) or not, for one block."""
    if not on:
        pdf_teardown.uninstall()
    try:
        yield
    finally:
        assert pdf_teardown.install()


@contextmanager
def collector_off():
    """The collector off, so that what a rendering leaves in cycles waits to be counted."""
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def unreachable_after(render):
    """How many unreachable objects the collector finds after ``render()`` returns."""
    with collector_off():
        render()
        return gc.collect()


def test_installed_on_the_releases_it_was_written_for():
    # requirements.txt pins both; on another release the collector does the work as before.
    assert pdf_teardown._versions() == pdf_teardown.WRITTEN_FOR, "pdf_teardown.py was written for other releases"
    assert pdf_teardown.installed()
    assert svg_package.SVG.draw is pdf_teardown._svg_draw
    assert tinyhtml5.parse is pdf_teardown._parse
    assert Document._render.__func__ is pdf_teardown._render


def test_not_installed_on_another_release(monkeypatch):
    pdf_teardown.uninstall()
    try:
        draw, parse, render = svg_package.SVG.draw, tinyhtml5.parse, Document.__dict__["_render"]
        monkeypatch.setattr(weasyprint, "__version__", "99.0")
        assert pdf_teardown.install() is False
        assert not pdf_teardown.installed()
        assert (svg_package.SVG.draw, tinyhtml5.parse, Document.__dict__["_render"]) == (draw, parse, render)
        document = weasyprint.HTML(string="<p>Hei</p>").render()
        pdf_teardown.release(document)  # does nothing: the document is whole
        assert document.write_pdf().startswith(b"%PDF")
    finally:
        monkeypatch.undo()
        assert pdf_teardown.install()


@pytest.mark.parametrize("kind", [ReportKind.BUYER, ReportKind.SUPPLIER])
def test_a_finished_report_leaves_the_collector_little_to_find(buyer, world, kind):
    """The leadership summary has charts with patterned fills, a table of contents with
    page numbers and tables over several pages: every kind of cycle pdf_teardown breaks."""
    supplier = world["s1"] if kind == ReportKind.SUPPLIER else None

    def render():
        content, pages, _summary = services.report_pdf(buyer=buyer, kind=kind, language="en", supplier=supplier)
        assert content.startswith(b"%PDF") and pages >= 1

    render()  # fonts, templates and translations loaded before counting
    with teardown(on=False):
        left_to_the_collector = unreachable_after(render)
    with teardown(on=True):
        left_after_teardown = unreachable_after(render)
    assert left_to_the_collector > 20_000
    assert left_after_teardown * 10 < left_to_the_collector, (left_after_teardown, left_to_the_collector)


@time_machine.travel("2026-03-02 10:00 +01:00", tick=False)
@pytest.mark.parametrize("kind", [ReportKind.BUYER, ReportKind.SUPPLIER])
def test_the_pdf_is_the_same_with_and_without_the_teardown(buyer, world, kind):
    supplier = world["s1"] if kind == ReportKind.SUPPLIER else None

    def render():
        return services.report_pdf(buyer=buyer, kind=kind, language="en", supplier=supplier)[0]

    with teardown(on=True):
        ours = render()
    with teardown(on=False):
        theirs = render()
    ours_pages, their_pages = PdfReader(io.BytesIO(ours)).pages, PdfReader(io.BytesIO(theirs)).pages
    assert len(ours_pages) == len(their_pages) >= 2
    for page, their_page in zip(ours_pages, their_pages, strict=True):
        assert page.get_contents().get_data() == their_page.get_contents().get_data()
        assert page.extract_text() == their_page.extract_text()
    assert ours == theirs


def test_an_svg_drawn_twice_draws_as_weasyprint_draws_it():
    """An SVG lets go of its stream once drawn; the next drawing (the same image on two pages,
    one image object) gets its own, and the PDF is the one WeasyPrint writes by itself."""
    image = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="60" height="20">'
        '<defs><pattern id="p" patternUnits="userSpaceOnUse" width="4" height="4">'
        '<path d="M0 0L4 4" stroke="black"/></pattern></defs>'
        '<rect width="60" height="20" fill="url(#p)"/><text x="2" y="14">Aa</text></svg>'
    )
    html = (
        "<style>@page { size: A6 } img { display: block; break-after: page }</style>"
        f'<img src="data:image/svg+xml,{quote(image)}" alt="">' * 2
    )
    with teardown(on=True):
        ours = weasyprint.HTML(string=html).write_pdf()
    with teardown(on=False):
        theirs = weasyprint.HTML(string=html).write_pdf()
    assert ours == theirs
    pages = PdfReader(io.BytesIO(ours)).pages
    assert [page.extract_text().split() for page in pages] == [["Aa"], ["Aa"]]


def test_the_parser_taken_apart_after_parsing_builds_the_same_tree():
    import xml.etree.ElementTree as ET

    html = (
        '<!doctype html><html lang="nb"><head><title>T</title></head><body><p class="x">Æ &amp; ø<br>'
        "<table><tr><td>1<td>2</table><svg><text x=1>3 &gt; 2</text></svg><ul><li>a<li>b</ul>"
    )
    ours = tinyhtml5.parse(html)
    with teardown(on=False):
        theirs = tinyhtml5.parse(html)
    assert ET.tostring(ours) == ET.tostring(theirs)


def test_a_document_that_cannot_be_taken_apart_still_gives_its_pdf(buyer, world, monkeypatch, caplog):
    """Taking apart comes after the PDF is written: if it fails (an internal WeasyPrint changed
    under it), the report is delivered all the same and the collector frees the document."""

    def broken(document):
        raise AttributeError("'Page' object has no attribute '_page_box'")

    monkeypatch.setattr(pdf_teardown, "_take_apart", broken)
    content, pages, _summary = services.report_pdf(
        buyer=buyer, kind=ReportKind.SUPPLIER, language="en", supplier=world["s1"]
    )
    assert content.startswith(b"%PDF") and pages == len(PdfReader(io.BytesIO(content)).pages)
    assert "could not be taken apart" in caplog.text
