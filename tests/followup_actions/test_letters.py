"""Formal letters to the supplier (issue 12): every rung put in force and every lifting
writes a letter in the supplier's language, rendered to a tagged PDF, emailed with the PDF
to the supplier's portal users and contacts through the outbox; none for a proposal still
waiting for the manager or a rejected one; nothing is emailed without the PDF."""

import datetime
import io

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from followup.actions import services
from followup.letters import services as letters
from followup.models import Escalation, SanctionLetter
from oslo_procurement.audit.models import AuditEvent
from oslo_procurement.notifications.models import Notification
from tests import factories as f

from .conftest import TODAY, make_action, make_finding, overdue

Kind, LStatus = SanctionLetter.Kind, SanctionLetter.Status


@pytest.fixture
def late(buyer, supplier_a, officer, award_a, contact_a, supplier_a_user):
    finding = make_finding(buyer, supplier_a, title="Interns on night shifts at Plant 3")
    finding.supplier_summary = "Student interns worked night shifts."
    finding.save()
    return overdue(make_action(buyer, supplier_a, officer, title="Publish the factory list", finding=finding), days=12)


def _pdf(letter):
    from django.core.files.storage import default_storage

    with default_storage.open(letter.file_path, "rb") as handle:
        return handle.read()


def _text(content):
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


def _letter_mails():
    return [m for m in mail.outbox if m.attachments]


def test_a_written_warning_sends_a_letter_with_the_facts(late, officer, agreement, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        warning = services.escalation_propose(
            action=late,
            actor=officer,
            rung=1,
            reason="Internal: two weeks late.",
            letter_reason="The factory list was due on 22 April and is not published.",
            remedy_deadline=TODAY + datetime.timedelta(days=14),
            agreement=agreement,
        )
    letter = SanctionLetter.objects.get(escalation=warning)
    assert (letter.kind, letter.rung, letter.status, letter.language) == (Kind.DECISION, 1, LStatus.SENT, "en")
    assert letter.decided_by == officer and letter.sent_at is not None and letter.pages == 1
    text = _text(_pdf(letter))
    for expected in (
        "Oslo kommune",  # the buyer's name
        "2026/0007",  # the agreement
        "PCs and tablets",
        "Publish the factory list",  # the overdue action
        "12 days",
        "Interns on night shifts at Plant 3",  # the finding behind it
        "Decision: Written warning",
        "The factory list was due on 22 April and is not published.",  # the reason written for the supplier
        "May 18, 2026",  # the deadline to remedy
        "Decided by Officer Person",
    ):
        assert expected in text, expected
    assert "Internal: two weeks late." not in text
    assert "the City" not in text
    # Emailed with the PDF to the portal user and the contact, once each.
    sent = _letter_mails()
    assert sorted(m.to[0] for m in sent) == ["kari@alpha.example", "user@alpha.example"]
    for message in sent:
        name, content, content_type = message.attachments[0]
        assert content_type == "application/pdf" and name == letter.filename
        assert content == _pdf(letter)
        assert "Oslo kommune" in message.subject
    events = AuditEvent.objects.filter(target_id=str(letter.public_id)).values_list("event_type", flat=True)
    assert set(events) == {"letter_issued", "letter_sent"}
    assert letter.history.count() == 2  # written with the decision, then sent


def test_the_pdf_is_tagged_with_its_language_and_title(late, officer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        warning = services.escalation_propose(action=late, actor=officer, rung=1, reason="Late.")
    reader = PdfReader(io.BytesIO(_pdf(warning.letters.get())))
    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert catalog["/Lang"] == "en"
    assert "/StructTreeRoot" in catalog
    assert reader.metadata.title.startswith("Written warning")


def test_a_proposal_sends_no_letter_until_the_manager_approves(
    late, officer, manager, django_capture_on_commit_callbacks
):
    services.escalation_propose(action=late, actor=officer, rung=1, reason="Late.")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        proposal = services.escalation_propose(action=late, actor=officer, rung=2, reason="Still late.")
    assert not proposal.letters.exists() and _letter_mails() == []
    with django_capture_on_commit_callbacks(execute=True):
        services.escalation_approve(
            escalation=proposal, actor=manager, note="Agreed.", letter_reason="No orders until it is published."
        )
    letter = proposal.letters.get()
    assert letter.rung == Escalation.Rung.SUSPENSION and letter.approved_by == manager
    text = _text(_pdf(letter))
    assert "Proposed by Officer Person on May 4, 2026" in text
    assert "Approved by Manager Person, manager, on May 4, 2026" in text
    assert "No orders until it is published." in text
    assert "Replacement purchase" in text  # the next step if the supplier does not remedy
    assert len(_letter_mails()) == 2


def test_a_rejected_proposal_sends_no_letter(late, officer, manager, django_capture_on_commit_callbacks):
    services.escalation_propose(action=late, actor=officer, rung=1, reason="Late.")
    proposal = services.escalation_propose(action=late, actor=officer, rung=2, reason="Still late.")
    with django_capture_on_commit_callbacks(execute=True):
        services.escalation_reject(escalation=proposal, actor=manager, note="Give them a week.")
    assert not proposal.letters.exists()
    assert SanctionLetter.objects.count() == 1  # the warning's


def test_every_rung_and_every_lifting_has_its_letter(late, officer, manager, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        rungs = [services.escalation_propose(action=late, actor=officer, rung=1, reason="Late.")]
        for rung in (2, 3, 4):
            proposal = services.escalation_propose(action=late, actor=officer, rung=rung, reason=f"Rung {rung}.")
            rungs.append(services.escalation_approve(escalation=proposal, actor=manager, note="Yes."))
    assert [e.letters.get().rung for e in rungs] == [1, 2, 3, 4]
    assert "Termination" in _text(_pdf(rungs[3].letters.get()))
    services.action_verify(action=late, actor=officer, note="Published on the web site.", override=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.escalation_lift(escalation=rungs[0], actor=officer, reason="The list is published.")
    lifting = rungs[0].letters.get(kind=Kind.LIFTING)
    assert lifting.status == LStatus.SENT and lifting.decided_by == officer
    text = _text(_pdf(lifting))
    assert "Lifting of the sanction: Written warning" in text
    assert "The list is published." in text
    assert SanctionLetter.objects.filter(status=LStatus.SENT).count() == 5


def test_the_letter_follows_the_suppliers_language(buyer, officer, django_capture_on_commit_callbacks):
    norwegian = f.SupplierFactory(legal_name="Fjord Data AS", country="NO")
    f.SupplierMembershipFactory(supplier=norwegian, user__language="nb")
    f.ContactFactory(supplier=norwegian, language="nb")
    foreign = f.SupplierFactory(legal_name="Tamsui Precision", country="TW", org_number=None, foreign_registry_id="1")
    nobody = f.SupplierFactory(legal_name="Tom Leverandør AS", country="NO")
    assert letters.supplier_language(norwegian) == "nb"
    assert letters.supplier_language(foreign) == "en"
    assert letters.supplier_language(nobody) == "nb"  # no users or contacts: Bokmål for a Norwegian supplier
    english = f.SupplierFactory(legal_name="Nordic Parts AS", country="NO")
    f.ContactFactory(supplier=english, language="en")
    f.ContactFactory(supplier=english, language="en")
    assert letters.supplier_language(english) == "en"  # its contacts all read English
    mixed = f.SupplierFactory(legal_name="Blandet AS", country="NO")
    f.SupplierMembershipFactory(supplier=mixed, user__language="en")
    f.ContactFactory(supplier=mixed, language="nb")
    assert letters.supplier_language(mixed) == "nb"  # users and contacts differ: the country decides
    action = overdue(make_action(buyer, norwegian, officer, title="Publiser fabrikklisten"))
    with django_capture_on_commit_callbacks(execute=True):
        warning = services.escalation_propose(action=action, actor=officer, rung=1, reason="For sent.")
    letter = warning.letters.get()
    assert letter.language == "nb" and letter.filename.startswith("brev-")
    text = _text(_pdf(letter))
    assert "Vedtak: Skriftlig advarsel" in text and "Oslo kommune" in text
    assert PdfReader(io.BytesIO(_pdf(letter))).trailer["/Root"]["/Lang"] == "nb"


def test_no_email_leaves_without_the_pdf_and_the_catch_up_sends_it(
    late, officer, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(context):
        raise RuntimeError("WeasyPrint crashed")

    monkeypatch.setattr(letters, "render_letter_pdf", broken)
    with django_capture_on_commit_callbacks(execute=True):
        warning = services.escalation_propose(action=late, actor=officer, rung=1, reason="Late.")
    letter = warning.letters.get()
    assert letter.status == LStatus.FAILED and "WeasyPrint crashed" in letter.error
    held = Notification.objects.filter(item_id=letter.pk)
    assert {n.status for n in held} == {Notification.Status.HELD} and held.count() == 2
    assert _letter_mails() == []
    monkeypatch.undo()
    assert letters.letters_catch_up() == {"sent": 0, "failed": 0}  # it waits a minute before trying again
    later = timezone.now() + datetime.timedelta(minutes=2)
    with django_capture_on_commit_callbacks(execute=True):
        assert letters.letters_catch_up(now=later) == {"sent": 1, "failed": 0}
    letter.refresh_from_db()
    assert letter.status == LStatus.SENT and letter.attempts == 2
    assert len(_letter_mails()) == 2
    # Running it again (a redelivered task, a second catch-up) sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        assert letters.letter_render(letter_id=letter.pk) is None
        assert letters.letters_catch_up(now=later) == {"sent": 0, "failed": 0}
    assert len(_letter_mails()) == 2


def test_the_remedy_deadline_cannot_be_in_the_past(late, officer):
    with pytest.raises(Exception) as exc:
        services.escalation_propose(
            action=late, actor=officer, rung=1, reason="Late.", remedy_deadline=TODAY - datetime.timedelta(days=1)
        )
    assert "remedy_deadline" in exc.value.error_dict
    assert not SanctionLetter.objects.exists()


def test_the_officer_previews_before_deciding_and_nothing_is_sent(late, officer_client, agreement):
    url = reverse("actions:escalate", args=[late.public_id])
    response = officer_client.post(
        url,
        {
            "rung": 1,
            "reason": "Internal reason",
            "letter_reason": "Your factory list is three weeks late.",
            "remedy_deadline": "2026-05-20",
            "agreement": agreement.pk,
            "preview": "1",
        },
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    text = _text(response.content)
    assert "Preview: this letter has not been sent" in text
    assert "Your factory list is three weeks late." in text and "May 20, 2026" in text
    assert not Escalation.objects.exists() and not SanctionLetter.objects.exists() and mail.outbox == []
    assert AuditEvent.objects.filter(event_type="export", details__what="sanction_letter_preview").count() == 1


def test_the_manager_previews_the_adjusted_letter_then_approves(
    late, officer, manager_client, django_capture_on_commit_callbacks
):
    services.escalation_propose(action=late, actor=officer, rung=1, reason="Late.")
    proposal = services.escalation_propose(action=late, actor=officer, rung=2, reason="Still late.")
    url = reverse("actions:escalation_decide", args=[proposal.public_id])
    page = manager_client.get(url)
    assert "Preview the letter" in page.content.decode()
    preview = manager_client.post(url, {"letter_reason": "Orders are suspended.", "preview": "1"})
    assert preview["Content-Type"] == "application/pdf"
    assert "Orders are suspended." in _text(preview.content)
    assert not proposal.letters.exists()
    with django_capture_on_commit_callbacks(execute=True):
        manager_client.post(
            url, {"decision": "approve", "note": "Yes.", "letter_reason": "Orders are suspended."}, follow=True
        )
    proposal.refresh_from_db()
    assert proposal.status == Escalation.Status.IN_FORCE
    assert "Orders are suspended." in _text(_pdf(proposal.letters.get()))


# --- Access, the portal list, the demo --------------------------------------------------------


def _sent_warning(action, officer, capture):
    with capture(execute=True):
        warning = services.escalation_propose(action=action, actor=officer, rung=1, reason="Late.")
    return warning.letters.get()


def test_only_the_buyers_staff_and_the_suppliers_own_users_download_a_letter(
    late, officer, client, other_officer, supplier_a_user, supplier_b_user, django_capture_on_commit_callbacks
):
    from tests.conftest import client_for

    letter = _sent_warning(late, officer, django_capture_on_commit_callbacks)
    staff_url = reverse("letters:download", args=[letter.public_id])
    portal_url = reverse("portal_letters:download", args=[letter.public_id])

    response = client_for(client, officer).get(staff_url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == _pdf(letter)
    assert response["Content-Disposition"].startswith("attachment")
    assert client_for(client, other_officer).get(staff_url).status_code == 404  # another buyer's officer
    assert client_for(client, supplier_b_user).get(portal_url).status_code == 404  # another supplier's user
    assert client_for(client, supplier_b_user).get(staff_url).status_code == 403
    own = client_for(client, supplier_a_user)
    page = own.get(reverse("portal_letters:list"))
    assert letter.get_rung_display() in page.content.decode() and portal_url in page.content.decode()
    assert own.get(portal_url).status_code == 200
    exports = AuditEvent.objects.filter(event_type="export", details__what="sanction_letter")
    assert exports.count() == 2  # the officer's download and the supplier's


def test_a_letter_not_yet_sent_is_not_in_the_portal(late, officer, client, supplier_a_user, monkeypatch):
    from tests.conftest import client_for

    monkeypatch.setattr(letters, "_enqueue", lambda *args: None)  # the broker is down
    warning = services.escalation_propose(action=late, actor=officer, rung=1, reason="Late.")
    letter = warning.letters.get()
    assert letter.status == LStatus.PENDING
    portal = client_for(client, supplier_a_user)
    assert "No letters." in portal.get(reverse("portal_letters:list")).content.decode()
    assert portal.get(reverse("portal_letters:download", args=[letter.public_id])).status_code == 404
    # The broker is back: the catch-up job renders it and the emails go.
    assert Notification.objects.filter(item_id=letter.pk, status=Notification.Status.HELD).count() == 2
    letters.letters_catch_up(now=timezone.now() + datetime.timedelta(minutes=2))
    letter.refresh_from_db()
    assert letter.status == LStatus.SENT
    assert portal.get(reverse("portal_letters:download", args=[letter.public_id])).status_code == 200
    assert not Notification.objects.filter(item_id=letter.pk, status=Notification.Status.HELD).exists()


def test_the_portal_list_costs_the_same_queries_at_any_length(
    buyer, supplier_a, officer, client, supplier_a_user, django_assert_max_num_queries
):
    from tests.conftest import client_for

    portal = client_for(client, supplier_a_user)
    url = reverse("portal_letters:list")

    def add_letters(count):
        for _ in range(count):
            action = overdue(make_action(buyer, supplier_a, officer))
            escalation = services.escalation_propose(action=action, actor=officer, rung=1, reason="Late.")
            SanctionLetter.objects.filter(escalation=escalation).update(
                status=LStatus.SENT, file_path="private/letters/x.pdf", sent_at=escalation.created_at
            )

    add_letters(2)
    portal.get(url)  # warm up the session and caches
    with django_assert_max_num_queries(12) as small:
        assert portal.get(url).status_code == 200
    add_letters(8)
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = portal.get(url)
    assert page.content.decode().count("Download (PDF") == 10


def test_the_demo_warning_has_its_letter_in_the_portal(buyer, officer, client, django_capture_on_commit_callbacks):
    from followup.actions.demo import seed_actions
    from followup.meetings.demo import seed_meetings
    from oslo_procurement.accounts.models import User
    from tests.conftest import client_for

    admin = f.UserFactory(role=User.Role.ADMIN)
    tamsui = f.SupplierFactory(legal_name="Tamsui Precision", country="TW", org_number=None, foreign_registry_id="9")
    tamsui_user = f.SupplierMembershipFactory(supplier=tamsui).user
    suppliers = {"tamsui": tamsui}
    with django_capture_on_commit_callbacks(execute=True):
        seed_meetings(buyer=buyer, actor=admin, suppliers=suppliers)
        seeded = seed_actions(buyer=buyer, actor=admin, suppliers=suppliers)
    letter = seeded["warning"].letters.get()
    assert letter.status == LStatus.SENT and letter.language == "en"
    with django_capture_on_commit_callbacks(execute=True):
        seed_actions(buyer=buyer, actor=admin, suppliers=suppliers)  # a second run writes no second letter
    assert SanctionLetter.objects.count() == 1
    page = client_for(client, tamsui_user).get(reverse("portal_letters:list")).content.decode()
    assert "Written warning" in page and reverse("portal_letters:download", args=[letter.public_id]) in page
