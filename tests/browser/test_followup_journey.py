"""From a finding to a sanction: the officer plans a 1:1 meeting whose proposed agenda
shows the finding, records the minutes with two agreed corrective actions and shares
them; the supplier sees them in the portal and submits evidence for one, which the
officer verifies; the other goes overdue, the officer issues a written warning and
proposes a temporary suspension, which the manager approves; the supplier page shows the
supplier's standing. Every page on the way passes axe-core's WCAG 2.1 AA rules."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from criteria.models import IloInstrument
from followup.models import CorrectiveAction, Escalation, Finding, FindingSupplier, Meeting
from oslo_procurement.accounts.models import User
from tests import factories as f

from .conftest import assert_accessible, follow, login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def journey_world():
    buyer = f.BuyerFactory(name="Oslo kommune")
    officer = f.UserFactory(email="ingrid@oslo.example", full_name="Ingrid Solberg", role=User.Role.OFFICER)
    f.BuyerMembershipFactory(user=officer, buyer=buyer)
    manager = f.UserFactory(email="lars@oslo.example", full_name="Lars Bakke", role=User.Role.MANAGER)
    f.BuyerMembershipFactory(user=manager, buyer=buyer)
    supplier = f.SupplierFactory(legal_name="Nordlys IT-Partner AS")
    f.ContactFactory(supplier=supplier, name="Kari Nordmann", email="kari@nordlys.example")
    user = f.SupplierMembershipFactory(
        supplier=supplier, user__email="ola@nordlys.example", user__full_name="Ola Nordmann"
    ).user
    agreement = f.AgreementFactory(buyer=buyer, reference="2026/0042")
    f.AwardFactory(agreement=agreement, supplier=supplier)
    f.EvidenceFactory(supplier=supplier, title="Working-hours policy for interns", kind="policy")
    IloInstrument.objects.create(
        code="C1",
        title_nb="Konvensjon om arbeidstid i industrien",
        title_en="Hours of Work (Industry) Convention",
        year=1919,
        principle="conditions",
    )
    return {"officer": officer, "manager": manager, "user": user, "supplier": supplier, "buyer": buyer}


def _record_finding(page):
    """Desktop research: the officer records what an NGO report found and raises it."""
    page.goto("/findings/")
    assert_accessible(page)
    follow(page, page.get_by_role("link", name="New finding"))
    assert_accessible(page)
    page.get_by_role("textbox", name="Title", exact=False).first.fill(
        "Student interns on 12-hour days at Chongqing Plant 3"
    )
    page.get_by_label("Kind of source").select_option(label="NGO report")
    page.get_by_label("Source title").fill("Interns in the electronics industry")
    page.get_by_label("Publisher").fill("Fair Circuits Watch")
    page.get_by_label("Suppliers concerned").select_option(label="Nordlys IT-Partner AS (Norway)")
    page.get_by_label("Issue type").select_option(label="Excessive overtime")
    page.get_by_label("C1 Hours of Work (Industry) Convention").check()
    page.get_by_label("Severity").select_option(label="High")
    page.get_by_label("Likelihood").select_option(label="Likely")
    page.get_by_label("What was found").fill("10-12 hour days, six days a week, for vocational-school interns.")
    page.get_by_label("Text for the supplier").fill("Interns are reported to work far beyond the legal overtime cap.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Student interns on 12-hour days at Chongqing Plant 3")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Raise with the supplier").click()
    expect(page.get_by_text("Raised with the supplier").first).to_be_visible()


def _switch_user(page, user):
    page.context.clear_cookies()
    login(page, user.email, f.PASSWORD)


def _add_action(page, title, severity, owner):
    follow(page, page.get_by_role("link", name="Add an agreed action"))
    assert_accessible(page)
    page.get_by_label("Action").fill(title)
    page.get_by_label("Severity").select_option(label=severity)
    page.get_by_label("Responsible at the supplier").fill(owner)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("link", name=title)).to_be_visible()


def test_from_finding_to_meeting_to_sanction(page, journey_world):
    officer, manager, supplier = journey_world["officer"], journey_world["manager"], journey_world["supplier"]
    yesterday = timezone.localdate() - datetime.timedelta(days=1)

    # The officer records a finding from desktop research, then plans the meeting from the
    # supplier page; the finding is proposed for the agenda.
    login(page, officer.email, f.PASSWORD)
    _record_finding(page)
    finding = Finding.objects.get(title="Student interns on 12-hour days at Chongqing Plant 3")
    assert FindingSupplier.objects.get(finding=finding).raised_at is not None
    page.goto(f"/suppliers/{supplier.public_id}/")
    expect(page.get_by_text("Good standing")).to_be_visible()
    assert_accessible(page)
    follow(page, page.get_by_role("link", name="Plan a meeting"))
    assert_accessible(page)
    page.get_by_label("Title").fill("Follow-up meeting on working hours")
    page.get_by_label("Date and time").fill(f"{yesterday:%Y-%m-%d}T10:00")
    page.get_by_role("radio", name="Video").check()
    page.get_by_label("Place or video link").fill("https://meet.example/nordlys")
    page.get_by_label("Kari Nordmann").check()
    page.get_by_role("button", name="Save").click()

    agenda = page.get_by_role("region", name="Agenda")
    expect(agenda).to_contain_text("Student interns on 12-hour days at Chongqing Plant 3")
    assert_accessible(page)
    page.get_by_role("button", name="Share the agenda with the supplier").click()
    expect(page.get_by_text("The agenda is shared with the supplier.")).to_be_visible()

    # Minutes, two agreed actions, and the minutes shared.
    follow(page, page.get_by_role("link", name="Record minutes"))
    assert_accessible(page)
    page.get_by_label("Language of the minutes").select_option(label="English")
    page.get_by_label("Minutes", exact=True).fill("Nordlys will cap intern hours and publish its factory list.")
    page.get_by_label("Decisions").fill("Two corrective actions agreed.")
    page.get_by_label("Internal notes").fill("Consider a spot check in the spring.")
    page.get_by_role("button", name="Save").click()
    _add_action(page, "Cap overtime for student interns", "High", "Kari Nordmann")
    _add_action(page, "Publish the factory list", "Medium", "Kari Nordmann")
    assert_accessible(page)
    page.get_by_role("button", name="Share the minutes with the supplier").click()
    expect(page.get_by_text("Minutes shared with the supplier").first).to_be_visible()
    meeting = Meeting.objects.get(title="Follow-up meeting on working hours")
    assert meeting.status == Meeting.Status.MINUTES_SHARED

    # The supplier reads the minutes and submits evidence for the first action.
    _switch_user(page, journey_world["user"])
    page.goto("/portal/meetings/")
    assert_accessible(page)
    page.get_by_role("link", name="Follow-up meeting on working hours").click()
    expect(page.get_by_text("Nordlys will cap intern hours and publish its factory list.")).to_be_visible()
    expect(page.get_by_text("Consider a spot check")).to_have_count(0)
    assert_accessible(page)
    follow(page, page.get_by_role("link", name="Cap overtime for student interns"))
    assert_accessible(page)
    follow(page, page.get_by_role("link", name="Attach evidence"))
    assert_accessible(page)
    page.get_by_label("Working-hours policy for interns").check()
    page.get_by_label("Note").fill("Our new policy, signed by the schools.")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("button", name="Submit the evidence for verification").click()
    expect(page.get_by_text("Your evidence has been submitted.")).to_be_visible()
    assert_accessible(page)

    # The officer verifies it.
    first = CorrectiveAction.objects.get(title="Cap overtime for student interns")
    assert first.status == CorrectiveAction.Status.EVIDENCE_SUBMITTED
    _switch_user(page, officer)
    page.goto(f"/actions/{first.public_id}/")
    assert_accessible(page)
    follow(page, page.get_by_role("link", name="Verify and close"))
    assert_accessible(page)
    page.get_by_label("How was it verified?").fill("Policy and March time records checked.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Cap overtime for student interns")).to_contain_text("Verified and closed")

    # The other action goes overdue: a written warning, then a proposed suspension.
    second = CorrectiveAction.objects.get(title="Publish the factory list")
    CorrectiveAction.objects.filter(pk=second.pk).update(deadline=yesterday)
    page.goto("/actions/?overdue=yes")
    assert_accessible(page)
    page.get_by_role("link", name="Publish the factory list").click()
    expect(page.get_by_text("Overdue").first).to_be_visible()
    follow(page, page.get_by_role("link", name="Escalate"))
    assert_accessible(page)
    page.get_by_label("Step on the ladder").select_option(label="Written warning")
    page.get_by_label("Reason").fill("The factory list is overdue.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("region", name="Sanctions ladder")).to_contain_text("In force")
    page.get_by_role("link", name="Escalate").click()
    page.get_by_label("Step on the ladder").select_option(label="Temporary suspension")
    page.get_by_label("Reason").fill("Still not published after the written warning.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("region", name="Sanctions ladder")).to_contain_text("Awaiting the manager's approval")
    assert_accessible(page)

    # The manager approves the suspension.
    _switch_user(page, manager)
    page.goto("/actions/escalations/")
    assert_accessible(page)
    follow(page, page.get_by_role("link", name="Decide"))
    assert_accessible(page)
    page.get_by_label("Your note on the decision").fill("Approved: no new orders until the list is published.")
    page.get_by_role("button", name="Approve: put it in force").click()
    expect(page.get_by_role("heading", name="Temporary suspension: Nordlys IT-Partner AS")).to_be_visible()
    assert_accessible(page)
    suspension = Escalation.objects.get(rung=Escalation.Rung.SUSPENSION)
    assert suspension.status == Escalation.Status.IN_FORCE and suspension.approved_by == manager

    # The supplier page shows the standing.
    page.goto(f"/suppliers/{supplier.public_id}/")
    expect(page.locator("#supplier-standing")).to_contain_text("Temporary suspension")
    assert_accessible(page)


def test_the_other_followup_pages_pass_axe(page, journey_world):
    """The pages the journey does not pass through: lists, the agenda editor, the
    cancel form, an escalation's page and the portal lists."""
    from followup.actions import services as action_services
    from followup.meetings import services as meeting_services

    officer, supplier = journey_world["officer"], journey_world["supplier"]
    meeting = meeting_services.meeting_create(
        buyer=journey_world["buyer"],
        supplier=supplier,
        actor=officer,
        title="Planned meeting",
        starts_at=timezone.now() + datetime.timedelta(days=7),
    )
    action = action_services.action_create(
        buyer=meeting.buyer, supplier=supplier, actor=officer, title="Disclose the factories", severity=2
    )
    CorrectiveAction.objects.filter(pk=action.pk).update(deadline=timezone.localdate() - datetime.timedelta(days=3))
    action.refresh_from_db()
    warning = action_services.escalation_propose(action=action, actor=officer, rung=1, reason="Late")

    login(page, officer.email, f.PASSWORD)
    for url in (
        "/meetings/",
        f"/meetings/{meeting.public_id}/",
        f"/meetings/{meeting.public_id}/agenda/",
        f"/meetings/{meeting.public_id}/edit/",
        f"/meetings/{meeting.public_id}/cancel/",
        "/meetings/new/",
        "/actions/",
        "/actions/new/",
        f"/actions/{action.public_id}/edit/",
        f"/actions/{action.public_id}/return/",
        f"/actions/escalations/{warning.public_id}/",
    ):
        page.goto(url)
        expect(page.locator("h1")).to_be_visible()
        assert_accessible(page)

    _switch_user(page, journey_world["user"])
    for url in ("/portal/actions/", f"/portal/actions/{action.public_id}/", f"/portal/meetings/{meeting.public_id}/"):
        page.goto(url)
        expect(page.locator("h1")).to_be_visible()
        assert_accessible(page)
