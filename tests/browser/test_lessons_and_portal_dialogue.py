"""The pages of closing the loop that the dialogue-conference journey does not pass: the
supplier sends its readiness and written input in the portal, and the officer turns a
suggested lesson into a lesson. Every page passes axe-core's WCAG 2.1 AA rules."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from followup.consultations import services as market
from followup.models import CriterionFeedback, Finding, FindingSupplier, Lesson
from oslo_procurement.accounts.models import User
from tests import factories as f

from .conftest import assert_accessible, follow, go_to, login

pytestmark = pytest.mark.django_db(transaction=True)


def test_supplier_sends_readiness_and_written_input_in_the_portal(page):
    buyer = f.BuyerFactory(name="Oslo kommune")
    officer = f.UserFactory(role=User.Role.OFFICER)
    f.BuyerMembershipFactory(user=officer, buyer=buyer)
    supplier = f.SupplierFactory(legal_name="Bjørkelund Digital AS")
    user = f.SupplierMembershipFactory(supplier=supplier, user__email="marte@bjorkelund.example").user
    version = f.CriterionVersionFactory(title_en="Disclosure of factories", effective_from=datetime.date(2025, 1, 1))
    today = timezone.localdate()
    event = market.event_create(
        buyer=buyer,
        actor=officer,
        kind="market_consultation",
        topic="Criteria for the next ICT agreement",
        procurement="ICT equipment from 2028",
        event_date=today + datetime.timedelta(days=14),
        input_deadline=today + datetime.timedelta(days=7),
        mode="online",
        place="",
    )
    market.proposal_add(event=event, actor=officer, criterion_version=version)
    market.invitations_create(event=event, suppliers=[supplier], actor=officer, send_email=False)

    login(page, user.email, f.PASSWORD)
    follow(page, page.get_by_role("link", name="Market dialogue").first)
    assert_accessible(page)
    follow(page, page.get_by_role("link", name="Criteria for the next ICT agreement"))
    assert_accessible(page)
    page.get_by_role("radio", name="Ready with a transition period").check()
    page.get_by_label("Transition period in months").fill("6")
    page.get_by_label("Reasons").fill("Our component makers must agree first.")
    page.get_by_label("General written input").fill("Please accept one list per product group.")
    page.get_by_role("button", name="Send your input").click()
    expect(page.locator("body")).to_contain_text("Our component makers must agree first.")
    assert_accessible(page)
    feedback = CriterionFeedback.objects.get(proposal__event=event, invitation__supplier=supplier)
    assert (feedback.readiness, feedback.transition_months) == ("transition", 6)


def test_officer_turns_a_suggested_lesson_into_a_lesson(page):
    buyer = f.BuyerFactory(name="Oslo kommune")
    officer = f.UserFactory(role=User.Role.OFFICER)
    f.BuyerMembershipFactory(user=officer, buyer=buyer)
    for n in range(3):  # one issue type in three supply chains: a pattern worth a lesson
        finding = Finding.objects.create(
            buyer=buyer,
            title=f"Overtime above the legal limit at plant {n}",
            summary="Reported.",
            source_kind="ngo_report",
            source_title="Report",
            issue_type="overtime",
            severity=3,
            likelihood=3,
        )
        FindingSupplier.objects.create(finding=finding, supplier=f.SupplierFactory(legal_name=f"Plant {n} Ltd"))

    login(page, officer.email, f.PASSWORD)
    go_to(page, "Market dialogue", "Lessons learned")
    assert_accessible(page)
    follow(page, page.get_by_role("button", name="Make it a lesson").first)
    assert_accessible(page)
    lesson = Lesson.objects.get(buyer=buyer)
    assert finding in lesson.findings.all()
    expect(page.get_by_role("heading", level=1)).to_contain_text(lesson.title)
