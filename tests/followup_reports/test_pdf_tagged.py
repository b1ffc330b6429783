"""Every PDF the application renders is tagged (PDF/UA-1): marked content, the
document's language and title, and a structure tree with real headings, table header
cells with their scope, and a text alternative for every chart."""

import io

import pytest
from pypdf import PdfReader
from pypdf.generic import IndirectObject

from followup.models import ReportKind
from followup.reports import services


def structure(reader):
    """The structure tree as a list of ``(role, attributes dict, alt text)``, depth first."""
    found = []

    def walk(node):
        if isinstance(node, IndirectObject):
            node = node.get_object()
        if isinstance(node, list):
            for child in node:
                walk(child)
            return
        if not hasattr(node, "get"):
            return
        role = node.get("/S")
        if role is not None:
            attributes = node.get("/A")
            attributes = attributes.get_object() if attributes is not None else {}
            if isinstance(attributes, list):
                merged = {}
                for item in attributes:
                    merged.update(item.get_object())
                attributes = merged
            found.append((str(role), {**dict(attributes or {}), "/ID": node.get("/ID")}, node.get("/Alt")))
        kids = node.get("/K")
        if kids is not None:
            walk(kids)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found


def assert_tagged(content, *, language, title):
    reader = PdfReader(io.BytesIO(content))
    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert catalog["/Lang"] == language
    assert "/StructTreeRoot" in catalog
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    assert reader.metadata.title == title
    return structure(reader)


REPORTS = [
    (ReportKind.SUPPLIER, "en", "Follow-up report – Nordlys IT AS"),
    (ReportKind.AGREEMENT, "en", "Leadership summary – Oslo kommune"),
    (ReportKind.BUYER, "nb", "Lederoppsummering – Oslo kommune"),
]


@pytest.mark.parametrize("kind, language, title", REPORTS)
def test_every_report_kind_is_tagged_with_language_title_headings_and_tables(buyer, world, kind, language, title):
    extra = {"supplier": world["s1"]} if kind == ReportKind.SUPPLIER else {}
    if kind == ReportKind.AGREEMENT:
        extra = {"agreement": world["agreement_a"]}
    content, _pages, _summary = services.report_pdf(buyer=buyer, kind=kind, language=language, **extra)
    tree = assert_tagged(content, language=language, title=title)
    roles = [role for role, _attributes, _alt in tree]
    assert roles.count("/H1") == 1
    assert "/H2" in roles and "/Table" in roles and "/TH" in roles and "/TD" in roles
    # Header cells are named, and data cells point to their column header and (with
    # <th scope="row">) their row header.
    header_ids = {str(attributes["/ID"]) for role, attributes, _alt in tree if role == "/TH"}
    assert header_ids and None not in header_ids
    cell_headers = [attributes.get("/Headers") or [] for role, attributes, _alt in tree if role == "/TD"]
    assert any(len(headers) >= 2 for headers in cell_headers)
    assert {str(header) for headers in cell_headers for header in headers} <= header_ids
    if kind != ReportKind.SUPPLIER:
        # Every chart is a figure with its text alternative (the SVG's title and description).
        figures = [alt for role, _attributes, alt in tree if role == "/Figure"]
        assert figures and all(alt for alt in figures), figures
        names = ("Submission and lateness", "Innsending og forsinkelser")
        assert any(str(alt) in names for alt in figures), figures


def test_contents_entries_are_list_items_with_the_chapter_link_and_its_page_number(buyer, world):
    """The contents read as a list: each item a link to its chapter and its page number, no
    leader dots and no nested list item (a leader of spaces puts the number on the right)."""
    content, _pages, _summary = services.report_pdf(buyer=buyer, kind=ReportKind.BUYER, language="en")
    reader = PdfReader(io.BytesIO(content))

    def node(item):
        return item.get_object() if isinstance(item, IndirectObject) else item

    def kids(element):
        found = node(element.get("/K"))
        found = found if isinstance(found, list) else [found]
        return [node(kid) for kid in found if hasattr(node(kid), "get") and node(kid).get("/S")]

    def lists(element):
        for kid in kids(element):
            if kid["/S"] == "/L":
                yield kid
            yield from lists(kid)

    def links_to_chapters(lst):
        bodies = [body for item in kids(lst) for body in kids(item) if body["/S"] == "/LBody"]
        return any(kid["/S"] == "/Link" for body in bodies for kid in kids(body))

    contents = next(lst for lst in lists(node(reader.trailer["/Root"]["/StructTreeRoot"])) if links_to_chapters(lst))
    items = kids(contents)
    assert len(items) == 9  # the leadership summary's nine chapters
    for item in items:
        assert item["/S"] == "/LI"
        (body,) = kids(item)
        assert body["/S"] == "/LBody"
        (link,) = kids(body)
        assert link["/S"] == "/Link"
        assert [kid["/S"] for kid in kids(link)] == ["/Link"]  # ::after: the leader of spaces and the number
    text = reader.pages[1].extract_text()
    assert ". . ." not in text
