"""Hostile or oversized input costs no more than it must: a body larger than the limit is
refused before it is read, Office files with XML declarations, PDFs with JavaScript and
polyglot files are refused with a message, and pages behind the login are never cached."""

import io
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from oslo_procurement.uploads import check_upload

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


class Unreadable(io.RawIOBase):
    def read(self, *args):  # pragma: no cover - the point is that nobody calls it
        raise AssertionError("the body was read")

    readline = read


def test_a_body_larger_than_the_limit_is_refused_before_it_is_read(client, settings):
    assert settings.REQUEST_MAX_BYTES == 21 * 1024 * 1024
    response = client.generic(
        "POST",
        reverse("accounts:login"),
        b"",
        content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH=str(200 * 1024 * 1024),
        **{"wsgi.input": Unreadable()},
    )
    assert response.status_code == 413 and "nothing was read or saved" in response.content.decode()


def test_pages_behind_the_login_are_not_stored(officer_client, client):
    assert officer_client.get(reverse("suppliers:list"))["Cache-Control"] == "no-store, private"


def office(part, xml):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook/>')
        archive.writestr(part, xml)
    return SimpleUploadedFile("suppliers.xlsx", buffer.getvalue())


def refused(upload):
    with pytest.raises(ValidationError) as caught:
        check_upload(upload)
    return caught.value.messages[0]


@pytest.mark.parametrize(
    "xml",
    [
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><sheet>&lol2;</sheet>',
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><sheet>&xxe;</sheet>',
    ],
    ids=["billion laughs", "external entity"],
)
def test_an_office_file_with_xml_entity_declarations_is_refused(xml):
    assert "XML declarations" in refused(office("xl/worksheets/sheet1.xml", xml))


def test_a_plain_office_file_is_accepted():
    assert check_upload(office("xl/worksheets/sheet1.xml", '<?xml version="1.0"?><sheet/>')).kind == "xlsx"


@pytest.mark.parametrize(
    "body",
    [
        PDF.replace(b"/Pages 2 0 R", b"/Pages 2 0 R /OpenAction << /S /JavaScript /JS (app.alert(1)) >>"),
        PDF.replace(b"/Pages 2 0 R", b"/Pages 2 0 R /OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >>"),
        PDF.replace(
            b"trailer",
            b"3 0 obj\n<< /Type /ObjStm /Filter /FlateDecode >>\nstream\n"
            + zlib.compress(b"<< /S /JavaScript /JS (app.alert(1)) >>")
            + b"\nendstream\nendobj\ntrailer",
        ),
    ],
    ids=["plain", "name escapes", "inside a compressed object stream"],
)
def test_a_pdf_with_javascript_is_refused(body):
    assert "JavaScript" in refused(SimpleUploadedFile("policy.pdf", body))


def test_a_polyglot_is_refused_and_a_plain_pdf_accepted():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.html", "<p>hi</p>")
    assert "polyglot" in refused(SimpleUploadedFile("policy.pdf", PDF + buffer.getvalue()))
    assert "polyglot" in refused(SimpleUploadedFile("logo.png", b"\x89PNG\r\n\x1a\n" + b"<script>alert(1)</script>"))
    assert check_upload(SimpleUploadedFile("policy.pdf", PDF)).kind == "pdf"
