"""WCAG 2.1 AA beyond axe: focus stays in the answer after an inline (htmx) review, a
form that did not save focuses its error summary, the main pages reflow at 320 CSS px
without sideways scrolling (1.4.10), and a browser asking for Nynorsk gets Bokmål."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from followup.models import Answer
from oslo_procurement.accounts.models import User
from tests import factories as f
from tests.followup.factories import (
    AnswerFactory,
    AssessmentFactory,
    QuestionFactory,
    QuestionnaireFactory,
    RoundFactory,
)
from tests.followup_reports import worked

from .conftest import assert_accessible, login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(settings):
    settings.ROOT_URLCONF = "tests.followup_reports.urls"
    buyer = f.BuyerFactory(name="Oslo kommune")
    officer = f.UserFactory(email="ingrid@oslo.example", full_name="Ingrid Solberg", role=User.Role.OFFICER)
    f.BuyerMembershipFactory(user=officer, buyer=buyer)
    manager = f.UserFactory(email="mona@oslo.example", full_name="Mona Leder", role=User.Role.MANAGER)
    f.BuyerMembershipFactory(user=manager, buyer=buyer)
    data = worked.build(buyer)
    supplier = data["s1"]
    supplier_user = f.SupplierMembershipFactory(supplier=supplier, user__email="ola@nordlys.example").user
    for n in range(3):
        f.EvidenceFactory(supplier=supplier, title=f"TCO Certified, generation 10, monitor model OSLO-{n}-XL-2026")
    questionnaire = QuestionnaireFactory(buyer=buyer, title_en="Social criteria 2026")
    question = QuestionFactory(
        questionnaire=questionnaire, order=1, text_en="Do you have a human rights policy approved by the board?"
    )
    round_ = RoundFactory(
        agreement=data["agreement_a"],
        questionnaire=questionnaire,
        title="Self-assessment autumn 2026",
        deadline=datetime.date.today() + datetime.timedelta(weeks=2),
    )
    assessment = AssessmentFactory(round=round_, supplier=supplier, status="submitted", submitted_at=timezone.now())
    AnswerFactory(assessment=assessment, question=question, choice="yes", explanation="Approved in June 2025")
    return {
        "officer": officer,
        "manager": manager,
        "supplier": supplier,
        "supplier_user": supplier_user,
        "assessment": assessment,
    }


def active_element(page):
    return page.evaluate(
        "() => { const a = document.activeElement; return a ? a.tagName.toLowerCase() + '|' + a.textContent : ''; }"
    )


def test_focus_stays_in_the_answer_after_an_inline_review(page, world):
    login(page, world["officer"].email, f.PASSWORD)
    page.goto(f"/followup/assessments/{world['assessment'].public_id}/")
    page.get_by_role("button", name="Accept answer 1", exact=True).focus()
    page.keyboard.press("Enter")
    status = page.locator("article").first.get_by_role("status")
    expect(status).to_have_text("Review saved.")
    expect(status).to_be_focused()
    assert not active_element(page).startswith("body|")
    assert_accessible(page)
    # A failed review (non-compliance without a severity, the browser's check bypassed) focuses the error.
    page.locator("article").first.get_by_text("Record non-compliance").first.click()
    form = page.locator("article").first.locator("form").filter(has=page.locator("select"))
    form.evaluate("form => form.noValidate = true")
    form.get_by_label("Reason for the supplier").fill("No policy")
    form.get_by_role("button", name="Record non-compliance").click()
    alert = page.locator("article").first.get_by_role("alert")
    expect(alert).to_be_visible()
    expect(alert).to_be_focused()
    assert Answer.objects.get(assessment=world["assessment"]).review == Answer.Review.ACCEPTED


def test_a_form_that_did_not_save_focuses_its_error_summary(page, world):
    login(page, world["officer"].email, f.PASSWORD)
    page.goto("/suppliers/new/")
    page.get_by_role("button", name="Save").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    link = summary.get_by_role("link").first
    expect(link).to_be_visible()
    link.click()
    assert page.evaluate("() => document.activeElement.tagName") in ("INPUT", "SELECT", "TEXTAREA")
    assert_accessible(page)


def assert_no_sideways_scroll(page, url):
    page.goto(url)
    page.wait_for_load_state()
    width = page.evaluate("() => document.documentElement.scrollWidth")
    wide = page.evaluate(
        """() => Array.from(document.querySelectorAll('body *'))
            .filter(e => e.getBoundingClientRect().right > 321)
            .filter(e => !(e.parentElement && e.parentElement.closest('.table-responsive')))
            .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""
    )
    assert width <= 320, f"{url} is {width} px wide at 320 px: {wide}"
    # A wide table scrolls inside its own region, which a keyboard user can reach and scroll.
    regions = page.evaluate(
        """() => Array.from(document.querySelectorAll('.table-responsive'))
            .filter(e => e.scrollWidth > e.clientWidth + 1)
            .map(e => [e.getAttribute('tabindex'), e.getAttribute('role'), e.getAttribute('aria-label')])"""
    )
    assert all(tabindex == "0" and role == "region" and label for tabindex, role, label in regions), regions
    return len(regions)


def test_main_pages_reflow_at_320_px(page, world):
    page.set_viewport_size({"width": 320, "height": 720})
    login(page, world["manager"].email, f.PASSWORD)
    scrolling = 0
    for url in ["/", "/reports/dashboard/", f"/suppliers/{world['supplier'].public_id}/", "/suppliers/"]:
        scrolling += assert_no_sideways_scroll(page, url)
    page.context.clear_cookies()
    login(page, world["officer"].email, f.PASSWORD)
    for url in ["/", f"/followup/assessments/{world['assessment'].public_id}/", "/findings/", "/actions/"]:
        scrolling += assert_no_sideways_scroll(page, url)
    page.context.clear_cookies()
    login(page, world["supplier_user"].email, f.PASSWORD)
    for url in ["/portal/", "/portal/evidence/", "/portal/assessments/"]:
        scrolling += assert_no_sideways_scroll(page, url)
    assert_accessible(page)
    assert scrolling > 0  # some tables are wider than 320 px: they scroll in their own region


def test_a_browser_asking_for_nynorsk_gets_bokmal(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="nn-NO", extra_http_headers={"Accept-Language": "nn,en;q=0.5"}
    )
    page = context.new_page()
    page.goto("/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", "nb")
    expect(page.get_by_role("button", name="Logg inn")).to_be_visible()
    context.close()
