"""A finished PDF document freed by reference counting, not left to the cyclic collector.

When WeasyPrint 70 has written a PDF, nearly all it built for it (the parse tree, the computed
styles, the boxes, the layouts, the pages' drawing streams) is garbage, and nearly all of it
hangs off reference cycles, so that reference counting frees none of it: on the 30-page
leadership summary the collector found 314,000 unreachable objects, of which only 9,200 were
in cycles, and its collection took 0.30-0.53 s of CPU per rendering (``results.json`` →
``pdf_summary_phases_session18``, ``pdf_teardown``). Counting what each cycle keeps found the
roots, one behind the other:

- every SVG WeasyPrint draws, chart or patterned fill (an ``SVG`` or ``Pattern`` with its
  eight ``LazyDefs``, each pointing back at it), keeps the drawing context and the stream it
  drew on, and through them everything else;
- the layout context (its ``get_image_from_uri`` is a ``partial`` of itself), and the target
  collector whose lookup items (the table of contents' ``target-counter()``) hold closures;
- tinyhtml5's parser (each insertion mode holds the parser, the tokenizer its own bound
  methods) and its tree builder's nodes (each with its parent);
- each table's column boxes (``get_cells`` is a closure over the table), each computed style
  with the anonymous style it caches (``parent_style``), each anonymous style itself
  (``specified`` is the style), each chart's SVG.

This module breaks those links once the PDF is written: :func:`release` clears the layout
context, the target collector and every box of the pages (with its style and SVG), and two
wrappers installed at import drop what outlives its use during the rendering (an SVG's
stream and context when it has been drawn, the whole of a one-use ``Pattern``; the parser
and its tree builder once the tree is built). What the collector still finds afterwards is a
few thousand objects (8,141 after the summary, found in 0.006-0.014 s: page boxes WeasyPrint laid out
and dropped, a handful of styles); bench/README.md, "pdf_bench.py", Session 19.

It is written against WeasyPrint 70.0 and tinyhtml5 2.1.0 (requirements.txt pins both) and
installed only on those releases; on any other, :func:`install` leaves the libraries alone,
:func:`release` does nothing, and tests/followup_reports/test_pdf_teardown.py fails so that
someone looks again. Everything is cleared only after it has been used: the PDF is the same
byte for byte (a test renders a report both ways).
"""

import logging
import threading

logger = logging.getLogger(__name__)

WRITTEN_FOR = {"weasyprint": "70.0", "tinyhtml5": "2.1.0"}
# The document's attribute that carries its layout contexts from rendering to release().
CONTEXTS = "_oslo_layout_contexts"

_originals = {}
_rendering = threading.local()


def _versions():
    from importlib.metadata import version

    import weasyprint

    return {"weasyprint": weasyprint.__version__, "tinyhtml5": version("tinyhtml5")}


def installed():
    return bool(_originals)


def install():
    """Install the wrappers on the releases this was written for. Returns whether it did."""
    if _originals:
        return True
    versions = _versions()
    if versions != WRITTEN_FOR:
        logger.info("PDF documents are left to the garbage collector on %s", versions)
        return False
    import tinyhtml5
    from weasyprint import svg
    from weasyprint.document import Document

    _originals.update(
        svg_draw=svg.SVG.draw,
        build_layout_context=Document.__dict__["_build_layout_context"],
        render=Document.__dict__["_render"],
        parse=tinyhtml5.parse,
    )
    svg.SVG.draw = _svg_draw
    Document._build_layout_context = classmethod(_build_layout_context)
    Document._render = classmethod(_render)
    tinyhtml5.parse = _parse  # what WeasyPrint calls (``tinyhtml5.parse(...)``)
    return True


def uninstall():
    """Put the libraries' own functions back (for tests)."""
    if not _originals:
        return
    import tinyhtml5
    from weasyprint import svg
    from weasyprint.document import Document

    svg.SVG.draw = _originals["svg_draw"]
    Document._build_layout_context = _originals["build_layout_context"]
    Document._render = _originals["render"]
    tinyhtml5.parse = _originals["parse"]
    _originals.clear()


def _svg_draw(self, *args, **kwargs):
    """``SVG.draw``; afterwards the SVG lets go of the stream and layout context it drew with
    (the next drawing sets both again). A ``Pattern`` is made for one drawing and dropped: it
    lets go of everything."""
    from weasyprint.svg import Pattern

    try:
        return _originals["svg_draw"](self, *args, **kwargs)
    finally:
        if isinstance(self, Pattern):
            self.__dict__.clear()
        else:
            self.stream = self.context = None


def _build_layout_context(cls, *args, **kwargs):
    context = _originals["build_layout_context"].__func__(cls, *args, **kwargs)
    made = getattr(_rendering, "contexts", None)
    if made is not None:
        made.append(context)
    return context


def _render(cls, *args, **kwargs):
    """``Document._render``; the document it returns carries its layout context for release()."""
    outer = getattr(_rendering, "contexts", None)
    _rendering.contexts = made = []
    try:
        document = _originals["render"].__func__(cls, *args, **kwargs)
    finally:
        _rendering.contexts = outer
    setattr(document, CONTEXTS, made)
    return document


def _parse(document, namespace_html_elements=True, **kwargs):
    """``tinyhtml5.parse``: the same parser and tree; once the tree is built, the parser and its
    tree builder are taken apart (the tree returned is ElementTree's, which the builder's nodes
    only wrap; the parser itself is never returned, so nobody sees it taken apart)."""
    from tinyhtml5.parser import HTMLParser

    parser = HTMLParser(namespace_html_elements)
    tree = parser.parse(document, **kwargs)
    try:
        _dismantle_parser(parser)
    except Exception:  # noqa: BLE001 - the tree is built; the collector frees the parser
        logger.warning("tinyhtml5's parser could not be taken apart; the collector frees it", exc_info=True)
    return tree


def _clear(obj):
    """Every attribute of ``obj`` dropped, in its ``__dict__`` and its ``__slots__``."""
    if hasattr(obj, "__dict__"):
        obj.__dict__.clear()
    for klass in type(obj).__mro__:
        for name in getattr(klass, "__slots__", ()):
            if name not in ("__dict__", "__weakref__"):
                try:
                    delattr(obj, name)
                except AttributeError:
                    pass


def _dismantle_parser(parser):
    tree = parser.__dict__.get("tree")
    nodes = [tree.document] if tree is not None and getattr(tree, "document", None) is not None else []
    while nodes:
        node = nodes.pop()
        node.parent = None
        nodes.extend(getattr(node, "_children", ()))
    phases = parser.__dict__.get("phases") or {}
    for part in (parser.__dict__.get("tokenizer"), tree, *phases.values(), parser):
        if part is not None:
            _clear(part)


def release(document):
    """Take apart what ``document`` and its rendering built, once its PDF is written: the
    document is unusable afterwards. Does nothing where :func:`install` did not install. Never
    raises: the PDF is written by then, and what could not be taken apart is left to the
    collector, as without this module (logged)."""
    if not _originals:
        return
    try:
        _take_apart(document)
    except Exception:  # noqa: BLE001 - the PDF is written; the collector frees the rest
        logger.warning("A rendered PDF document could not be taken apart; the collector frees it", exc_info=True)


def _take_apart(document):
    from weasyprint.css import AnonymousStyle

    for context in document.__dict__.pop(CONTEXTS, ()):
        collector = context.__dict__.get("target_collector")
        if collector is not None:
            collector.__dict__.clear()
        context.__dict__.clear()
    boxes = [page._page_box for page in document.pages]
    while boxes:
        attributes = boxes.pop().__dict__
        boxes.extend(attributes.get("children") or ())
        boxes.extend(attributes.get("column_groups") or ())
        style = attributes.get("style")
        for each in (style, getattr(style, "parent_style", None)):
            if each is None:
                continue
            anonymous = each.__dict__.pop("anonymous_style", None)
            if anonymous is not None:
                anonymous.__dict__.clear()
            if isinstance(each, AnonymousStyle):
                each.__dict__.clear()
        svg = getattr(attributes.get("replacement"), "_svg", None)
        if svg is not None:
            svg.__dict__.clear()
        attributes.clear()
