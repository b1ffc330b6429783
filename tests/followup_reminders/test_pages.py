"""What staff see of the emails about a supplier (page and panel), and the
``send_reminders`` command."""

import datetime
import io
import smtplib

import pytest
from django.core.management import call_command
from django.urls import reverse

from oslo_procurement.notifications.models import JobRun, Notification
from oslo_procurement.notifications.services import notification_deliver
from tests import factories as f
from tests.conftest import client_for
from tests.notifications.helpers import FlakyBackend

from .conftest import at, make_action, make_assessment, sweep

TODAY = datetime.date(2026, 5, 4)


@pytest.fixture
def reminded(agreement, questionnaire, buyer, supplier_a, supplier_a_user, officer, settings):
    """Supplier A's user reminded of a self-assessment (sent) and of an action (refused
    by the mail server), and an escalation to the officer about supplier A."""
    make_assessment(agreement, questionnaire, supplier_a, TODAY + datetime.timedelta(days=3))
    make_action(buyer, supplier_a, TODAY - datetime.timedelta(days=7), title="Publish the factory list")
    make_action(buyer, supplier_a, TODAY, title="Stop recruitment fees")
    sweep(TODAY)
    settings.EMAIL_BACKEND = "tests.notifications.helpers.FlakyBackend"
    FlakyBackend.reset(failures=1, error=smtplib.SMTPRecipientsRefused({supplier_a_user.email: (550, b"No mailbox")}))
    refused = Notification.objects.get(kind="action_due")
    notification_deliver(notification_id=refused.pk)
    notification_deliver(notification_id=Notification.objects.get(kind="assessment_due").pk)
    return supplier_a


def test_staff_see_who_got_what_when_and_whether_it_arrived(officer_client, reminded, supplier_a_user, officer):
    page = officer_client.get(reverse("reminders:supplier", args=[reminded.public_id])).content.decode()
    assert "Alpha User" in page and supplier_a_user.email in page
    assert "Self-assessment coming due" in page and "3 days before the deadline" in page
    assert "Corrective action coming due" in page and "on the deadline" in page
    assert "Overdue action escalated to the officer" in page and "7 days overdue" in page
    assert "SMTPRecipientsRefused" in page and "No mailbox" in page
    assert page.count('text-bg-success">Sent<') == 1 and page.count('text-bg-danger">Failed<') == 1
    assert page.count('text-bg-warning">Waiting to be sent<') == 1
    failed = officer_client.get(reverse("reminders:supplier", args=[reminded.public_id]) + "?status=failed")
    assert "Stop recruitment fees" in failed.content.decode()
    assert "Self-assessment coming due" not in failed.content.decode()


def test_another_buyers_staff_do_not_see_this_buyers_emails(
    client, other_officer, other_buyer, reminded, supplier_a, supplier_a_user
):
    f.EvidenceFactory(supplier=supplier_a, valid_to=TODAY + datetime.timedelta(days=30), title="TCO certificate")
    sweep(TODAY)
    client.force_login(other_officer)
    url = reverse("reminders:supplier", args=[reminded.public_id])
    page = client.get(url).content.decode()
    assert "Stop recruitment fees" not in page and "Publish the factory list" not in page
    # The reminder about the supplier's own document is for no buyer in particular, but it
    # names the document: shown only to a buyer that reads the supplier's evidence
    # (suppliers.access, the one reading rule), on this page and in the supplier page's panel.
    assert "TCO certificate" not in page
    supplier_page = client.get(reverse("suppliers:detail", args=[supplier_a.public_id])).content.decode()
    assert "TCO certificate" not in supplier_page
    f.relate(other_buyer, supplier_a)
    assert "TCO certificate" in client.get(url).content.decode()


def test_supplier_users_cannot_see_the_page(client, supplier_a_user, reminded):
    client.force_login(supplier_a_user)
    assert client.get(reverse("reminders:supplier", args=[reminded.public_id])).status_code == 403


def test_the_supplier_page_shows_the_latest_emails(officer_client, reminded):
    page = officer_client.get(reverse("suppliers:detail", args=[reminded.public_id])).content.decode()
    assert "Emails and reminders" in page
    assert "1 waiting to be sent" in page and "1 failed" in page
    assert reverse("reminders:supplier", args=[reminded.public_id]) in page


def test_the_page_runs_a_fixed_number_of_queries(officer_client, buyer, reminded, django_assert_max_num_queries):
    url = reverse("reminders:supplier", args=[reminded.public_id])
    officer_client.get(url)
    with django_assert_max_num_queries(12) as few:
        officer_client.get(url)
    for day in range(1, 15):
        make_action(buyer, reminded, TODAY + datetime.timedelta(days=day + 14), title=f"Action {day}")
        sweep(TODAY + datetime.timedelta(days=day))
    assert Notification.objects.count() > 15
    with django_assert_max_num_queries(len(few.captured_queries)):
        officer_client.get(url)


# --- send_reminders -----------------------------------------------------------------------------


def test_a_dry_run_prints_what_would_be_sent_and_writes_nothing(agreement, questionnaire, supplier_a, supplier_a_user):
    make_assessment(agreement, questionnaire, supplier_a, TODAY)
    out = io.StringIO()
    import time_machine

    with time_machine.travel(at(TODAY), tick=False):
        call_command("send_reminders", "--dry-run", stdout=out)
    assert "assessment_due\tuser@alpha.example\tSelf-assessment spring\t0" in out.getvalue()
    assert "2026-05-04: 1 notifications would be created, 0 daily digests." in out.getvalue()
    assert Notification.objects.count() == 0 and JobRun.objects.count() == 0


def test_the_command_creates_the_reminders_once(agreement, questionnaire, supplier_a, supplier_a_user):
    make_assessment(agreement, questionnaire, supplier_a, TODAY)
    out = io.StringIO()
    call_command("send_reminders", "--date", "2026-05-04", stdout=out)
    assert "1 notifications created" in out.getvalue()
    assert Notification.objects.get().due_step == "0"
    run = JobRun.objects.get()
    assert run.trigger == "command" and run.status == "succeeded" and run.counts["created"] == 1
    out = io.StringIO()
    call_command("send_reminders", "--date", "2026-05-04", stdout=out)
    assert "0 notifications created" in out.getvalue() and Notification.objects.count() == 1


def test_a_bad_date_is_refused(db):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_reminders", "--date", "4 May")


def test_managers_may_read_the_page(manager, client, reminded):
    client_for(client, manager)
    assert client.get(reverse("reminders:supplier", args=[reminded.public_id])).status_code == 200
