"""Writes for CMRTs and the smelter reference list, and the attention rules an officer
reads a CMRT by.

``cmrt_import`` checks the upload, parses it, and only then stores the file and writes the
evidence, the report and its smelter rows in one transaction; if the transaction fails the
stored file is removed again, so a rejected or failed upload leaves nothing behind.

``cmrt_attention`` lists what needs a look, most serious first. The country sets are
module constants (settings may extend the CAHRA set):

- COVERED_COUNTRIES: the DRC and its nine neighbours (Dodd-Frank 1502 "covered countries").
- CAHRA_COUNTRIES: covered countries plus a deliberately short list of areas with well
  documented 3TG conflict financing (Myanmar: tin/tungsten; Afghanistan; Colombia and
  Venezuela: gold; Sudan: gold). The EU's indicative CAHRA list is longer and changes; set
  ``CMRT_EXTRA_CAHRA_COUNTRIES`` (CMRT country names) to follow it.
- RMAP statuses: ``ATTENTION_LEVELS`` gives each one an attention level, shown on the
  reference list and used for the smelter rows of every CMRT:

  * red flag (high): Non-conformant, Outreach required, In communication. The facility failed
    the assessment or does not take part; a buyer asks the supplier to remove it or explain.
  * pass (no flag): Conformant, and Cross-recognised (passed an equivalent standard, which RMI
    lists alongside conformant facilities).
  * in progress (low): Active (in the assessment) and Eligible (may enter it).
  * review (medium): Not eligible (RMI cannot assess the facility, so it can never be
    validated: often a trader or a facility outside 3TG; the supplier must say why it is in
    the chain), "Not in RMAP", and a status the import did not know (kept as written and
    flagged for the administrator until the list is corrected).
"""

import csv
import datetime
import io
import logging
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.utils.translation import ngettext
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from oslo_procurement.audit.services import record_event
from oslo_procurement.core import save_record
from oslo_procurement.queue import enqueue
from oslo_procurement.uploads import CONTENT_TYPES, XLSX, check_upload, store_private

from ..models import CmrtReport, CmrtSmelter, CmrtUpload, Evidence, Metal, SmelterListImport, SmelterReference
from .access import may_change_smelters
from .parser import (
    CID_PATTERN,
    COMPANY_QUESTIONS,
    METAL_LABELS,
    METALS,
    NOT_IDENTIFIED,
    NOT_LISTED,
    CmrtData,
    CmrtError,
    Problem,
    estimate_smelter_rows,
    normalise_cid,
    parse_cmrt,
)

logger = logging.getLogger(__name__)

# A CMRT is refreshed yearly: the evidence is valid for one year from its effective date.
VALIDITY_YEARS = 1
# Company questions whose "No" needs a conversation: A policy, C audited smelters,
# D due diligence, G corrective action.
COMPANY_NO_FLAGS = ("A", "C", "D", "G")
HIGH, MEDIUM, LOW = "high", "medium", "low"
RED_FLAG, PASS, IN_PROGRESS, REVIEW = "red_flag", "pass", "in_progress", "review"
_Status = SmelterReference.RmapStatus
ATTENTION_LEVELS = {
    _Status.NON_CONFORMANT: RED_FLAG,
    _Status.OUTREACH_REQUIRED: RED_FLAG,
    _Status.IN_COMMUNICATION: RED_FLAG,
    _Status.CONFORMANT: PASS,
    _Status.CROSS_RECOGNISED: PASS,
    _Status.ACTIVE: IN_PROGRESS,
    _Status.ELIGIBLE: IN_PROGRESS,
    _Status.NOT_ELIGIBLE: REVIEW,
    _Status.NOT_ENROLLED: REVIEW,
    _Status.UNKNOWN: REVIEW,
}
ATTENTION_LABELS = {
    RED_FLAG: _l("Red flag"),
    PASS: _l("Passes"),
    IN_PROGRESS: _l("In progress"),
    REVIEW: _l("Needs review"),
}
# The severity of a smelter row's flag at each attention level (a pass raises no flag).
LEVEL_SEVERITY = {RED_FLAG: HIGH, IN_PROGRESS: LOW, REVIEW: MEDIUM}
OK_STATUSES = {status for status, level in ATTENTION_LEVELS.items() if level == PASS}


def attention_level(status):
    """The attention level of an RMAP status (a value of SmelterReference.RmapStatus)."""
    return ATTENTION_LEVELS.get(status, REVIEW)


# Questions 3 (covered countries) and 4 (CAHRA): the answers that need a look.
ORIGIN_MESSAGES = {
    ("3", "Unknown"): _l("%(metal)s: the supplier does not know whether any comes from the covered countries (Q3)."),
    ("4", "Unknown"): _l("%(metal)s: the supplier does not know whether any comes from high-risk areas (Q4)."),
    ("3", "Yes"): _l("%(metal)s: some comes from the covered countries (Q3); check the due diligence."),
    ("4", "Yes"): _l("%(metal)s: some comes from conflict-affected and high-risk areas (Q4); check the due diligence."),
}
SEVERITY_ORDER = {HIGH: 0, MEDIUM: 1, LOW: 2}


def country_key(name):
    """A country name compared the way CMRTs spell it: case, punctuation and "the" ignored."""
    name = (name or "").lower().replace("&", " and ")
    name = re.sub(r"[^\w\s]", " ", name)
    words = [w for w in name.split() if w != "the"]
    return " ".join(words)


COVERED_COUNTRIES = frozenset(
    country_key(name)
    for name in (
        # The DRC, as CMRT 6.x and other lists spell it
        "Congo, Democratic Republic of the",
        "Democratic Republic of the Congo",
        "Democratic Republic of Congo",
        "DR Congo",
        "DRC",
        "Congo (Kinshasa)",
        "Congo-Kinshasa",
        # its nine neighbours
        "Angola",
        "Burundi",
        "Central African Republic",
        "Congo",
        "Republic of the Congo",
        "Republic of Congo",
        "Congo, Republic of the",
        "Congo (Brazzaville)",
        "Congo-Brazzaville",
        "Rwanda",
        "South Sudan",
        "Tanzania",
        "Tanzania, United Republic of",
        "United Republic of Tanzania",
        "Uganda",
        "Zambia",
    )
)
_CAHRA_EXTRA = (
    "Myanmar",
    "Burma",
    "Afghanistan",
    "Colombia",
    "Venezuela",
    "Venezuela, Bolivarian Republic of",
    "Sudan",
)


def cahra_countries():
    extra = getattr(settings, "CMRT_EXTRA_CAHRA_COUNTRIES", ())
    return COVERED_COUNTRIES | {country_key(name) for name in (*_CAHRA_EXTRA, *extra)}


# --- import -------------------------------------------------------------------------------


def _fit(model, name, value):
    """Cut text to the column's length (a 300-character comment must not fail the import)."""
    max_length = model._meta.get_field(name).max_length
    return value[:max_length] if max_length and isinstance(value, str) else value


def _years_later(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def evidence_title(data: CmrtData) -> str:
    date = data.effective_date.isoformat() if data.effective_date else ""
    return " ".join(part for part in ("CMRT", data.template_version, data.company_name, date) if part)[:200]


def build_report(data: CmrtData, *, supplier, actor=None) -> CmrtReport:
    """An unsaved CmrtReport holding what the parser read."""
    return CmrtReport(
        supplier=supplier,
        template_version=_fit(CmrtReport, "template_version", data.template_version),
        declaration_scope=_fit(CmrtReport, "declaration_scope", data.declaration_scope),
        scope_description=data.scope_description,
        company_name=_fit(CmrtReport, "company_name", data.company_name),
        company=data.company,
        effective_date=data.effective_date,
        metals_in_scope=data.metals_in_scope,
        metal_answers=data.metal_answers,
        company_answers=data.company_answers,
        products=data.products,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )


def build_smelters(data: CmrtData, report=None) -> list[CmrtSmelter]:
    names = [f.name for f in CmrtSmelter._meta.concrete_fields if f.name not in ("id", "report")]
    return [
        CmrtSmelter(report=report, **{name: _fit(CmrtSmelter, name, row.get(name, "")) for name in names})
        for row in data.smelters
    ]


def duplicate_of(supplier, sha256):
    """The supplier's current CMRT report stored from exactly these bytes, or None."""
    return (
        CmrtReport.objects.filter(supplier=supplier, evidence__sha256=sha256, archived_at__isnull=True)
        .order_by("-created_at")
        .first()
    )


def duplicate_message(earlier):
    return _(
        "This file was already uploaded on %(date)s (CMRT %(version)s, %(company)s); it was not stored again. "
        "To send changes, save them in the workbook and upload it again."
    ) % {
        "date": date_format(timezone.localtime(earlier.created_at).date(), "SHORT_DATE_FORMAT"),
        "version": earlier.template_version,
        "company": earlier.company_name,
    }


def cmrt_import(
    *,
    supplier,
    uploaded_file=None,
    content: bytes | None = None,
    filename: str = "cmrt.xlsx",
    actor=None,
    dry_run: bool = False,
    request=None,
) -> tuple[CmrtData, CmrtReport | None]:
    """Check, parse and save one CMRT for a supplier. Raises CmrtError (nothing saved) when
    the file is refused. With ``dry_run`` nothing is stored and the report is None."""
    if uploaded_file is None:
        if content is None:
            raise TypeError("cmrt_import needs uploaded_file or content")
        uploaded_file = ContentFile(content, name=filename)
    if supplier.is_archived:
        raise CmrtError([Problem(None, None, None, _("This supplier is archived; restore it before adding a CMRT."))])
    try:
        checked = check_upload(uploaded_file, allowed=[XLSX])
    except ValidationError as exc:
        raise CmrtError([Problem(None, None, None, message) for message in exc.messages]) from None
    earlier = duplicate_of(supplier, checked.sha256)
    if earlier is not None and not dry_run:
        # The same bytes for the same supplier: nothing new to read, and a second copy would
        # count twice in every report. Checked before parsing, so it costs nothing.
        raise CmrtError([Problem(None, None, None, duplicate_message(earlier))])
    data = parse_cmrt(checked.content)
    if earlier is not None:
        data.warnings.append(Problem(None, None, None, duplicate_message(earlier)))
    if dry_run:
        return data, None

    user = actor if getattr(actor, "is_authenticated", False) else None
    evidence, report, smelters = _prepare(supplier, checked, data, user)
    stored = store_private(checked, folder="cmrt")
    try:
        with transaction.atomic():
            _save(supplier, checked.sha256, data, evidence, report, smelters, stored=stored, user=user, request=request)
    except Exception:
        default_storage.delete(stored)
        raise
    return data, report


def _prepare(supplier, checked, data, user):
    """The evidence, report and smelter rows of a parsed CMRT, checked and not saved yet.
    ``checked`` has safe_name, content_type, size and sha256 (a CheckedFile or a CmrtUpload)."""
    evidence = Evidence(
        supplier=supplier,
        kind=Evidence.Kind.CMRT,
        title=evidence_title(data),
        issuer=data.company_name[:200],
        valid_from=data.effective_date,
        valid_to=_years_later(data.effective_date, VALIDITY_YEARS) if data.effective_date else None,
        file_name=checked.safe_name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=user,
        file_path="pending",  # satisfies the file-or-URL rule while validating
    )
    evidence.full_clean()
    report = build_report(data, supplier=supplier, actor=user)
    # uploaded_by may be empty (the command line) though the field is not blank=True.
    report.full_clean(exclude=["evidence", "uploaded_by"])
    return evidence, report, build_smelters(data)


def _save(supplier, sha256, data, evidence, report, smelters, *, stored, user, request=None):
    """Write the evidence, the report and its smelter rows (inside the caller's transaction)."""
    evidence.file_path = stored
    save_record(evidence, actor=user)
    report.evidence = evidence
    report._history_user = user
    report.save()
    for smelter in smelters:
        smelter.report = report
    CmrtSmelter.objects.bulk_create(smelters, batch_size=2500)
    record_event(
        actor=user,
        event_type="cmrt_imported",
        target=report,
        request=request,
        details={
            "supplier": str(supplier.public_id),
            "version": data.template_version,
            "smelters": len(smelters),
            "sha256": sha256,
        },
    )


# --- large workbooks in the background ------------------------------------------------------

# A background upload whose worker has said nothing for this long is taken by the catch-up
# job (its worker died, or its task never came); after MAX_ATTEMPTS it is refused.
UPLOAD_STALE_AFTER = datetime.timedelta(minutes=5)
UPLOAD_QUEUED_GRACE = datetime.timedelta(minutes=1)
UPLOAD_MAX_ATTEMPTS = 3
UPLOAD_CATCH_UP_BATCH = 5
_Upload = CmrtUpload.Status


@dataclass(frozen=True)
class _StoredFile:
    safe_name: str
    content_type: str
    size: int
    sha256: str


def cmrt_upload_start(*, supplier, uploaded_file, actor=None, request=None) -> CmrtUpload | None:
    """Store a CMRT whose Smelter List names more than settings.CMRT_BACKGROUND_ROWS rows
    and queue it for a worker (after the commit; if the broker is down the catch-up job
    takes it). Returns the CmrtUpload, or None for a smaller workbook (the caller reads it
    at once with cmrt_import; the file is rewound). Raises CmrtError, nothing stored, for a
    refused file, an archived supplier, or a workbook already stored or being read."""
    if supplier.is_archived:
        raise CmrtError([Problem(None, None, None, _("This supplier is archived; restore it before adding a CMRT."))])
    try:
        checked = check_upload(uploaded_file, allowed=[XLSX])
    except ValidationError as exc:
        raise CmrtError([Problem(None, None, None, message) for message in exc.messages]) from None
    rows = estimate_smelter_rows(checked.content)
    if rows <= settings.CMRT_BACKGROUND_ROWS:
        uploaded_file.seek(0)
        return None
    earlier = duplicate_of(supplier, checked.sha256)
    if earlier is not None:
        raise CmrtError([Problem(None, None, None, duplicate_message(earlier))])
    pending = CmrtUpload.objects.filter(
        supplier=supplier, sha256=checked.sha256, status__in=[_Upload.QUEUED, _Upload.PROCESSING]
    ).first()
    if pending is not None:
        raise CmrtError(
            [Problem(None, None, None, _("This file is already being read; its progress is shown on its page."))]
        )
    user = actor if getattr(actor, "is_authenticated", False) else None
    stored = store_private(checked, folder="cmrt")
    try:
        with transaction.atomic():
            upload = CmrtUpload.objects.create(
                supplier=supplier,
                file_path=stored,
                file_name=checked.safe_name,
                size=checked.size,
                sha256=checked.sha256,
                rows_total=rows,
                uploaded_by=user,
            )
            record_event(
                actor=user,
                event_type="cmrt_upload_queued",
                target=upload,
                request=request,
                details={"supplier": str(supplier.public_id), "rows": rows, "sha256": checked.sha256},
            )
            transaction.on_commit(lambda: _enqueue(upload.pk))
    except Exception:
        default_storage.delete(stored)
        raise
    return upload


def _enqueue(upload_id):
    """A broker that is down is logged, never raised: the upload waits as queued and the
    catch-up job reads it."""
    enqueue("suppliers.tasks.process_cmrt_upload", upload_id, log=logger, later="the catch-up job will take it")


def cmrt_upload_process(*, upload_id) -> CmrtUpload | None:
    """Read a stored background upload and make its report. Safe to run twice or at the
    same time: the report is written in one transaction with the upload row locked and
    marked done, so a second run (a redelivered task, the catch-up job) finds it done and
    does nothing. A run that dies half-way leaves the upload "being read" with no report;
    the next run starts again from the first row."""
    upload = CmrtUpload.objects.select_related("supplier", "uploaded_by").filter(pk=upload_id).first()
    if upload is None or upload.finished:
        return upload
    # The problems and warnings are kept in the words of the person who uploaded the file.
    with translation.override(getattr(upload.uploaded_by, "language", None) or settings.LANGUAGE_CODE):
        return _process(upload)


def _process(upload):
    claimed = CmrtUpload.objects.filter(pk=upload.pk, status__in=[_Upload.QUEUED, _Upload.PROCESSING]).update(
        status=_Upload.PROCESSING, rows_done=0, attempts=F("attempts") + 1, updated_at=timezone.now()
    )
    if not claimed:
        return upload
    total = upload.rows_total

    def progress(rows):
        CmrtUpload.objects.filter(pk=upload.pk, status=_Upload.PROCESSING).update(
            rows_done=min(rows, total), updated_at=timezone.now()
        )

    try:
        content = _read_stored(upload.file_path)
        data = parse_cmrt(content, progress=progress)
        with transaction.atomic():
            locked = CmrtUpload.objects.select_for_update().get(pk=upload.pk)
            if locked.status != _Upload.PROCESSING:
                return locked  # another run finished it meanwhile
            earlier = duplicate_of(upload.supplier, upload.sha256)
            if earlier is not None:
                raise CmrtError([Problem(None, None, None, duplicate_message(earlier))])
            stored_file = _StoredFile(upload.file_name, CONTENT_TYPES[XLSX], upload.size, upload.sha256)
            evidence, report, smelters = _prepare(upload.supplier, stored_file, data, upload.uploaded_by)
            _save(
                upload.supplier,
                upload.sha256,
                data,
                evidence,
                report,
                smelters,
                stored=upload.file_path,
                user=upload.uploaded_by,
            )
            locked.report = report
            locked.status = _Upload.DONE
            locked.rows_done = locked.rows_total = len(smelters)
            locked.warnings = [_problem_json(w) for w in data.warnings[:200]]
            locked.finished_at = timezone.now()
            locked.save()
            return locked
    except CmrtError as exc:
        return _upload_refused(upload, exc.problems)
    except ValidationError as exc:
        return _upload_refused(upload, [Problem(None, None, None, message) for message in exc.messages])


def _read_stored(path):
    with default_storage.open(path, "rb") as handle:
        return handle.read()


def _problem_json(problem):
    return {
        "sheet": problem.sheet or "",
        "row": problem.row,
        "column": problem.column or "",
        "message": problem.message,
    }


def _upload_refused(upload, problems):
    """The workbook cannot be imported: say why on its page, remove the stored file."""
    with transaction.atomic():
        refused = CmrtUpload.objects.filter(pk=upload.pk, status=_Upload.PROCESSING).update(
            status=_Upload.FAILED,
            problems=[_problem_json(p) for p in problems[:200]],
            finished_at=timezone.now(),
            updated_at=timezone.now(),
        )
        if refused:
            record_event(
                actor=upload.uploaded_by,
                event_type="cmrt_upload_refused",
                target=upload,
                details={"supplier": str(upload.supplier.public_id), "problems": len(problems)},
            )
            path = upload.file_path
            transaction.on_commit(lambda: default_storage.delete(path))
    upload.refresh_from_db()
    return upload


def cmrt_uploads_catch_up(*, now=None) -> dict:
    """Every minute: uploads still waiting a minute after they were stored (their task never
    came: the broker was down) and uploads being read whose worker has been silent for
    UPLOAD_STALE_AFTER (it died) are read here; one that failed so UPLOAD_MAX_ATTEMPTS times
    is refused with a message asking for a new upload. Returns counts."""
    now = now or timezone.now()
    due = list(
        CmrtUpload.objects.filter(
            Q(status=_Upload.QUEUED, updated_at__lt=now - UPLOAD_QUEUED_GRACE)
            | Q(status=_Upload.PROCESSING, updated_at__lt=now - UPLOAD_STALE_AFTER)
        )
        .order_by("created_at")
        .select_related("supplier", "uploaded_by")[:UPLOAD_CATCH_UP_BATCH]
    )
    counts = {"done": 0, "failed": 0}
    for upload in due:
        if upload.attempts >= UPLOAD_MAX_ATTEMPTS:
            CmrtUpload.objects.filter(pk=upload.pk, status=upload.status).update(status=_Upload.PROCESSING)
            upload = _upload_refused(
                upload,
                [
                    Problem(
                        None,
                        None,
                        None,
                        _(
                            "The file could not be read in %(count)s attempts. "
                            "Save it again in Excel and upload it again."
                        )
                        % {"count": UPLOAD_MAX_ATTEMPTS},
                    )
                ],
            )
        else:
            upload = cmrt_upload_process(upload_id=upload.pk)
        if upload is not None and upload.finished:
            counts["done" if upload.status == _Upload.DONE else "failed"] += 1
    return counts


# --- attention ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Flag:
    code: str
    severity: str
    message: str
    row: int | None = None  # the Smelter List row, for flags about one smelter
    metal: str | None = None
    # What the officer should do about it: shown on the officer's page, never in the portal.
    advice: str = ""

    @property
    def is_report_level(self):
        return self.row is None


def _metal(metal):
    return str(METAL_LABELS.get(metal, metal))


def _smelter_label(smelter):
    return smelter.name or smelter.lookup_name or _("(no name)")


def _declaration_flags(report, smelters, today):
    flags = []
    answers = report.metal_answers or {}

    def answer(number, metal):
        return (answers.get(number, {}).get(metal) or {}).get("answer", "")

    metals_with_smelters = {s.metal for s in smelters}
    for metal in METALS:
        if metal not in (report.metals_in_scope or []):
            continue
        name = {"metal": _metal(metal)}
        for number, code in (("3", "q3"), ("4", "q4")):
            message = ORIGIN_MESSAGES.get((number, answer(number, metal)))
            if message is not None:
                flags.append(Flag(f"{code}_{answer(number, metal).lower()}", MEDIUM, str(message) % name, metal=metal))
        share = answer("6", metal)
        if share and share != "100%":
            flags.append(
                Flag(
                    "q6_incomplete",
                    MEDIUM,
                    _("%(metal)s: only %(share)s of the relevant suppliers have answered (question 6).")
                    % {**name, "share": share},
                    metal=metal,
                )
            )
        if answer("7", metal) == "No":
            flags.append(
                Flag(
                    "q7_no",
                    MEDIUM,
                    _("%(metal)s: not all smelters have been identified (question 7).") % name,
                    metal=metal,
                )
            )
        if answer("8", metal) == "No":
            flags.append(
                Flag(
                    "q8_no",
                    MEDIUM,
                    _("%(metal)s: not all smelter information received has been reported (question 8).") % name,
                    metal=metal,
                )
            )
        unanswered = [n for n in "345678" if not answer(n, metal)]
        if unanswered:
            flags.append(
                Flag(
                    "unanswered",
                    LOW,
                    _("%(metal)s: questions %(numbers)s are not answered.")
                    % {**name, "numbers": ", ".join(unanswered)},
                    metal=metal,
                )
            )
        if metal not in metals_with_smelters:
            flags.append(
                Flag(
                    "no_smelters",
                    MEDIUM,
                    _("%(metal)s is in the product, but the smelter list names no %(metal)s smelter.") % name,
                    metal=metal,
                )
            )
    for letter in COMPANY_NO_FLAGS:
        if ((report.company_answers or {}).get(letter) or {}).get("answer") == "No":
            flags.append(
                Flag(
                    f"company_{letter.lower()}_no",
                    MEDIUM,
                    _("Company question %(letter)s answered No: %(question)s.")
                    % {"letter": letter, "question": COMPANY_QUESTIONS[letter]},
                )
            )
    if report.effective_date and report.effective_date < _years_later(today, -1):
        flags.append(
            Flag(
                "outdated",
                HIGH,
                _("The declaration's effective date is %(date)s, more than 12 months ago.")
                % {"date": date_format(report.effective_date, "SHORT_DATE_FORMAT")},
                advice=_("Ask for an updated CMRT."),
            )
        )
    return flags


# Legal-form words left out when company names are compared ("Nordlys Components Ltd." is
# "Nordlys Components AS" trading abroad only if the rest of the name is the same).
LEGAL_FORMS = frozenset(
    "as asa ab oy oyj aps a s ltd limited inc incorporated corp corporation co company llc plc gmbh ag sa "
    "s a bv b v nv n v srl spa sas sarl kk pte pty bhd sdn berhad group holding holdings the".split()
)


def company_key(name):
    """A company name without case, punctuation and legal-form words."""
    words = re.sub(r"[^\w\s]", " ", (name or "").casefold().replace("&", " and ")).split()
    return " ".join(w for w in words if w not in LEGAL_FORMS)


OTHER_REGISTERS = re.compile(r"duns|d-u-n-s|dun\s*(&|and)\s*bradstreet|\blei\b|\bgln\b|\bvat\b|\bmva\b", re.I)


def _digits(value):
    return re.sub(r"\D", "", value or "")


def _company_flags(report):
    """The company in the workbook against the supplier it was uploaded for: a different
    name or registry number is flagged (a parent company's CMRT can be right, so it never
    stops the upload)."""
    supplier = getattr(report, "supplier", None)
    if supplier is None or not supplier.legal_name:
        return []
    flags = []
    in_file, ours = company_key(report.company_name), company_key(supplier.legal_name)
    if in_file and ours and in_file not in ours and ours not in in_file:
        flags.append(
            Flag(
                "company_mismatch",
                MEDIUM,
                _("The company in the file, %(company)s, is not the supplier %(supplier)s.")
                % {"company": report.company_name, "supplier": supplier.legal_name},
                advice=_(
                    "Check with the supplier that the file covers what it delivers (a parent company's "
                    "CMRT can be right), or ask for its own CMRT."
                ),
            )
        )
    # The ids are compared only when the file's id can be a registry number like ours: a DUNS,
    # LEI, GLN or VAT number names another register, which the app does not keep.
    written = " ".join((report.company or {}).get(key, "") for key in ("unique_id", "unique_id_authority"))
    file_id = _digits((report.company or {}).get("unique_id", ""))
    known = [i for i in (_digits(supplier.org_number), _digits(supplier.foreign_registry_id)) if len(i) >= 6]
    other_register = OTHER_REGISTERS.search(written)
    comparable = [i for i in known if len(i) == len(file_id)]
    if not other_register and comparable and file_id not in comparable:
        flags.append(
            Flag(
                "company_id_mismatch",
                MEDIUM,
                _("The company id in the file, %(id)s, is not the supplier's registry number (%(ours)s).")
                % {
                    "id": report.company.get("unique_id", ""),
                    "ours": ", ".join(v for v in (supplier.org_number, supplier.foreign_registry_id) if v),
                },
                advice=_("Check that the file is this supplier's own declaration."),
            )
        )
    return flags


def _country_flags(smelter, cahra):
    flags = []
    label = {"row": smelter.row, "name": _smelter_label(smelter), "country": smelter.country}
    key = country_key(smelter.country)
    if key in COVERED_COUNTRIES:
        flags.append(
            Flag(
                "covered_country",
                HIGH,
                _("Row %(row)s: %(name)s is in %(country)s, one of the covered countries.") % label,
                row=smelter.row,
                metal=smelter.metal,
            )
        )
    elif key in cahra:
        flags.append(
            Flag(
                "cahra",
                HIGH,
                _("Row %(row)s: %(name)s is in %(country)s, a conflict-affected or high-risk area.") % label,
                row=smelter.row,
                metal=smelter.metal,
            )
        )
    mine_country = (smelter.mine_country or "").strip()
    if country_key(mine_country) in cahra:  # one country, possibly written "Congo, Democratic Republic of the"
        risky = [mine_country]
    else:
        parts = [part.strip() for part in re.split(r"[,;/\n]|\band\b", mine_country) if part.strip()]
        risky = [part for part in parts if country_key(part) in cahra]
    if risky:
        flags.append(
            Flag(
                "mine_cahra",
                HIGH,
                _("Row %(row)s: %(name)s sources from mines in %(countries)s.")
                % {**label, "countries": ", ".join(risky)},
                row=smelter.row,
                metal=smelter.metal,
            )
        )
    return flags


def _smelter_flags(smelters, references, *, check_references=True):
    flags = []
    cahra = cahra_countries()
    seen_cid = {}
    seen_name = {}
    statuses = dict(SmelterReference.RmapStatus.choices)
    for smelter in smelters:
        label = {"row": smelter.row, "name": _smelter_label(smelter), "metal": _metal(smelter.metal)}
        lookup = (smelter.lookup_name or "").strip().lower()
        has_cid = bool(CID_PATTERN.match(smelter.cid or ""))
        if lookup == NOT_IDENTIFIED:
            flags.append(
                Flag(
                    "not_identified",
                    HIGH,
                    _("Row %(row)s: a %(metal)s smelter is not yet identified.") % label,
                    row=smelter.row,
                    metal=smelter.metal,
                )
            )
        elif lookup == NOT_LISTED and not has_cid:
            flags.append(
                Flag(
                    "not_listed",
                    MEDIUM,
                    _("Row %(row)s: %(name)s is marked 'Smelter not listed': it is not in the RMI smelter list.")
                    % label,
                    row=smelter.row,
                    metal=smelter.metal,
                )
            )
        elif not has_cid:
            flags.append(
                Flag(
                    "no_cid",
                    MEDIUM,
                    _("Row %(row)s: %(name)s has no smelter id (CID).") % label,
                    row=smelter.row,
                    metal=smelter.metal,
                )
            )
        if has_cid:
            key = (smelter.cid, smelter.metal)
            if key in seen_cid:
                flags.append(
                    Flag(
                        "duplicate",
                        LOW,
                        _("Row %(row)s repeats row %(first)s (the same smelter id and metal).")
                        % {**label, "first": seen_cid[key]},
                        row=smelter.row,
                        metal=smelter.metal,
                    )
                )
            else:
                seen_cid[key] = smelter.row
            reference = references.get(smelter.cid)
            if reference is None and check_references:
                flags.append(
                    Flag(
                        "unknown_cid",
                        MEDIUM,
                        _("Row %(row)s: smelter id %(cid)s is not in the reference list.")
                        % {**label, "cid": smelter.cid},
                        row=smelter.row,
                        metal=smelter.metal,
                    )
                )
            elif reference is not None:
                level = attention_level(reference.rmap_status)
                if level != PASS:
                    status = statuses.get(reference.rmap_status, reference.rmap_status)
                    if reference.rmap_status_text and reference.rmap_status == SmelterReference.RmapStatus.UNKNOWN:
                        status = f"{status}: {reference.rmap_status_text}"
                    message = (
                        _("Row %(row)s: %(name)s is a red flag on the RMI list (status: %(status)s).")
                        if level == RED_FLAG
                        else _("Row %(row)s: %(name)s is not RMAP conformant (status: %(status)s).")
                    )
                    flags.append(
                        Flag(
                            "red_flag" if level == RED_FLAG else "not_conformant",
                            LEVEL_SEVERITY[level],
                            message % {**label, "status": status},
                            row=smelter.row,
                            metal=smelter.metal,
                        )
                    )
                if reference.metal != smelter.metal:
                    flags.append(
                        Flag(
                            "metal_mismatch",
                            LOW,
                            _("Row %(row)s: %(cid)s is a %(reference_metal)s smelter, reported as %(metal)s.")
                            % {**label, "cid": smelter.cid, "reference_metal": _metal(reference.metal)},
                            row=smelter.row,
                            metal=smelter.metal,
                        )
                    )
        elif smelter.name:
            # Without a CID the same smelter is recognised by name, country and metal.
            key = (smelter.name.strip().lower(), country_key(smelter.country), smelter.metal)
            if key in seen_name:
                flags.append(
                    Flag(
                        "duplicate",
                        LOW,
                        _("Row %(row)s repeats row %(first)s (the same name, country and metal).")
                        % {**label, "first": seen_name[key]},
                        row=smelter.row,
                        metal=smelter.metal,
                    )
                )
            else:
                seen_name[key] = smelter.row
        flags.extend(_country_flags(smelter, cahra))
    return flags


def references_for(smelters):
    """The reference rows for the smelters' CIDs, by CID: one query."""
    cids = {s.cid for s in smelters if CID_PATTERN.match(s.cid or "")}
    return (
        {r.cid: r for r in SmelterReference.objects.filter(cid__in=cids).select_related("last_import")} if cids else {}
    )


def cmrt_attention(report, *, smelters=None, references=None, today=None) -> list[Flag]:
    """What in a CMRT needs a look, most serious first: report-level flags, then per
    smelter row. Works on a saved report or on an unsaved one with ``smelters`` given
    (the dry run). Three queries at most, whatever the number of smelters."""
    smelters = list(report.smelters.all()) if smelters is None else list(smelters)
    references = references_for(smelters) if references is None else references
    today = today or timezone.localdate()
    flags = _declaration_flags(report, smelters, today) + _company_flags(report)
    # No CID matched: with an empty reference list that says nothing about the smelters.
    unchecked = (
        not references
        and any(CID_PATTERN.match(s.cid or "") for s in smelters)
        and not SmelterReference.objects.exists()
    )
    if unchecked:
        flags.append(
            Flag(
                "no_reference_list",
                LOW,
                _("The smelter reference list is empty, so the smelter ids were not checked against it."),
            )
        )
    flags += _smelter_flags(smelters, references, check_references=not unchecked)
    return sorted(flags, key=lambda f: (SEVERITY_ORDER[f.severity], f.row is not None, f.row or 0))


def flags_by_row(flags):
    grouped = {}
    for flag in flags:
        if flag.row is not None:
            grouped.setdefault(flag.row, []).append(flag)
    return grouped


def summary_lines(data: CmrtData, flags) -> list[str]:
    """The plain-text summary the command prints (and a log can keep)."""
    company = data.company
    counts = data.smelters_per_metal()
    lines = [
        _("CMRT version: %(version)s") % {"version": data.template_version},
        _("Declaration scope: %(scope)s") % {"scope": data.declaration_scope},
        _("Company: %(name)s") % {"name": company.get("name", "")},
        _("Contact: %(name)s <%(email)s>")
        % {"name": company.get("contact_name", ""), "email": company.get("contact_email", "")},
        _("Effective date: %(date)s")
        % {"date": date_format(data.effective_date, "SHORT_DATE_FORMAT") if data.effective_date else "-"},
        _("Metals in scope: %(metals)s") % {"metals": ", ".join(_metal(m) for m in data.metals_in_scope) or _("none")},
        _("Smelters: %(counts)s (%(total)s in all)")
        % {"counts": ", ".join(f"{_metal(m)} {counts[m]}" for m in METALS), "total": len(data.smelters)},
    ]
    if data.products:
        lines.append(_("Products: %(count)s") % {"count": len(data.products)})
    lines.append(_("Attention (%(count)s):") % {"count": len(flags)})
    lines.extend(f"  [{flag.severity}] {flag.message}" + (f" {flag.advice}" if flag.advice else "") for flag in flags)
    if data.warnings:
        lines.append(_("Warnings (%(count)s):") % {"count": len(data.warnings)})
        lines.extend(f"  {warning}" for warning in data.warnings)
    return lines


# --- smelter reference list ---------------------------------------------------------------

CSV_COLUMNS = ("cid", "name", "metal", "country", "rmap_status", "last_audit_date")
OPTIONAL_CSV_COLUMNS = ("last_audit_date",)
# Header names as the app's template and RMI's facility list exports write them (compared
# lower case with spaces, hyphens and underscores removed).
_HEADER_ALIASES = {
    "cid": ("cid", "smelterid", "facilityid", "smelteridentification", "smelteridentificationnumber"),
    "name": ("name", "smeltername", "standardsmeltername", "facilityname", "standardfacilityname"),
    "metal": ("metal",),
    "country": ("country", "countrylocation", "smeltercountry", "facilitycountry"),
    "rmap_status": ("rmapstatus", "status", "assessmentstatus", "rmiassessmentstatus", "conformancestatus"),
    "last_audit_date": ("lastauditdate", "auditdate", "lastassessmentdate", "lastaudit"),
}
MAX_CSV_BYTES = 5 * 1024 * 1024
MAX_CSV_ERRORS = 50
# Every spelling of an RMAP status met in RMI's lists and suppliers' copies of them, compared by
# letters only ("Non Conformant", "non-conformant" and "NON_CONFORMANT" are all "nonconformant";
# the US and UK spellings of "recognised" both appear).
_STATUS_ALIASES = {
    "conformant": "conformant",
    "compliant": "conformant",
    "rmapconformant": "conformant",
    "active": "active",
    "activeinassessment": "active",
    "inassessment": "active",
    "rmapactive": "active",
    "crossrecognised": "cross_recognised",
    "crossrecognized": "cross_recognised",
    "eligible": "eligible",
    "nonconformant": "non_conformant",
    "notconformant": "non_conformant",
    "noncompliant": "non_conformant",
    "outreachrequired": "outreach_required",
    "incommunication": "in_communication",
    "noteligible": "not_eligible",
    "ineligible": "not_eligible",
    "noneligible": "not_eligible",
    "notenrolled": "not_enrolled",
    "notinrmap": "not_enrolled",
    "unknown": "unknown",
}
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _csv_date(value):
    """ISO (2025-03-15) or DD-MMM-YYYY (15-Mar-2025); "" gives None; anything else raises ValueError."""
    value = value.strip()
    if not value:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return datetime.date.fromisoformat(value)
    match = re.fullmatch(r"(\d{1,2})-([A-Za-z]{3})-(\d{4})", value)
    if match and match.group(2).lower() in _MONTHS:
        return datetime.date(int(match.group(3)), _MONTHS.index(match.group(2).lower()) + 1, int(match.group(1)))
    raise ValueError(value)


def _csv_text(raw):
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(_("The file is not a text (CSV) file."))


def _metal_value(value):
    value = value.strip().lower()
    labels = {str(label).lower(): key for key, label in Metal.choices}
    return value if value in Metal.values else labels.get(value)


def _letters(value):
    return re.sub(r"[^a-z]", "", value.lower())


def _status_value(value):
    """The RMAP status of a written status, whatever its case, hyphens, spaces or spelling;
    None when it is none of the known ones."""
    return _STATUS_ALIASES.get(_letters(value))


def _csv_columns(header):
    """Column index of each field, from the header's names or their aliases."""
    index = {}
    for position, name in enumerate(header):
        key = _letters(name)
        for field_name, aliases in _HEADER_ALIASES.items():
            if key in aliases and field_name not in index:
                index[field_name] = position
    return index


def smelter_reference_import_csv(*, file, actor, source) -> dict:
    """Upsert the installation's reference list from CSV (cid,name,metal,country,rmap_status,
    last_audit_date; a header row first; comma or semicolon separated). All or nothing: any
    bad line raises ValidationError listing the lines, and nothing is written. Smelters
    missing from the file are left as they are. Every smelter in the file gets this import
    (``source`` and date) as its last import. Only installation administrators import
    (``actor`` None: the ``import_smelters`` command, run by whoever runs the server).
    Returns the counts created/updated/unchanged."""
    if actor is not None and not may_change_smelters(actor):
        raise PermissionDenied(_("Only the installation's administrators change the smelter reference list."))
    source = (source or "").strip()
    if not source:
        raise ValidationError(_("Say where the list comes from (its source)."))
    raw = file.read(MAX_CSV_BYTES + 1)
    if len(raw) > MAX_CSV_BYTES:
        raise ValidationError(_("The file is larger than 5 MB."))
    if not raw.strip():
        raise ValidationError(_("The file is empty."))
    content = _csv_text(raw)
    try:
        dialect = csv.Sniffer().sniff(content.splitlines()[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(content), dialect)
    header = [h.strip().lower() for h in next(reader, [])]
    index = _csv_columns(header)
    missing = [c for c in CSV_COLUMNS if c not in index and c not in OPTIONAL_CSV_COLUMNS]
    if missing:
        raise ValidationError(
            _("Line 1 must be the header with the columns %(columns)s; missing: %(missing)s.")
            % {"columns": ",".join(CSV_COLUMNS), "missing": ", ".join(missing)}
        )
    errors, rows, unknown = [], {}, []
    for values in reader:
        line = reader.line_num
        if not any(v.strip() for v in values):
            continue
        values = values + [""] * (len(header) - len(values))
        cell = {name: values[index[name]].strip() if name in index else "" for name in CSV_COLUMNS}
        cid = normalise_cid(cell["cid"])
        problems = []
        if not CID_PATTERN.match(cid):
            problems.append(_("'%(value)s' is not a smelter id like CID001234") % {"value": cell["cid"]})
        elif cid in rows:
            problems.append(_("smelter id %(cid)s is also on line %(line)s") % {"cid": cid, "line": rows[cid]["line"]})
        metal = _metal_value(cell["metal"])
        if metal is None:
            problems.append(_("unknown metal '%(value)s'") % {"value": cell["metal"]})
        status = _status_value(cell["rmap_status"])
        if not cell["rmap_status"]:
            problems.append(_("the status is empty"))
        elif len(cell["rmap_status"]) > 100:
            problems.append(_("the status is longer than 100 characters"))
        elif status is None:
            # Imported all the same, flagged for the administrator: one new word in RMI's list
            # must not stop the rest of it from being updated.
            status = SmelterReference.RmapStatus.UNKNOWN
            unknown.append({"line": line, "cid": cid, "status": cell["rmap_status"]})
        try:
            audit = _csv_date(cell["last_audit_date"])
        except ValueError:
            audit = None
            problems.append(
                _("'%(value)s' is not a date (write 2025-03-15 or 15-Mar-2025)") % {"value": cell["last_audit_date"]}
            )
        for name, limit in (("name", 200), ("country", 100)):
            if not cell[name]:
                problems.append(_("the %(column)s is empty") % {"column": name})
            elif len(cell[name]) > limit:
                problems.append(
                    _("the %(column)s is longer than %(limit)s characters") % {"column": name, "limit": limit}
                )
        if problems:
            errors.append(_("Line %(line)s: %(problems)s.") % {"line": line, "problems": "; ".join(problems)})
            continue
        rows[cid] = {
            "line": line,
            "name": cell["name"],
            "metal": metal,
            "country": cell["country"],
            "rmap_status": status,
            "rmap_status_text": cell["rmap_status"],
            "last_audit_date": audit,
        }
    if errors:
        shown = errors[:MAX_CSV_ERRORS]
        if len(errors) > MAX_CSV_ERRORS:
            shown.append(_("… and %(count)s more lines with errors.") % {"count": len(errors) - MAX_CSV_ERRORS})
        raise ValidationError(shown)
    if not rows:
        raise ValidationError(_("The file has a header but no smelters."))

    fields = ["name", "metal", "country", "rmap_status", "rmap_status_text", "last_audit_date"]
    user = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        existing = {r.cid: r for r in SmelterReference.objects.select_for_update().filter(cid__in=rows)}
        created, updated = [], []
        now = timezone.now()
        for cid, values in rows.items():
            reference = existing.get(cid)
            if reference is None:
                created.append(SmelterReference(cid=cid, **{f: values[f] for f in fields}))
                continue
            if any(getattr(reference, f) != values[f] for f in fields):
                for f in fields:
                    setattr(reference, f, values[f])
                reference.updated_at = now
                updated.append(reference)
        if created:
            bulk_create_with_history(created, SmelterReference, batch_size=500, default_user=user)
        if updated:
            bulk_update_with_history(
                updated, SmelterReference, [*fields, "updated_at"], batch_size=500, default_user=user
            )
        counts = {
            "created": len(created),
            "updated": len(updated),
            "unchanged": len(rows) - len(created) - len(updated),
            "unknown": len(unknown),
        }
        batch = SmelterListImport.objects.create(
            source=source[:200],
            imported_by=user,
            created=counts["created"],
            updated=counts["updated"],
            unchanged=counts["unchanged"],
        )
        # The import's date and source on every smelter it listed (not a change of the record:
        # last_import is kept out of the history).
        SmelterReference.objects.filter(cid__in=rows).update(last_import=batch)
        record_event(
            actor=user,
            event_type="smelter_reference_imported",
            details={**counts, "source": batch.source, "unknown_statuses": unknown[:50]},
        )
    return {**counts, "unknown_statuses": unknown}


def unknown_status_message(counts):
    """The warning an import with unknown statuses ends with, for the administrator."""
    unknown = counts.get("unknown_statuses") or []
    if not unknown:
        return ""
    shown = ", ".join(
        _("line %(line)s '%(status)s'") % {"line": row["line"], "status": row["status"]} for row in unknown[:10]
    )
    if len(unknown) > 10:
        shown += ", …"
    return ngettext(
        "%(count)s smelter has a status this app does not know (%(rows)s). It was imported as "
        "'Unknown status (to be checked)' with the text kept; the administrator must check it.",
        "%(count)s smelters have a status this app does not know (%(rows)s). They were imported as "
        "'Unknown status (to be checked)' with the text kept; the administrator must check them.",
        len(unknown),
    ) % {"count": len(unknown), "rows": shown}
