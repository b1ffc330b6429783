"""The supplier's journey, top to bottom, by keyboard alone (Tab, Shift+Tab, typing,
Space, Enter; no mouse click, no programmatic fill): the invitation link, choosing a
password, answering and submitting the self-assessment, and answering a corrective
action with a document as evidence. Every page passes axe-core (WCAG 2.1 AA). It proves
that every control on the way can be reached and worked by keyboard (WCAG 2.1.1). Runs on
PostgreSQL and Redis when DATABASE_URL and REDIS_URL are set (CI)."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from followup.actions import services as action_services
from followup.models import Answer, Assessment, CorrectiveAction
from oslo_procurement.accounts.models import User
from suppliers.models import Evidence
from suppliers.services import invitation_create
from tests import factories as f
from tests.followup.factories import AssessmentFactory, QuestionFactory, QuestionnaireFactory, RoundFactory

from .conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
MAX_TABS = 120


def tab_to(page, locator, *, backwards=False):
    """Press Tab (or Shift+Tab) until ``locator`` has the keyboard focus; fail if it is
    not reachable that way."""
    key = "Shift+Tab" if backwards else "Tab"
    target = locator.element_handle()
    for _ in range(MAX_TABS):
        if page.evaluate("el => el === document.activeElement", target):
            return
        page.keyboard.press(key)
    raise AssertionError(f"not reachable by {key}: {locator}")


def activate(page, locator):
    """Tab to a link or button and press Enter; wait for the page it leads to."""
    tab_to(page, locator)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def type_into(page, locator, text):
    tab_to(page, locator)
    page.keyboard.type(text)


@pytest.fixture
def supplier_world(live_server, settings):
    settings.SITE_URL = live_server.url
    buyer = f.BuyerFactory(name="Oslo kommune")
    officer = f.UserFactory(email="ingrid@oslo.example", full_name="Ingrid Solberg", role=User.Role.OFFICER)
    f.BuyerMembershipFactory(user=officer, buyer=buyer)
    supplier = f.SupplierFactory(legal_name="Nordlys IT-Partner AS")
    agreement = f.AgreementFactory(buyer=buyer, reference="2026/0042")
    f.AwardFactory(agreement=agreement, supplier=supplier)
    questionnaire = QuestionnaireFactory(buyer=buyer, title_en="Social criteria 2026")
    QuestionFactory(
        questionnaire=questionnaire,
        order=1,
        criterion_version=f.CriterionVersionFactory(criterion__oecd_step=1),
        text_en="Do you have a human rights policy approved by the board?",
    )
    QuestionFactory(
        questionnaire=questionnaire,
        order=2,
        criterion_version=f.CriterionVersionFactory(criterion__oecd_step=2),
        answer_type="text",
        text_en="Which risks have you found in your supply chain?",
    )
    today = timezone.localdate()
    round_ = RoundFactory(
        agreement=agreement,
        questionnaire=questionnaire,
        title="Self-assessment 2026",
        opens_on=today,
        deadline=today + datetime.timedelta(weeks=6),
    )
    assessment = AssessmentFactory(round=round_, supplier=supplier)
    action = action_services.action_create(
        buyer=buyer, supplier=supplier, actor=officer, title="Publish the factory list", severity=2
    )
    invitation_create(
        supplier=supplier, email="kari@nordlys.example", full_name="Kari Nordmann", language="en", actor=officer
    )
    link = re.search(r"https?://\S+/portal/invitation/\S+/", mail.outbox[-1].body).group(0)
    return {"link": link, "assessment": assessment, "action": action, "supplier": supplier}


def test_supplier_goes_from_invitation_to_evidence_by_keyboard_alone(page, supplier_world, tmp_path):
    assessment, action = supplier_world["assessment"], supplier_world["action"]
    # Playwright intercepts file choosers only once a "filechooser" listener exists, and it
    # switches the interception on with a message it does not wait for. A listener added by
    # expect_file_chooser() just before the key press raced that press: on a busy machine
    # the browser opened its (headless, invisible) dialog before the interception was on,
    # and the test waited for a chooser event that never came. Listening from the start
    # puts the interception in place many round trips before the dialog can open.
    page.on("filechooser", lambda chooser: None)

    # The invitation link from the email: choose a password, Enter sends the form.
    page.goto(supplier_world["link"])
    assert_accessible(page)
    type_into(page, page.get_by_label("Choose a password"), "a-long-supplier-passphrase")
    type_into(page, page.get_by_label("Repeat the password"), "a-long-supplier-passphrase")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.get_by_role("heading", name="Nordlys IT-Partner AS").wait_for()
    assert_accessible(page)

    # The self-assessment, answered by keyboard: Space picks a radio button, typing fills
    # the fields, and each answer saves itself.
    activate(page, page.get_by_role("link", name="Self-assessments", exact=True))
    activate(page, page.get_by_role("link", name="Self-assessment 2026"))
    page.get_by_role("heading", name="Self-assessment 2026").wait_for()
    first = page.locator("#question-1")
    tab_to(page, first.get_by_label("Yes", exact=True))
    page.keyboard.press("Space")
    expect(first.get_by_label("Yes", exact=True)).to_be_checked()
    type_into(page, first.get_by_label("Explanation to question 1"), "Approved by the board in June 2025")
    expect(first.get_by_role("status")).to_contain_text("Saved", timeout=10_000)
    second = page.locator("#question-2")
    type_into(page, second.get_by_label("Your answer to question 2"), "Overtime at a component supplier")
    expect(second.get_by_role("status")).to_contain_text("Saved", timeout=10_000)
    expect(page.locator("#missing-box")).to_contain_text("All required questions are answered")
    assert_accessible(page)
    activate(page, page.get_by_role("link", name="Review and submit"))
    activate(page, page.get_by_role("button", name="Submit the self-assessment"))
    expect(page.get_by_text("has been told and will review your answers")).to_be_visible()
    assert_accessible(page)
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED
    assert Answer.objects.get(assessment=assessment, question__order=2).text == "Overtime at a component supplier"

    # The corrective action: a new document as evidence, then submitted for verification.
    activate(page, page.get_by_role("link", name="Corrective actions", exact=True))
    assert_accessible(page)
    activate(page, page.get_by_role("link", name="Publish the factory list"))
    assert_accessible(page)
    activate(page, page.get_by_role("link", name="Attach evidence"))
    assert_accessible(page)
    tab_to(page, page.get_by_label("Kind of new document"))
    page.keyboard.type("Policy")  # a closed select picks the option whose label starts so
    expect(page.get_by_label("Kind of new document")).to_have_value("policy")
    type_into(page, page.get_by_label("Title of new document"), "Factory list 2026")
    certificate = tmp_path / "factory-list.pdf"
    certificate.write_bytes(PDF)
    tab_to(page, page.get_by_label("File"))
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Enter")  # opens the system's file dialog, as a keyboard user would
    chooser.value.set_files(str(certificate))
    type_into(page, page.get_by_label("Note"), "Published on our website.")
    activate(page, page.get_by_role("button", name="Save"))
    expect(page.get_by_text("Factory list 2026").first).to_be_visible()
    assert_accessible(page)
    activate(page, page.get_by_role("button", name="Submit the evidence for verification"))
    expect(page.get_by_text("Your evidence has been submitted.")).to_be_visible()
    assert_accessible(page)
    action.refresh_from_db()
    assert action.status == CorrectiveAction.Status.EVIDENCE_SUBMITTED
    evidence = Evidence.objects.get(supplier=supplier_world["supplier"], title="Factory list 2026")
    assert evidence.file_name == "factory-list.pdf" and evidence.kind == "policy"
