"""Escalation to a written warning reaches the supplier as a formal letter (issue 12): the
officer previews the letter, decides, and the letter PDF in the supplier's language
(Bokmål here, while the officer works in English) is emailed with the PDF attached, shows
in the supplier's portal, downloads there, and stands on the officer's timeline of that
supplier. A suspension sends its letter only once the manager, who previews it first,
approves. Every page on the way passes axe-core's WCAG 2.1 AA rules."""

import datetime
import io
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from followup.actions import services as action_services
from followup.models import CorrectiveAction, SanctionLetter
from oslo_procurement.accounts.models import User
from tests import factories as f

from .conftest import assert_accessible, follow, login

pytestmark = pytest.mark.django_db(transaction=True)


def _text(content):
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


@pytest.fixture
def letter_world():
    buyer = f.BuyerFactory(name="Oslo kommune")
    officer = f.UserFactory(email="ingrid@oslo.example", full_name="Ingrid Solberg", role=User.Role.OFFICER)
    f.BuyerMembershipFactory(user=officer, buyer=buyer)
    manager = f.UserFactory(email="lars@oslo.example", full_name="Lars Bakke", role=User.Role.MANAGER)
    f.BuyerMembershipFactory(user=manager, buyer=buyer)
    supplier = f.SupplierFactory(legal_name="Nordlys IT-Partner AS", country="NO")
    f.ContactFactory(supplier=supplier, name="Kari Nordmann", email="kari@nordlys.example", language="nb")
    user = f.SupplierMembershipFactory(
        supplier=supplier, user__email="ola@nordlys.example", user__full_name="Ola Nordmann", user__language="nb"
    ).user
    agreement = f.AgreementFactory(buyer=buyer, reference="2026/0042", title="PC-er og nettbrett")
    f.AwardFactory(agreement=agreement, supplier=supplier)
    action = action_services.action_create(
        buyer=buyer, supplier=supplier, actor=officer, title="Publiser fabrikklisten", severity=2
    )
    CorrectiveAction.objects.filter(pk=action.pk).update(deadline=timezone.localdate() - datetime.timedelta(days=9))
    return {"officer": officer, "manager": manager, "user": user, "supplier": supplier, "action": action}


def test_a_written_warning_reaches_the_supplier_as_a_letter(page, letter_world):
    officer, user, supplier, action = (letter_world[k] for k in ("officer", "user", "supplier", "action"))
    # Playwright reports responses to the context only once someone listens, and switches
    # that on with a message it does not wait for; listening from the start means the
    # expect_event("response") below cannot race its own click on a busy machine.
    page.context.on("response", lambda response: None)

    # The officer escalates the overdue action and previews the letter first.
    login(page, officer.email, f.PASSWORD)
    page.goto(f"/actions/{action.public_id}/")
    assert_accessible(page)
    follow(page, page.get_by_role("link", name="Escalate"))
    assert_accessible(page)
    page.get_by_label("Step on the ladder").select_option(label="Written warning")
    page.get_by_label("Reason").fill("Nine days late; no answer to two reminders.")
    page.get_by_label("Explanation in the letter to the supplier").fill(
        "Fabrikklisten skulle vært publisert for ni dager siden."
    )
    with (
        page.context.expect_event(
            "response", lambda r: r.url.endswith("/escalate/") and r.request.method == "POST"
        ) as preview,
        page.expect_popup() as popup,
    ):
        page.get_by_role("button", name="Preview the letter").click()
    assert preview.value.headers["content-type"] == "application/pdf"
    assert preview.value.headers["content-disposition"].startswith("inline")
    popup.value.close()
    # Chromium's PDF viewer stands between the page and the bytes: read the same preview
    # again through the browser's own session to check what it says.
    form = page.locator("#main form[method=post]")
    fields = {
        "csrfmiddlewaretoken": form.locator("input[name=csrfmiddlewaretoken]").input_value(),
        "rung": form.get_by_label("Step on the ladder").input_value(),
        "reason": form.get_by_label("Reason").input_value(),
        "letter_reason": form.get_by_label("Explanation in the letter to the supplier").input_value(),
        "remedy_deadline": form.get_by_label("Deadline to remedy").input_value(),
        "agreement": form.get_by_label("Agreement").input_value(),
        "preview": "1",
    }
    again = page.request.post(page.url, form=fields, headers={"Referer": page.url})
    preview_text = _text(again.body())
    assert "Forhåndsvisning" in preview_text and "Vedtak: Skriftlig advarsel" in preview_text
    assert "Fabrikklisten skulle vært publisert for ni dager siden." in preview_text
    assert not SanctionLetter.objects.exists() and not [m for m in mail.outbox if m.attachments]

    # The decision is final: the letter goes out.
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("region", name="Sanctions ladder")).to_contain_text("In force")
    assert_accessible(page)
    page.get_by_role("region", name="Sanctions ladder").get_by_role("link", name="Written warning").first.click()
    letters_section = page.get_by_role("region", name="Letters to the supplier")
    expect(letters_section).to_contain_text("Norwegian Bokmål")
    expect(letters_section).to_contain_text("sent")
    assert_accessible(page)

    letter = SanctionLetter.objects.get()
    assert letter.language == "nb" and letter.status == SanctionLetter.Status.SENT
    emailed = [m for m in mail.outbox if m.attachments]
    assert sorted(m.to[0] for m in emailed) == ["kari@nordlys.example", "ola@nordlys.example"]
    name, content, content_type = emailed[0].attachments[0]
    assert content_type == "application/pdf" and name.startswith("brev-")
    text = _text(content)
    for expected in (
        "Oslo kommune",
        "2026/0042",
        "Vedtak: Skriftlig advarsel",
        "Publiser fabrikklisten",
        "Fabrikklisten skulle vært publisert for ni dager siden.",
        "Frist for retting",
        "Vedtatt av Ingrid Solberg",
    ):
        assert expected in text, expected
    assert "Brev fra Oslo kommune" in emailed[0].subject

    # The officer's timeline of the supplier keeps it.
    page.goto(f"/timeline/supplier/{supplier.public_id}/")
    expect(page.get_by_text("Letter sent to the supplier: Written warning (Norwegian Bokmål)")).to_be_visible()
    assert_accessible(page)

    # A suspension waits for the manager, who previews the letter before approving it.
    page.goto(f"/actions/{action.public_id}/escalate/")
    page.get_by_label("Step on the ladder").select_option(label="Temporary suspension")
    page.get_by_label("Reason").fill("Still not published after the written warning.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("region", name="Sanctions ladder")).to_contain_text("Awaiting the manager's approval")
    assert SanctionLetter.objects.count() == 1  # nothing goes out before the manager decides
    page.context.clear_cookies()
    login(page, letter_world["manager"].email, f.PASSWORD)
    page.goto("/actions/escalations/")
    follow(page, page.get_by_role("link", name="Decide"))
    assert_accessible(page)
    page.get_by_label("Your note on the decision").fill("Approved.")
    page.get_by_label("Explanation in the letter").fill("Ingen nye bestillinger før fabrikklisten er publisert.")
    with (
        page.context.expect_event(
            "response", lambda r: r.url.endswith("/decide/") and r.request.method == "POST"
        ) as preview,
        page.expect_popup() as popup,
    ):
        page.get_by_role("button", name="Preview the letter").click()
    assert preview.value.headers["content-type"] == "application/pdf"
    popup.value.close()
    assert SanctionLetter.objects.count() == 1
    page.get_by_role("button", name="Approve: put it in force").click()
    expect(page.get_by_role("region", name="Letters to the supplier")).to_contain_text("sent")
    assert_accessible(page)
    suspension = SanctionLetter.objects.get(rung=2)
    emailed = [m for m in mail.outbox if m.attachments and m.attachments[0][0] == suspension.filename]
    assert len(emailed) == 2
    text = _text(emailed[0].attachments[0][1])
    assert "Vedtak: Midlertidig suspensjon" in text and "Godkjent av Lars Bakke, leder" in text
    assert "Ingen nye bestillinger før fabrikklisten er publisert." in text

    # The supplier finds it in the portal, in Bokmål, and downloads it.
    page.context.clear_cookies()
    login(page, user.email, f.PASSWORD)
    page.goto("/portal/")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(r"^Brev Formelle brev")).click()
    expect(page.get_by_role("heading", name="Brev", exact=True)).to_be_visible()
    expect(page.get_by_role("row", name="Midlertidig suspensjon")).to_be_visible()
    row = page.get_by_role("row", name="Skriftlig advarsel")
    expect(row).to_contain_text("Oslo kommune")
    expect(row).to_contain_text("2026/0042")
    assert_accessible(page)
    with page.expect_download() as download:
        row.get_by_role("link", name="Last ned").click()
    with open(download.value.path(), "rb") as handle:
        assert "Vedtak: Skriftlig advarsel" in _text(handle.read())
