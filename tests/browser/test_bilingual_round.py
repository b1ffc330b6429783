"""An officer writes a reporting round's introduction in Bokmål and English; the English
supplier user reads the English text in the portal, the page says which zone its times
are in. Every page passes axe-core's WCAG 2.1 AA rules."""

import datetime

import pytest
from playwright.sync_api import expect

from oslo_procurement.accounts.models import User
from tests import factories as f
from tests.followup.factories import AssessmentFactory, QuestionFactory, QuestionnaireFactory, RoundFactory

from .conftest import assert_accessible, login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world():
    buyer = f.BuyerFactory(name="Bergen kommune")
    officer = f.UserFactory(
        email="ingrid@bergen.example", full_name="Ingrid Solberg", role=User.Role.OFFICER, language="en"
    )
    f.BuyerMembershipFactory(user=officer, buyer=buyer)
    supplier = f.SupplierFactory(legal_name="Tamsui Precision Manufacturing")
    user = f.SupplierMembershipFactory(
        supplier=supplier, user__email="weiling@tamsui.example", user__full_name="Wei-Ling Chen"
    ).user
    user.language, user.time_zone = "en", "Asia/Taipei"
    user.save()
    agreement = f.AgreementFactory(buyer=buyer, reference="2026/0042")
    f.AwardFactory(agreement=agreement, supplier=supplier)
    questionnaire = QuestionnaireFactory(buyer=buyer, title_en="Social criteria 2026")
    QuestionFactory(
        questionnaire=questionnaire,
        order=1,
        criterion_version=f.CriterionVersionFactory(criterion__oecd_step=1),
        text_en="Do you have a human rights policy approved by the board?",
    )
    today = datetime.date.today()
    round_ = RoundFactory(
        agreement=agreement,
        questionnaire=questionnaire,
        title="Egenrapportering 2026",
        opens_on=today,
        deadline=today + datetime.timedelta(weeks=6),
    )
    assessment = AssessmentFactory(round=round_, supplier=supplier)
    return {"officer": officer, "user": user, "round": round_, "assessment": assessment}


def test_officer_writes_both_introductions_and_the_english_supplier_reads_english(page, world):
    round_ = world["round"]
    login(page, world["officer"].email, f.PASSWORD)
    page.goto(round_.get_absolute_url())
    expect(page.locator("#missing-english")).to_contain_text("title (English)")
    assert_accessible(page)

    page.get_by_role("link", name="Edit the texts for the suppliers").click()
    expect(page.get_by_role("heading", name="Texts for the suppliers")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Title (English)").fill("Self-assessment 2026")
    page.get_by_label("Introduction (Bokmål)").fill("Svar for fabrikkene som lager produktene deres.")
    page.get_by_label("Introduction (English)").fill("Answer for the factories that make your products.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Self-assessment 2026")).to_be_visible()
    expect(page.locator("#missing-english")).to_have_count(0)
    assert_accessible(page)

    page.context.clear_cookies()
    login(page, world["user"].email, f.PASSWORD)
    page.goto("/portal/assessments/")
    page.get_by_role("link", name="Self-assessment 2026").click()
    expect(page.locator("#round-intro")).to_have_text("Answer for the factories that make your products.")
    expect(page.get_by_text("Svar for fabrikkene")).to_have_count(0)
    assert_accessible(page)
