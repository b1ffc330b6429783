"""A worker killed in the middle of a PDF: the rendering stays "running"; after
STALE_RUN the catch-up job renders it again, once. (Emails whose worker was killed with
SIGKILL mid-send, with a real worker process on Redis and PostgreSQL:
tests/notifications/test_worker_kill.py.)"""

import datetime

import pytest
from django.utils import timezone

from followup.models import ReportRun
from followup.reports import services
from tests.followup_reports import worked

pytestmark = pytest.mark.django_db


def test_a_pdf_whose_worker_died_is_rendered_again_once(buyer):
    world = worked.build(buyer)
    now = timezone.now()
    dead = ReportRun.objects.create(
        buyer=buyer,
        kind="agreement",
        agreement=world["agreement_a"],
        language="en",
        status="running",
        started_at=now - services.STALE_RUN - datetime.timedelta(minutes=1),
    )
    busy = ReportRun.objects.create(
        buyer=buyer, kind="buyer", language="en", status="running", started_at=now - datetime.timedelta(minutes=2)
    )
    assert services.reports_catch_up() == {"rendered": 1, "sent": 0}
    dead.refresh_from_db()
    busy.refresh_from_db()
    assert dead.status == "done" and dead.pages > 1
    assert busy.status == "running"  # a slow rendering is not taken from its worker
    assert services.reports_catch_up() == {"rendered": 0, "sent": 0}
