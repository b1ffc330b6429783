"""Large CMRT workbooks (more smelter rows than settings.CMRT_BACKGROUND_ROWS) are stored at
upload and read by a worker: the supplier and the officer watch the progress (rows read of
the total, polled by htmx until it is done, in an aria-live region) and then the outcome.
The task is queued after the commit; a broker that is down, or a worker that dies
half-way, leaves the upload to the catch-up job, and however often it is read, there is one
report. Workbooks are built in the real template's layout (cmrt_workbooks.build_cmrt)."""

import datetime
import re
from pathlib import Path

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from oslo_procurement.audit.models import AuditEvent
from oslo_procurement.celery import app
from suppliers import tasks
from suppliers.cmrt import services
from suppliers.cmrt.parser import estimate_smelter_rows, parse_cmrt
from suppliers.models import CmrtReport, CmrtSmelter, CmrtUpload, Evidence
from tests import factories as f
from tests.conftest import client_for

from . import cmrt_workbooks as w

pytestmark = pytest.mark.django_db

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ROWS = 700


@pytest.fixture(autouse=True)
def _threshold(settings):
    settings.CMRT_BACKGROUND_ROWS = 600


@pytest.fixture
def eager_celery():
    saved = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = saved


@pytest.fixture(scope="module")
def large_workbook():
    # The template's pre-filled rows below the smelters, as in the RMI file (down to row 2504).
    return w.build_cmrt(smelters=w.many_smelters(ROWS), template_rows="full", note="large")


def upload_file(content, name="CMRT 6.5 large.xlsx"):
    return SimpleUploadedFile(name, content, content_type=XLSX_TYPE)


def counts():
    return (Evidence.objects.count(), CmrtReport.objects.count(), CmrtSmelter.objects.count())


def stored_files(settings):
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_the_row_estimate_counts_the_smelter_rows_of_the_template(large_workbook):
    assert estimate_smelter_rows(large_workbook) == ROWS == len(parse_cmrt(large_workbook).smelters)
    assert estimate_smelter_rows(w.build_cmrt()) == 6
    assert estimate_smelter_rows(w.build_cmrt(omit_sheets=("Smelter List",))) == 0
    assert estimate_smelter_rows(b"not a zip") == 0


def test_a_supplier_uploads_a_large_cmrt_and_watches_it_being_read(
    supplier_a_client, supplier_a, supplier_a_user, large_workbook, eager_celery, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = supplier_a_client.post(reverse("portal_cmrt:upload"), {"file": upload_file(large_workbook)})
    upload = CmrtUpload.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("portal_cmrt:upload_status", args=[upload.public_id])
    assert upload.status == "done" and upload.rows_done == upload.rows_total == ROWS and upload.attempts == 1
    report = upload.report
    assert report.supplier == supplier_a and report.uploaded_by == supplier_a_user
    assert report.smelters.count() == ROWS
    assert report.evidence.file_path == upload.file_path  # the stored file, not a second copy
    assert counts() == (1, 1, ROWS)
    page = supplier_a_client.get(response.url)
    html = page.content.decode()
    assert "being read" in html  # the message after the upload
    assert f"The CMRT was read: {ROWS} smelter rows." in html
    assert reverse("portal_cmrt:report_detail", args=[report.public_id]) in html
    assert 'aria-live="polite"' in html
    assert "hx-trigger" not in html  # done: the page no longer polls
    events = AuditEvent.objects.filter(event_type__in=["cmrt_upload_queued", "cmrt_imported"])
    assert sorted(events.values_list("event_type", flat=True)) == ["cmrt_imported", "cmrt_upload_queued"]


def test_the_progress_is_shown_and_polled_until_done(supplier_a_client, large_workbook):
    # The task is not run: the upload waits, then a worker reads it.
    response = supplier_a_client.post(reverse("portal_cmrt:upload"), {"file": upload_file(large_workbook)})
    upload = CmrtUpload.objects.get()
    url = response.url
    html = supplier_a_client.get(url).content.decode()
    assert "Waiting for its turn to be read" in html
    live = '<div role="status" aria-live="polite"><div id="cmrt-upload-status"'
    assert re.search(rf'{live} data-hx-get="{url}" data-hx-trigger="every 2s"', html)
    CmrtUpload.objects.filter(pk=upload.pk).update(status="processing", rows_done=250)
    fragment = supplier_a_client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert fragment.startswith('<div id="cmrt-upload-status" data-hx-get=')  # only the fragment
    assert f"Reading the smelter rows: 250 of {ROWS}." in fragment
    assert f'max="{ROWS}" value="250"' in fragment
    # The supplier's list of CMRTs shows it as being read, with a link to its page.
    listing = supplier_a_client.get(reverse("portal_cmrt:list")).content.decode()
    assert "Being read" in listing and url in listing and f"250 of {ROWS} smelter rows read" in listing
    services.cmrt_upload_process(upload_id=upload.pk)
    fragment = supplier_a_client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in fragment and "Open the report" in fragment


def test_progress_is_written_while_the_rows_are_read(supplier_a, supplier_a_user, large_workbook, monkeypatch):
    upload = services.cmrt_upload_start(
        supplier=supplier_a, uploaded_file=upload_file(large_workbook), actor=supplier_a_user
    )
    seen = []
    real = services.parse_cmrt

    def watching(content, progress):
        def spy(rows):
            progress(rows)
            seen.append(CmrtUpload.objects.values_list("status", "rows_done").get(pk=upload.pk))

        return real(content, progress=spy)

    monkeypatch.setattr(services, "parse_cmrt", watching)
    services.cmrt_upload_process(upload_id=upload.pk)
    assert seen[:2] == [("processing", 250), ("processing", 500)]
    assert CmrtUpload.objects.get(pk=upload.pk).status == "done"


def test_a_workbook_at_the_threshold_is_read_at_once(supplier_a_client, eager_celery):
    content = w.build_cmrt(smelters=w.many_smelters(600), template_rows=20)
    response = supplier_a_client.post(reverse("portal_cmrt:upload"), {"file": upload_file(content)})
    report = CmrtReport.objects.get()
    assert response.url == reverse("portal_cmrt:report_detail", args=[report.public_id])
    assert report.smelters.count() == 600
    assert not CmrtUpload.objects.exists()


def test_the_officer_uploads_a_large_cmrt_and_sees_its_page(
    officer_client, buyer, supplier_a, large_workbook, eager_celery, django_capture_on_commit_callbacks
):
    f.relate(buyer, supplier_a)  # the reading rule: the officer's buyer has an award with the supplier
    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(
            reverse("cmrt:upload", args=[supplier_a.public_id]), {"file": upload_file(large_workbook)}
        )
    upload = CmrtUpload.objects.get()
    assert response.url == reverse("cmrt:upload_status", args=[upload.public_id])
    html = officer_client.get(response.url).content.decode()
    assert reverse("cmrt:report_detail", args=[upload.report.public_id]) in html


def test_nobody_else_sees_the_upload(client, supplier_a_user, supplier_b_user, supplier_a, large_workbook):
    upload = services.cmrt_upload_start(
        supplier=supplier_a, uploaded_file=upload_file(large_workbook), actor=supplier_a_user
    )
    assert (
        client_for(client, supplier_b_user)
        .get(reverse("portal_cmrt:upload_status", args=[upload.public_id]))
        .status_code
        == 404
    )
    assert client.get(reverse("cmrt:upload_status", args=[upload.public_id])).status_code == 403


def test_an_upload_being_read_is_listed_only_for_a_buyer_that_reads_the_suppliers_cmrts(
    officer, other_officer, buyer, supplier_a, supplier_a_user, large_workbook
):
    """The supplier's CMRT page lists the uploads still being read (file name, rows) only to
    the staff of a buyer with a relation (suppliers.access, the one reading rule, as the
    upload's own page): another buyer's officer sees neither its name nor a link to it."""
    workbook = upload_file(large_workbook, name="Alpha for Oslo.xlsx")
    upload = services.cmrt_upload_start(supplier=supplier_a, uploaded_file=workbook, actor=supplier_a_user)
    page_url = reverse("cmrt:supplier_reports", args=[supplier_a.public_id])
    other = client_for(Client(), other_officer).get(page_url).content.decode()
    assert "Alpha for Oslo.xlsx" not in other and str(upload.public_id) not in other
    f.relate(buyer, supplier_a)
    assert "Alpha for Oslo.xlsx" in client_for(Client(), officer).get(page_url).content.decode()


def test_a_broker_that_is_down_leaves_the_upload_to_the_catch_up_job(
    supplier_a_client, large_workbook, monkeypatch, django_capture_on_commit_callbacks
):
    def broker_down(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(tasks.process_cmrt_upload, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        response = supplier_a_client.post(reverse("portal_cmrt:upload"), {"file": upload_file(large_workbook)})
    assert response.status_code == 302  # the supplier is not told anything went wrong: it is kept
    upload = CmrtUpload.objects.get()
    assert upload.status == "queued"
    assert services.cmrt_uploads_catch_up() == {"done": 0, "failed": 0}  # a queued task may still come
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2)):
        assert services.cmrt_uploads_catch_up() == {"done": 1, "failed": 0}
    upload.refresh_from_db()
    assert upload.status == "done" and upload.report.smelters.count() == ROWS


class WorkerDied(BaseException):
    """What a killed worker looks like from the database: the run stops half-way."""


def test_a_worker_that_dies_half_way_leaves_no_report_and_the_next_run_makes_one(
    supplier_a, supplier_a_user, large_workbook, monkeypatch, settings
):
    upload = services.cmrt_upload_start(
        supplier=supplier_a, uploaded_file=upload_file(large_workbook), actor=supplier_a_user
    )
    real = services.parse_cmrt

    def dies(content, progress):
        def die(rows):
            progress(rows)
            raise WorkerDied

        return real(content, progress=die)

    monkeypatch.setattr(services, "parse_cmrt", dies)
    with pytest.raises(WorkerDied):
        services.cmrt_upload_process(upload_id=upload.pk)
    upload.refresh_from_db()
    assert (upload.status, upload.rows_done, upload.attempts, upload.report) == ("processing", 250, 1, None)
    assert counts() == (0, 0, 0)
    monkeypatch.setattr(services, "parse_cmrt", real)
    # The redelivered task (or the catch-up job, once the worker has been silent a while)
    # reads it again from the first row.
    assert services.cmrt_uploads_catch_up() == {"done": 0, "failed": 0}  # its worker may still be busy
    with time_machine.travel(timezone.now() + services.UPLOAD_STALE_AFTER + datetime.timedelta(seconds=30)):
        assert services.cmrt_uploads_catch_up() == {"done": 1, "failed": 0}
    upload.refresh_from_db()
    assert (upload.status, upload.attempts) == ("done", 2)
    assert counts() == (1, 1, ROWS)
    # A late duplicate delivery of the task changes nothing.
    tasks.process_cmrt_upload(upload.pk)
    services.cmrt_upload_process(upload_id=upload.pk)
    assert counts() == (1, 1, ROWS)
    assert len(stored_files(settings)) == 1


def test_an_upload_that_keeps_failing_is_refused_after_the_last_attempt(supplier_a, supplier_a_user, large_workbook):
    upload = services.cmrt_upload_start(
        supplier=supplier_a, uploaded_file=upload_file(large_workbook), actor=supplier_a_user
    )
    CmrtUpload.objects.filter(pk=upload.pk).update(status="processing", attempts=services.UPLOAD_MAX_ATTEMPTS)
    with time_machine.travel(timezone.now() + services.UPLOAD_STALE_AFTER + datetime.timedelta(seconds=30)):
        assert services.cmrt_uploads_catch_up() == {"done": 0, "failed": 1}
    upload.refresh_from_db()
    assert upload.status == "failed" and "3 attempts" in upload.problems[0]["message"]


def test_a_refused_large_workbook_shows_its_problems_and_leaves_nothing(
    supplier_a_client, eager_celery, django_capture_on_commit_callbacks, settings
):
    content = w.build_cmrt(smelters=w.many_smelters(ROWS), company={"name": None}, template_rows=20)
    with django_capture_on_commit_callbacks(execute=True):
        response = supplier_a_client.post(reverse("portal_cmrt:upload"), {"file": upload_file(content)})
    upload = CmrtUpload.objects.get()
    assert upload.status == "failed" and upload.report is None
    html = supplier_a_client.get(response.url).content.decode()
    assert "The file was not accepted. Nothing was saved." in html
    assert "mandatory" in html and "Declaration" in html
    assert counts() == (0, 0, 0)
    assert stored_files(settings) == []


def test_the_same_workbook_twice_is_refused(supplier_a_client, large_workbook, django_capture_on_commit_callbacks):
    supplier_a_client.post(reverse("portal_cmrt:upload"), {"file": upload_file(large_workbook)})
    again = supplier_a_client.post(reverse("portal_cmrt:upload"), {"file": upload_file(large_workbook)})
    assert again.status_code == 400 and "already being read" in again.content.decode()
    services.cmrt_upload_process(upload_id=CmrtUpload.objects.get().pk)
    third = supplier_a_client.post(reverse("portal_cmrt:upload"), {"file": upload_file(large_workbook)})
    assert third.status_code == 400 and "already uploaded" in third.content.decode()
    assert CmrtUpload.objects.count() == 1 and CmrtReport.objects.count() == 1


def test_the_catch_up_job_is_scheduled_every_minute(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["cmrt-uploads-catch-up"]
    assert entry["schedule"] == 60.0 and entry["task"] in app.tasks
    assert tasks.catch_up_cmrt_uploads.name == entry["task"]
