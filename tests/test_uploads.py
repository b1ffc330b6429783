"""check_upload refuses every kind of bad file with a message the user can act on, and
accepts a good file by its content whatever its name says."""

import time

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from oslo_procurement import uploads
from oslo_procurement.uploads import DOCX, PDF, XLSX, check_upload, safe_filename, store_private

from .suppliers import cmrt_workbooks as w


def refused(content, name, **kwargs):
    with pytest.raises(ValidationError) as caught:
        check_upload(SimpleUploadedFile(name, content), **kwargs)
    [message] = caught.value.messages
    return caught.value.error_list[0].code, message


def test_a_real_xlsx_is_accepted():
    checked = check_upload(SimpleUploadedFile("CMRT.xlsx", w.build_cmrt()), allowed=[XLSX])
    assert checked.kind == XLSX
    assert checked.safe_name == "CMRT.xlsx"
    assert len(checked.sha256) == 64


def test_macro_enabled_workbook():
    code, message = refused(w.as_xlsm(), "cmrt.xlsm", allowed=[XLSX])
    assert code == "macro"
    assert message == "Macro-enabled files (.xlsm, .docm) are not accepted. Save the file as a plain .xlsx or .docx."


def test_macro_enabled_workbook_renamed_xlsx():
    assert refused(w.as_xlsm(), "cmrt.xlsx", allowed=[XLSX])[0] == "macro"


def test_zip_bomb_is_refused_from_the_directory_alone():
    bomb = w.zip_bomb()  # built outside the clock: only the check is timed
    started = time.perf_counter()
    code, message = refused(bomb, "cmrt.xlsx", allowed=[XLSX])
    assert time.perf_counter() - started < 1
    assert code == "zip_bomb"
    assert message.startswith("The file unpacks to 300")
    assert message.endswith("far more than a normal Office file; it was refused.")


def test_too_many_parts(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_ZIP_MEMBERS", 5)
    code, message = refused(w.build_cmrt(), "cmrt.xlsx", allowed=[XLSX])
    assert code == "zip_bomb"
    assert message == "The file has too many parts to be a normal Office file."


def test_pdf_renamed_xlsx():
    code, message = refused(w.pdf_bytes(), "cmrt.xlsx", allowed=[XLSX])
    assert code == "content_mismatch"
    assert message == "The file's name says XLSX, but it is a PDF document. Accepted: XLSX."


def test_text_file_renamed_pdf():
    code, message = refused(w.text_bytes(), "certificate.pdf")
    assert code == "content_mismatch"
    assert message == "The file's name says PDF, but its content is not. Accepted: PDF, PNG, JPG, XLSX, DOCX."


def test_xlsx_named_pdf_is_taken_for_what_it_is():
    checked = check_upload(SimpleUploadedFile("audit report.pdf", w.build_cmrt()))
    assert checked.kind == XLSX
    assert checked.safe_name == "audit report.xlsx"


def test_xlsx_named_pdf_where_only_pdf_is_accepted():
    code, message = refused(w.build_cmrt(), "audit.pdf", allowed=[PDF])
    assert code == "content_mismatch"
    assert message == "The file's name says PDF, but it is an Excel workbook (.xlsx). Accepted: PDF."


def test_a_word_document_where_a_workbook_is_expected():
    code, message = refused(w.docx_bytes(), "cmrt.docx", allowed=[XLSX])
    assert code == "kind"
    assert message == "The file is a Word document (.docx), which is not accepted here. Accepted: XLSX."


def test_plain_zip_and_broken_zip():
    assert refused(w.plain_zip_bytes(), "cmrt.zip", allowed=[XLSX, DOCX])[1] == (
        "The file is a ZIP archive, not an Office document."
    )
    assert refused(b"PK\x03\x04 truncated", "cmrt.xlsx", allowed=[XLSX])[1] == (
        "The file is damaged: it is not a readable Office file."
    )


def test_old_excel_or_password_protected_file():
    code, message = refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "cmrt.xls", allowed=[XLSX])
    assert code == "legacy_office"
    assert "old-format Office file (.xls, .doc) or a password-protected one" in message


def test_unknown_kind_without_a_telling_name():
    code, message = refused(b"\x00\x01binary", "data.bin", allowed=[XLSX])
    assert code == "kind"
    assert message == "This kind of file is not accepted. Accepted: XLSX."


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd.xlsx", "passwd.xlsx"),
        ("..\\..\\windows\\system32\\cmrt.xlsx", "cmrt.xlsx"),
        ("/etc/cron.d/cmrt.xlsx", "cmrt.xlsx"),
        ("cmrt\x00.xlsx.exe", "cmrt.xlsx.xlsx"),
        ("   ", "file.xlsx"),
        ("CMRT <script>.xlsx", "CMRT _script_.xlsx"),
    ],
)
def test_path_traversal_and_odd_names_are_neutralised(name, expected):
    checked = check_upload(SimpleUploadedFile("x.xlsx", w.build_cmrt()), allowed=[XLSX])
    assert safe_filename(name, checked.kind) == expected


def test_stored_path_never_comes_from_the_name(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    checked = check_upload(SimpleUploadedFile("../../etc/passwd.xlsx", w.build_cmrt()), allowed=[XLSX])
    path = store_private(checked, folder="cmrt")
    assert path.startswith("private/cmrt/") and "passwd" not in path and ".." not in path
    assert (tmp_path / path).read_bytes() == checked.content


def test_oversized_file_by_its_declared_size(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_UPLOAD_BYTES", 1000)
    code, message = refused(w.build_cmrt(), "cmrt.xlsx", allowed=[XLSX])
    assert code == "too_large"
    assert message.startswith("The file is ") and message.endswith("; the limit is 1000\xa0bytes.")


def test_oversized_file_that_lies_about_its_size(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_UPLOAD_BYTES", 1000)
    upload = ContentFile(b"%PDF-" + b"x" * 5000, name="big.pdf")
    upload.size = None  # a stream without a known size is measured while reading
    with pytest.raises(ValidationError) as caught:
        check_upload(upload)
    assert caught.value.messages == ["The file is larger than 1000\xa0bytes."]


def test_empty_file():
    code, message = refused(b"", "cmrt.xlsx", allowed=[XLSX])
    assert (code, message) == ("empty", "The file is empty.")


def test_no_file():
    with pytest.raises(ValidationError, match="Choose a file."):
        check_upload(None)


def test_the_file_is_read_from_the_start():
    upload = SimpleUploadedFile("cmrt.xlsx", w.build_cmrt())
    upload.read(100)
    assert check_upload(upload, allowed=[XLSX]).kind == XLSX


def test_serve_private_file_headers(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    checked = check_upload(SimpleUploadedFile("a.pdf", w.pdf_bytes()), allowed=[PDF])
    path = store_private(checked, folder="evidence")
    response = uploads.serve_private_file(path, filename="a.pdf", content_type=checked.content_type)
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == w.pdf_bytes()


def test_xml_bomb_is_refused_at_upload_wherever_the_office_file_goes():
    """Every Office upload (not only a CMRT) is checked for XML entity declarations; the
    CMRT reader (defusedxml under openpyxl) would refuse it too, with the sheet named."""
    from suppliers.cmrt.parser import CmrtError, parse_cmrt

    code, message = refused(w.with_xml_bomb(), "cmrt.xlsx", allowed=[XLSX])
    assert code == "xml_entities"
    assert message == "The file contains XML declarations that Office files never have; it was refused."
    with pytest.raises(CmrtError) as caught:
        parse_cmrt(w.with_xml_bomb())
    [problem] = caught.value.problems
    assert problem.sheet == "Declaration"
    assert "XML entity declarations" in problem.message
