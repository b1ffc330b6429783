"""Market dialogue in the supplier's language, change notices, and suggestions that name
their suppliers, in the browser: the English supplier answers readiness on a bilingual
proposal and reads English throughout; a cancellation reaches an invited supplier's
inbox (through the outbox) and the portal shows the event cancelled; an officer sees every
suggestion rule fire on the demo data with the suppliers named. Every page passes axe."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from contracts.models import Buyer
from followup.consultations import services as market
from followup.lessons import suggestions
from followup.models import CriterionFeedback, Finding, FindingSupplier
from oslo_procurement.accounts.models import User
from oslo_procurement.notifications.models import Notification
from tests import factories as f

from .conftest import assert_accessible, follow, login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def bilingual_event():
    buyer = f.BuyerFactory(name="Oslo kommune")
    officer = f.UserFactory(email="ingrid@oslo.example", role=User.Role.OFFICER)
    f.BuyerMembershipFactory(user=officer, buyer=buyer)
    supplier = f.SupplierFactory(legal_name="Tamsui Precision Manufacturing Co., Ltd.")
    user = f.SupplierMembershipFactory(
        supplier=supplier, user__email="chen@tamsui.example", user__full_name="Chen Wei-Ling", user__language="en"
    ).user
    today = timezone.localdate()
    event = market.event_create(
        buyer=buyer,
        actor=officer,
        kind="market_consultation",
        topic_nb="Markedsdialog før ny IKT-anskaffelse",
        topic_en="Market consultation before the next ICT procurement",
        description_nb="Innspill til de sosiale kravene.",
        description_en="Input on the social criteria.",
        procurement="ICT equipment from 2028",
        event_date=today + datetime.timedelta(days=14),
        input_deadline=today + datetime.timedelta(days=7),
        mode="online",
    )
    market.proposal_add(
        event=event,
        actor=officer,
        title_nb="Aktsomhet for kobolt og glimmer",
        text_nb="Leverandøren skal kartlegge smelteverk for kobolt og glimmer.",
        title_en="Due diligence for cobalt and mica",
        text_en="The supplier shall map the smelters for cobalt and mica.",
    )
    market.invitations_create(event=event, suppliers=[supplier], actor=officer, send_email=True)
    return {"event": event, "officer": officer, "user": user, "supplier": supplier}


def test_english_supplier_answers_readiness_on_a_bilingual_proposal(page, bilingual_event):
    login(page, bilingual_event["user"].email, f.PASSWORD)
    follow(page, page.get_by_role("link", name="Market dialogue").first)
    assert_accessible(page)
    follow(page, page.get_by_role("link", name="Market consultation before the next ICT procurement"))
    assert_accessible(page)
    body = page.locator("main")
    expect(body).to_contain_text("Input on the social criteria.")
    expect(body).to_contain_text("The supplier shall map the smelters for cobalt and mica.")
    expect(body).not_to_contain_text("Leverandøren skal")
    expect(body).not_to_contain_text("only in Norwegian")
    # "Not feasible" without a reason is refused, saying why; nothing is saved.
    page.get_by_role("radio", name="Not feasible").check()
    page.get_by_role("button", name="Send your input").click()
    expect(page.locator("main")).to_contain_text("the buyer needs the reasons to weigh this answer")
    assert_accessible(page)
    assert not CriterionFeedback.objects.exists()
    page.get_by_label("Reasons").fill("Our smelter list covers only 3TG so far.")
    page.get_by_role("button", name="Send your input").click()
    expect(page.get_by_text("Your input is saved.")).to_be_visible()
    assert_accessible(page)
    assert CriterionFeedback.objects.get().readiness == "not_feasible"


def test_a_cancellation_reaches_the_invited_supplier_and_the_portal_shows_it(page, bilingual_event):
    event = bilingual_event["event"]
    login(page, bilingual_event["officer"].email, f.PASSWORD)
    page.goto(event.get_absolute_url())
    assert_accessible(page)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Cancel the event").click()
    expect(page.get_by_text("The event is cancelled.")).to_be_visible()
    assert_accessible(page)
    # Through the outbox to the supplier's inbox, in the supplier's language.
    assert Notification.objects.get(recipient_email="chen@tamsui.example", template__endswith="/cancelled").sent_at
    (email,) = [m for m in mail.outbox if m.to == ["chen@tamsui.example"] and m.subject.startswith("Cancelled")]
    assert email.subject == "Cancelled: Market consultation before the next ICT procurement (Oslo kommune)"
    assert "Oslo kommune has cancelled the market consultation" in email.body

    page.context.clear_cookies()
    login(page, bilingual_event["user"].email, f.PASSWORD)
    page.goto(f"/portal/market-dialogue/{event.public_id}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Cancelled")
    expect(page.locator("main")).to_contain_text("The event is cancelled.")
    assert_accessible(page)


def test_officer_sees_every_suggestion_rule_on_the_demo_data_with_the_suppliers(page):
    call_command("seed_demo", stdout=io.StringIO())
    buyer = Buyer.objects.get(name="Oslo kommune")
    officer = f.UserFactory(email="reviewer@oslo.example", role=User.Role.OFFICER, language="en")
    f.BuyerMembershipFactory(user=officer, buyer=buyer)
    rules = {s.rule for s in suggestions.open_suggestions(buyer)}
    assert rules == {"noncompliance", "recurring_issue", "missing_evidence", "overdue_actions"}

    login(page, officer.email, f.PASSWORD)
    page.goto("/lessons/")
    assert_accessible(page)
    section = page.get_by_role("region", name="Suggested from your follow-up data")
    expect(section).to_contain_text("Most suppliers failed SA-1 in the self-assessment reviews")
    expect(section).to_contain_text("3 of the 4 suppliers whose answers on SA-1 were reviewed (75 %)")
    recurring = section.get_by_role("article").filter(has_text="recurs across supply chains")
    expect(recurring).to_contain_text("in 3 different supply chains")
    for name in ("Tamsui Precision Manufacturing Co., Ltd.", "Lumora Displays Co., Ltd.", "Selangor Circuit"):
        expect(recurring).to_contain_text(name)
    expect(section).to_contain_text("Evidence mostly missing for a question on SA-5")
    overdue = section.get_by_role("article").filter(has_text="repeatedly overdue")
    expect(overdue).to_contain_text("from 2 different findings")
    expect(overdue).to_contain_text("Lumora Displays Co., Ltd.")


def test_officer_writes_the_missing_english_and_reads_readiness_per_wording(page, bilingual_event):
    officer, event = bilingual_event["officer"], bilingual_event["event"]
    version = f.CriterionVersionFactory(
        criterion=f.CriterionFactory(code="CLA-7"),
        title_en="Conflict minerals",
        effective_from=datetime.date(2025, 1, 1),
    )
    market.proposal_add(event=event, actor=officer, criterion_version=version)
    market.proposal_add(
        event=event, actor=officer, criterion=version.criterion, title_nb="Også kobolt", text_nb="Kartlegg kobolt."
    )
    login(page, officer.email, f.PASSWORD)
    page.goto(event.get_absolute_url())
    criteria = page.get_by_role("region", name="Criteria under discussion and how ready the market is")
    expect(criteria).to_contain_text("English missing")
    follow(page, criteria.get_by_role("link", name="Write the English wording"))
    assert_accessible(page)
    page.get_by_label("Short title (English)").fill("Cobalt too")
    page.get_by_label("Proposed wording (English)").fill("Map cobalt.")
    page.get_by_role("button", name="Save").click()
    expect(criteria).not_to_contain_text("English missing")
    expect(criteria).to_contain_text("Map cobalt.")

    page.goto("/market-dialogue/readiness/")
    assert_accessible(page)
    rows = page.get_by_role("table", name="Catalogue criteria")
    expect(rows).to_contain_text("v1 Conflict minerals")
    expect(rows).to_contain_text("Cobalt too")  # each wording on its own row
    rows.get_by_role("link", name="CLA-7").click()
    expect(page.get_by_role("table", name="Per wording, over all events")).to_contain_text("Cobalt too")
    assert_accessible(page)


def test_officer_dismisses_a_suggestion_with_a_reason_and_undoes_it(page):
    buyer = f.BuyerFactory(name="Oslo kommune")
    officer = f.UserFactory(email="ingrid@oslo.example", role=User.Role.OFFICER)
    f.BuyerMembershipFactory(user=officer, buyer=buyer)
    for n in range(3):
        finding = Finding.objects.create(
            buyer=buyer,
            title=f"Overtime at plant {n}",
            summary="Reported.",
            source_kind="audit",
            source_title="Audit",
            issue_type="overtime",
            severity=3,
            likelihood=3,
        )
        FindingSupplier.objects.create(finding=finding, supplier=f.SupplierFactory(legal_name=f"Plant {n} Ltd"))
    login(page, officer.email, f.PASSWORD)
    page.goto("/lessons/")
    card = page.get_by_role("article").filter(has_text="Excessive overtime recurs across supply chains")
    expect(card).to_contain_text("Plant 2 Ltd")
    card.locator("summary").click()
    card.get_by_label("Why is it dismissed?").fill("Covered by the working-hours lesson.")
    assert_accessible(page)
    card.get_by_role("button", name="Dismiss the suggestion").click()
    expect(page.get_by_text("The suggestion is dismissed.")).to_be_visible()
    page.get_by_text("Dismissed suggestions").click()
    expect(page.locator("#dismissed")).to_contain_text("Covered by the working-hours lesson.")
    assert_accessible(page)
    page.locator("#dismissed").get_by_role("button", name="Undo").click()
    expect(page.get_by_role("article").filter(has_text="recurs across supply chains")).to_be_visible()
    assert_accessible(page)
