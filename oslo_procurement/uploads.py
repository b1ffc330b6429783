"""Uploaded files: checked by content (never by name or the browser's content type), limited
in size, stored under random names outside every URL, and served only through views that
check permission first (``serve_private_file``)."""

import hashlib
import io
import re
import unicodedata
import uuid
import zipfile
import zlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
# A real CMRT is 1-3 MB zipped and well under 60 MB unzipped; a ZIP bomb is far above.
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_ZIP_RATIO = 150
MAX_ZIP_MEMBERS = 2000

PDF, PNG, JPEG, XLSX, DOCX = "pdf", "png", "jpeg", "xlsx", "docx"
EVIDENCE_KINDS = (PDF, PNG, JPEG, XLSX, DOCX)
_EXTENSIONS = {PDF: ".pdf", PNG: ".png", JPEG: ".jpg", XLSX: ".xlsx", DOCX: ".docx"}
CONTENT_TYPES = {
    PDF: "application/pdf",
    PNG: "image/png",
    JPEG: "image/jpeg",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@dataclass(frozen=True)
class CheckedFile:
    content: bytes
    kind: str
    safe_name: str
    sha256: str

    @property
    def size(self):
        return len(self.content)

    @property
    def content_type(self):
        return CONTENT_TYPES[self.kind]


def safe_filename(name, kind=None):
    """A display name without paths, control characters or odd punctuation."""
    name = unicodedata.normalize("NFKC", str(name or "")).replace("\\", "/").split("/")[-1]
    name = re.sub(r"[\x00-\x1f\x7f]", "", name)
    name = re.sub(r"[^\w.\- ()]+", "_", name).strip(" .") or "file"
    stem, dot, ext = name.rpartition(".")
    if kind is not None:
        stem = stem if dot else name
        ext = _EXTENSIONS[kind].lstrip(".")
        name = f"{stem}.{ext}"
    return name[-150:]


def office_zip_kind(content):
    """xlsx or docx by the package's own parts, after checking the ZIP is not a bomb and
    carries no macros. Only the ZIP directory is read here, never a member's data.

    The sizes checked are the ones the directory declares. Python's zipfile never inflates
    a member past its declared size (it stops there and then fails the CRC check), so a
    directory that lies about a size cannot make a later reader (openpyxl) unpack more."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise ValidationError(_("The file is damaged: it is not a readable Office file."), code="bad_zip") from None
    if len(members) > MAX_ZIP_MEMBERS:
        raise ValidationError(_("The file has too many parts to be a normal Office file."), code="zip_bomb")
    unzipped = sum(m.file_size for m in members)
    if unzipped > MAX_UNZIPPED_BYTES or unzipped > MAX_ZIP_RATIO * max(len(content), 1):
        raise ValidationError(
            _("The file unpacks to %(size)s, far more than a normal Office file; it was refused.")
            % {"size": filesizeformat(unzipped)},
            code="zip_bomb",
        )
    names = {m.filename for m in members}
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise ValidationError(
            _("Macro-enabled files (.xlsm, .docm) are not accepted. Save the file as a plain .xlsx or .docx."),
            code="macro",
        )
    if any(m.flag_bits & 0x1 for m in members):
        raise ValidationError(_("The file is encrypted. Remove the password and upload it again."), code="encrypted")
    _refuse_xml_declarations(archive, members)
    if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
        return XLSX
    if "[Content_Types].xml" in names and "word/document.xml" in names:
        return DOCX
    raise ValidationError(_("The file is a ZIP archive, not an Office document."), code="bad_zip")


XML_PROLOG_BYTES = 4096


def _refuse_xml_declarations(archive, members):
    """No XML part of an Office file may declare a DOCTYPE or entities (billion laughs,
    external entities): a real Office file never does. A declaration can only come before
    the root element, so the first few kilobytes of each part are enough to read."""
    for member in members:
        if not member.filename.lower().endswith((".xml", ".rels", ".vml")):
            continue
        try:
            with archive.open(member) as part:
                head = part.read(XML_PROLOG_BYTES)
        except (zipfile.BadZipFile, ValueError, EOFError, NotImplementedError, RuntimeError):
            raise ValidationError(
                _("The file is damaged: it is not a readable Office file."),
                code="damaged_part",
                params={"part": member.filename},
            ) from None
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            head = head.decode("utf-16", "ignore").encode()
        upper = head.upper()
        if b"<!DOCTYPE" in upper or b"<!ENTITY" in upper:
            raise ValidationError(
                _("The file contains XML declarations that Office files never have; it was refused."),
                code="xml_entities",
                params={"part": member.filename},
            )


_PDF_NAME = re.compile(rb"/((?:[A-Za-z0-9]|#[0-9A-Fa-f]{2})+)")
_PDF_ACTIVE = {b"JavaScript", b"JS", b"Launch", b"RichMedia"}
_PDF_STREAM = re.compile(rb"stream\r?\n")
MAX_PDF_INFLATED = 50 * 1024 * 1024


def _pdf_names(data):
    for match in _PDF_NAME.finditer(data):
        yield re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), match.group(1))


def _pdf_streams(content):
    """The Flate-compressed streams of a PDF, inflated (object streams can hide objects),
    at most MAX_PDF_INFLATED bytes in all."""
    budget = MAX_PDF_INFLATED
    for match in _PDF_STREAM.finditer(content):
        if budget <= 0:
            return
        inflater = zlib.decompressobj()
        try:
            data = inflater.decompress(content[match.end() : match.end() + budget], budget)
        except zlib.error:
            continue
        budget -= len(data)
        yield data


def _ends_as_zip(content):
    """A ZIP archive's end record (and its comment) closes the file: it is also a ZIP."""
    at = content.rfind(b"PK\x05\x06", max(0, len(content) - 65557))
    if at < 0 or len(content) < at + 22:
        return False
    comment = int.from_bytes(content[at + 20 : at + 22], "little")
    return at + 22 + comment == len(content)


def refuse_active_content(content, kind):
    """PDFs that carry JavaScript (or launch actions), and files that are at once two kinds
    (a polyglot: an image or PDF that is also a ZIP archive, a web page or a PDF) are refused."""
    lower = content.lower()
    if b"<script" in lower or b"<html" in lower or _ends_as_zip(content) or (kind != PDF and b"%pdf-" in lower):
        raise ValidationError(
            _(
                "The file is at the same time another kind of file (a polyglot); it was refused. "
                "Save it again as a plain %(kind)s."
            )
            % {"kind": _KIND_NAMES[kind]},
            code="polyglot",
        )
    if kind != PDF:
        return
    for chunk in (content, *_pdf_streams(content)):
        if any(name in _PDF_ACTIVE for name in _pdf_names(chunk)):
            raise ValidationError(
                _(
                    "The PDF contains JavaScript or an action that starts a program, which is not accepted. "
                    "Print it to a new PDF (or export it without scripts) and upload that."
                ),
                code="pdf_javascript",
            )


# Old binary Office files (.xls, .doc) and password-protected Office files share this header.
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_KIND_NAMES = {
    PDF: _l("a PDF document"),
    PNG: _l("a PNG image"),
    JPEG: _l("a JPEG image"),
    XLSX: _l("an Excel workbook (.xlsx)"),
    DOCX: _l("a Word document (.docx)"),
}


def sniff(content):
    """The kind of file by its first bytes (and, for ZIP files, by its parts); None if unknown."""
    if content.startswith(b"%PDF-"):
        return PDF
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if content.startswith(b"\xff\xd8\xff"):
        return JPEG
    if content.startswith(b"PK\x03\x04"):
        return office_zip_kind(content)
    return None


def _accepted(allowed):
    return ", ".join(_EXTENSIONS[k].lstrip(".").upper() for k in allowed)


def check_upload(uploaded, *, allowed=EVIDENCE_KINDS, max_bytes=None):
    """Read and check an uploaded file; raise ValidationError with a message for the user.

    The kind is decided by the content; a file whose name says otherwise is accepted by
    its content and stored under the right extension (``safe_name``)."""
    max_bytes = max_bytes or MAX_UPLOAD_BYTES
    limit = {"limit": filesizeformat(max_bytes)}
    if uploaded is None:
        raise ValidationError(_("Choose a file."), code="required")
    if getattr(uploaded, "size", None) is not None and uploaded.size > max_bytes:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.") % {"size": filesizeformat(uploaded.size), **limit},
            code="too_large",
        )
    if hasattr(uploaded, "seek"):
        uploaded.seek(0)
    content = uploaded.read(max_bytes + 1)
    if len(content) > max_bytes:
        raise ValidationError(_("The file is larger than %(limit)s.") % limit, code="too_large")
    if not content:
        raise ValidationError(_("The file is empty."), code="empty")
    kind = sniff(content)
    if kind is None or kind not in allowed:
        names = _accepted(allowed)
        if kind is None and content.startswith(_OLE_MAGIC):
            raise ValidationError(
                _(
                    "This is an old-format Office file (.xls, .doc) or a password-protected one. "
                    "Remove any password and save it as %(names)s."
                )
                % {"names": names},
                code="legacy_office",
            )
        extension = (uploaded.name or "").rsplit(".", 1)[-1].lower() if "." in (uploaded.name or "") else ""
        claimed_kind = {"pdf": PDF, "png": PNG, "jpg": JPEG, "jpeg": JPEG, "xlsx": XLSX, "docx": DOCX}.get(extension)
        if claimed_kind is not None and claimed_kind != kind:
            if kind is None:
                raise ValidationError(
                    _("The file's name says %(claimed)s, but its content is not. Accepted: %(names)s.")
                    % {"claimed": extension.upper(), "names": names},
                    code="content_mismatch",
                )
            raise ValidationError(
                _("The file's name says %(claimed)s, but it is %(kind)s. Accepted: %(names)s.")
                % {"claimed": extension.upper(), "kind": _KIND_NAMES[kind], "names": names},
                code="content_mismatch",
            )
        if kind is not None:
            raise ValidationError(
                _("The file is %(kind)s, which is not accepted here. Accepted: %(names)s.")
                % {"kind": _KIND_NAMES[kind], "names": names},
                code="kind",
            )
        raise ValidationError(
            _("This kind of file is not accepted. Accepted: %(names)s.") % {"names": names}, code="kind"
        )
    if kind in (PDF, PNG, JPEG):
        refuse_active_content(content, kind)
    return CheckedFile(
        content=content,
        kind=kind,
        safe_name=safe_filename(uploaded.name, kind),
        sha256=hashlib.sha256(content).hexdigest(),
    )


def store_private(checked, *, folder):
    """Save under a random name; return the storage path (never derived from user input)."""
    from django.core.files.base import ContentFile

    path = f"private/{folder}/{uuid.uuid4().hex}{_EXTENSIONS[checked.kind]}"
    return default_storage.save(path, ContentFile(checked.content))


def serve_private_file(path, *, filename, content_type):
    """Stream a stored file as a download; call only after the permission check."""
    response = FileResponse(default_storage.open(path, "rb"), as_attachment=True, filename=filename)
    response["Content-Type"] = content_type
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
