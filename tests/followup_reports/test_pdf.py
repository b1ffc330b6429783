"""The PDFs read back as text: names, figures, "page X of Y" in both languages, the
table of contents; the URL fetcher serves only our static files; supplier text is
escaped."""

import io

import pytest
import time_machine
from pypdf import PdfReader

from followup.models import ReportKind
from followup.reports import figures, pdf, services
from tests import factories as f


def read(content):
    reader = PdfReader(io.BytesIO(content))
    return reader, [page.extract_text() for page in reader.pages]


@pytest.mark.parametrize("language, counter", [("nb", "Side {page} av {pages}"), ("en", "Page {page} of {pages}")])
def test_leadership_summary_pages_and_counter(buyer, world, language, counter):
    content, pages, summary = services.report_pdf(buyer=buyer, kind=ReportKind.BUYER, language=language)
    reader, texts = read(content)
    assert len(reader.pages) == pages >= 8
    assert counter.format(page=1, pages=pages) in texts[0]
    assert counter.format(page=pages, pages=pages) in texts[-1]
    text = "\n".join(texts)
    assert "Oslo kommune" in texts[1]  # the running header from page 2 on
    assert "Nordlys IT AS" in text and "Fjord Data AS" in text
    assert summary["submitted"] == 4 and summary["overdue"] == 1


def test_leadership_summary_text_in_english(buyer, world):
    content, pages, _summary = services.report_pdf(buyer=buyer, kind=ReportKind.BUYER, language="en")
    _reader, texts = read(content)
    text = "\n".join(texts)
    assert "Leadership summary" in texts[0]
    assert "Self-assessments: 4 of 6 invited submitted (67 %)" in " ".join(text.split())
    assert "Contents" in texts[1]
    assert "Submission and lateness" in text and "Suppliers by residual risk" in text
    # The table of contents gives each chapter's page number.
    toc = texts[1]
    assert "The main risks and what is being done" in toc
    assert any(line.rstrip().endswith(tuple("0123456789")) for line in toc.splitlines() if "main risks" in line)
    # No dotted leader between title and page number: a screen reader would read out the dots.
    assert ". . ." not in toc


def test_supplier_report(buyer, world):
    content, pages, summary = services.report_pdf(
        buyer=buyer, kind=ReportKind.SUPPLIER, language="en", supplier=world["s1"]
    )
    _reader, texts = read(content)
    text = " ".join("\n".join(texts).split())
    assert "Follow-up report: Nordlys IT AS" in text
    assert "Page 1 of" in texts[0]
    expected = [
        "Factories",
        "Spring",
        "Partly meets the requirements",  # the officer's verdict
        "Non-compliance (High)",  # the review of one answer
        "overtime finding",
        "Follow-up 1",
        "Agreed to cut overtime",
        "Fix it",
        "Written warning",
        "High (65.0)",
    ]
    for phrase in expected:
        assert phrase in text, phrase
    assert summary == {"risk_level": "high", "open_findings": 2, "open_actions": 1, "overdue_actions": 0}


def test_supplier_text_with_html_and_css_is_escaped(buyer):
    nasty = 'Evil <b>AS</b><style>*{display:none}</style><img src="file:///etc/passwd">'
    supplier = f.SupplierFactory(legal_name=nasty)
    content, _pages, _summary = services.report_pdf(
        buyer=buyer, kind=ReportKind.SUPPLIER, language="en", supplier=supplier
    )
    text = " ".join("\n".join(read(content)[1]).split())
    assert "Evil <b>AS</b><style>*{display:none}</style>" in text


def test_fetcher_serves_our_static_files_only(tmp_path, settings):
    fetcher = pdf.StaticOnlyFetcher()
    css = fetcher.fetch(pdf.BASE_URL + "static/css/print.css")
    assert b"@page" in css.read()
    static_dir = settings.STATICFILES_DIRS[0]
    assert fetcher.fetch(f"file://{static_dir}/css/print.css").read().startswith(b"/*")
    secret = tmp_path / "secret.txt"
    secret.write_text("secret")
    refused = [
        "file:///etc/passwd",
        f"file://{secret}",
        f"file://{static_dir}/../manage.py",
        "http://127.0.0.1:8000/static/css/print.css",
        "https://example.org/static/css/print.css",
        pdf.BASE_URL + "static/../manage.py",
        pdf.BASE_URL + "admin/",
        "data:text/plain,hello",
        "ftp://example.org/x",
    ]
    for url in refused:
        with pytest.raises(pdf.RefusedURL):
            fetcher.fetch(url)


def test_a_document_naming_other_urls_renders_without_fetching_them():
    fetcher = pdf.StaticOnlyFetcher()
    html = (
        '<html><head><link rel="stylesheet" href="http://example.org/x.css"></head><body>'
        '<img src="file:///etc/passwd"><img src="https://pdf.invalid/static/favicon.svg">hello</body></html>'
    )
    from weasyprint import HTML

    HTML(string=html, base_url=pdf.BASE_URL, url_fetcher=fetcher).write_pdf()
    assert "http://example.org/x.css" in fetcher.refused
    assert "file:///etc/passwd" in fetcher.refused
    assert not any("favicon" in url for url in fetcher.refused)


def test_filtered_summary_names_the_agreement(buyer, world):
    filters = figures.Filters(agreement=world["agreement_b"])
    content, _pages, summary = services.report_pdf(
        buyer=buyer, kind=ReportKind.AGREEMENT, language="en", agreement=world["agreement_b"], filters=filters
    )
    text = " ".join("\n".join(read(content)[1]).split())
    assert "Agreement 2026/B Tablets" in text
    assert "Tablettverket AS" in text and "Nordlys IT AS" not in text
    assert summary["submitted"] == 1


def test_fetcher_finds_collectstatic_hashed_files_in_production(settings, tmp_path):
    """With DEBUG off, {% static %} names the hashed copy collectstatic wrote to STATIC_ROOT."""
    from followup.reports.pdf import BASE_URL, StaticOnlyFetcher

    settings.STATIC_ROOT = tmp_path
    hashed = tmp_path / "css" / "print.0123456789ab.css"
    hashed.parent.mkdir()
    hashed.write_text("@page { size: A4; }")
    result = StaticOnlyFetcher().fetch(f"{BASE_URL.rstrip('/')}/static/css/print.0123456789ab.css")
    content = result["string"] if isinstance(result, dict) else result.read()
    assert b"size: A4" in (content if isinstance(content, bytes) else content.encode())


def test_summary_appendix_lists_the_severe_open_findings_and_says_how_many_are_left_out(buyer, world, monkeypatch):
    from followup.reports import selectors

    listed, total = selectors.severe_open_findings(buyer, figures.Filters())
    # Open (not closed, not archived), high or critical: the overtime 4 and 3, student agency 3, forced labour 4.
    assert total == 4
    assert [finding.severity for finding in listed] == [4, 4, 3, 3]
    content, _pages, _summary = services.report_pdf(buyer=buyer, kind=ReportKind.BUYER, language="en")
    text = " ".join(" ".join(read(content)[1]).split())
    assert "Appendix: severe open findings" in text
    assert "The 4 open findings of high or critical severity (6 open findings in all)" in text

    monkeypatch.setattr(selectors, "LEADERSHIP_FINDINGS_LIMIT", 2)
    content, _pages, _summary = services.report_pdf(buyer=buyer, kind=ReportKind.BUYER, language="en")
    text = " ".join(" ".join(read(content)[1]).split())
    assert "The 2 most severe and newest of the 4 open findings of high or critical severity" in text


def test_the_garbage_collector_rests_while_weasyprint_works_and_comes_back(buyer, world, monkeypatch):
    import gc
    import threading

    seen = []
    real_render = pdf.HTML.render

    def render(self, *args, **kwargs):
        seen.append(gc.isenabled())
        return real_render(self, *args, **kwargs)

    monkeypatch.setattr(pdf.HTML, "render", render)
    assert gc.isenabled()
    content, pages, _summary = services.report_pdf(
        buyer=buyer, kind=ReportKind.SUPPLIER, language="en", supplier=world["s1"]
    )
    assert content.startswith(b"%PDF") and pages >= 1
    assert seen == [False] and gc.isenabled()

    # Two renderings side by side: the collector is back only when both have ended.
    inside, release = threading.Event(), threading.Event()

    def hold():
        with pdf.gc_paused():
            inside.set()
            release.wait(30)

    thread = threading.Thread(target=hold)
    thread.start()
    assert inside.wait(30)
    with pdf.gc_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()  # the other rendering is still under way
    release.set()
    thread.join(30)
    assert gc.isenabled()

    # A rendering that fails turns it back on too.
    with pytest.raises(RuntimeError), pdf.gc_paused():
        raise RuntimeError("layout failed")
    assert gc.isenabled()


def test_page_content_is_deflated_at_a_capped_level_and_reads_back():
    """pydyf asks for zlib level 9; the PDFs are written at level 6 (bench/README.md)."""
    import zlib

    import pydyf

    data = b"BT /F1 9 Tf (Synthetic buyer 0000) Tj ET\n" * 400
    capped = pydyf.zlib.compressobj(level=9)
    written = capped.compress(data) + capped.flush()
    level_six = zlib.compressobj(level=6)
    assert written == level_six.compress(data) + level_six.flush()
    assert zlib.decompress(written) == data


def test_html_parser_finds_its_text_patterns_and_builds_the_same_tree():
    """tinyhtml5 looked its scanning patterns up under one key and stored them under another;
    with the patterns stored where it looks, the tree it builds is the same."""
    import xml.etree.ElementTree as ET

    import tinyhtml5
    import tinyhtml5.inputstream as inputstream

    html = (
        '<!doctype html><html lang="en"><body><p title="a &amp; b" class=\'x\'>Æ &lt;ø&gt; &nbsp;å'
        "<!-- note --><table><tr><td>1<td>2</table><svg><text x=1>3 &gt; 2</text></svg><br><pre>\n x</pre>"
    )
    patched = ET.tostring(tinyhtml5.parse(html, namespace_html_elements=False))
    assert isinstance(inputstream.characters_until_regex, pdf._CharactersUntil)
    assert all(not hasattr(characters, "pattern") for characters, _opposite in inputstream.characters_until_regex)
    found = len(inputstream.characters_until_regex)
    tinyhtml5.parse(html, namespace_html_elements=False)
    assert len(inputstream.characters_until_regex) == found  # nothing new on a second parse
    original = inputstream.characters_until_regex
    try:
        inputstream.characters_until_regex = {}  # tinyhtml5's own cache, never hit
        assert ET.tostring(tinyhtml5.parse(html, namespace_html_elements=False)) == patched
    finally:
        inputstream.characters_until_regex = original


def parses_counted(monkeypatch):
    """The URLs of the stylesheets pdf.py parses from now on, in order."""
    parsed = []
    real = pdf.CSS

    def counting(**kwargs):
        parsed.append(kwargs["url"])
        return real(**kwargs)

    monkeypatch.setattr(pdf, "CSS", counting)
    return parsed


def test_the_stylesheet_is_parsed_once_and_again_when_it_changes(settings, tmp_path, monkeypatch):
    settings.STATIC_ROOT = tmp_path
    sheet = tmp_path / "css" / "for-this-test.css"
    sheet.parent.mkdir()
    sheet.write_text("p { color: #a00; }")
    parsed = parses_counted(monkeypatch)
    first = pdf.stylesheet("css/for-this-test.css")
    assert pdf.stylesheet("css/for-this-test.css") is first
    assert len(parsed) == 1
    sheet.write_text("p { color: #00a; font-weight: bold; }")
    second = pdf.stylesheet("css/for-this-test.css")
    assert second is not first and pdf.stylesheet("css/for-this-test.css") is second
    assert len(parsed) == 2


def test_reports_are_laid_out_with_the_print_stylesheet_parsed_once(buyer, world, monkeypatch):
    parsed = parses_counted(monkeypatch)
    monkeypatch.setattr(pdf._fonts, "stylesheets", {}, raising=False)  # as in a new worker process
    texts = []
    for _ in range(2):
        content, _pages, _summary = services.report_pdf(
            buyer=buyer, kind=ReportKind.SUPPLIER, language="en", supplier=world["s1"]
        )
        texts.append(read(content)[1])
    assert len(parsed) == 1 and parsed[0].endswith(".css")
    # Its rules apply: the running header (string-set) and the page counter on every page.
    assert texts[0] == texts[1]
    assert "Oslo kommune" in texts[0][1] and "Page 2 of" in texts[0][1]


@time_machine.travel("2026-03-02 10:00 +01:00", tick=False)
def test_the_footer_stands_where_automatic_widths_would_put_it():
    """print.css gives the footer's two boxes half the width each (cheaper to lay out than
    automatic widths); the date and the page counter land exactly where automatic widths put them."""
    from weasyprint import CSS, HTML

    html = (
        '<html lang="en"><head><title>Footer</title><style>.date { string-set: reportdate content(text) }'
        '@page { @bottom-right { content: "Page " counter(page) " of " counter(pages) } }</style></head>'
        '<body><p class="date">7 December 2026</p><p style="break-before: page">Second page</p></body></html>'
    )
    automatic = CSS(string="@page { @bottom-left { width: auto } @bottom-right { width: auto } }")

    def render(*extra):
        document = HTML(string=html, base_url=pdf.BASE_URL, url_fetcher=pdf.StaticOnlyFetcher())
        return document.write_pdf(stylesheets=[pdf.stylesheet(), *extra], font_config=pdf.font_config())

    ours, theirs = render(), render(automatic)
    assert ours == theirs
    assert "Page 2 of 2" in read(ours)[1][1] and "7 December 2026" in read(ours)[1][1]
