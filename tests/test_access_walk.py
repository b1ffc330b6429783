"""Walk the whole URL configuration and check every view answers each role as designed.

A view gets its access class from its decorator (staff_required, staff_write_required,
supplier_required). A new view without one, or without an entry in OBJECTS below when
its URL takes an id, fails this suite."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from suppliers.models import CmrtUpload, SmelterReference

from . import factories as f
from .suppliers.cmrt_workbooks import make_cmrt_report

# The admin guards itself; accounts are login and password pages; sso is logging in through a
# buyer's identity provider (tests/contracts/test_sso.py covers its start and callback).
PUBLIC_NAMESPACES = {"admin", "accounts", "sso"}
# The REST API's views are DRF views with token authentication, not the access decorators:
# tests/api/test_api_walk.py walks every one of them as every role.
OWN_WALK_NAMESPACES = {"api"}

# URL name -> the object whose public_id fills the URL, taken from the `world` fixture.
OBJECTS = {
    "suppliers:detail": "supplier",
    "suppliers:edit": "supplier",
    "suppliers:archive": "supplier",
    "suppliers:restore": "supplier",
    "suppliers:contact_create": "supplier",
    "suppliers:site_create": "supplier",
    "suppliers:contact_edit": "contact",
    "suppliers:contact_archive": "contact",
    "suppliers:contact_restore": "contact",
    "suppliers:contact_anonymise": "contact",
    "suppliers:user_anonymise": "membership",
    "suppliers:site_detail": "site",
    "suppliers:site_edit": "site",
    "suppliers:site_archive": "site",
    "suppliers:site_restore": "site",
    "criteria:detail": "criterion",
    "criteria:edit": "criterion",
    "criteria:archive": "criterion",
    "criteria:restore": "criterion",
    "criteria:version_create": "criterion",
    "criteria:version_detail": "version",
    "criteria:version_edit": "version",
    "criteria:version_activate": "version",
    "criteria:version_retire": "version",
    "criteria:version_adopt": "version",
    "contracts:detail": "agreement",
    "contracts:edit": "agreement",
    "contracts:archive": "agreement",
    "contracts:restore": "agreement",
    "contracts:lot_create": "agreement",
    "contracts:factories": "agreement",
    "contracts:award_create": "agreement",
    "contracts:lot_edit": "lot",
    "contracts:lot_archive": "lot",
    "contracts:lot_restore": "lot",
    "contracts:award_edit": "award",
    "contracts:award_detail": "award",
    "contracts:entity_detail": "entity",
    "contracts:award_archive": "award",
    "contracts:award_restore": "award",
    "contracts:entity_edit": "entity",
    "contracts:entity_archive": "entity",
    "contracts:entity_restore": "entity",
    "contracts:supplier_officer": "supplier",
    "contracts:supplier_note": "supplier",
    "suppliers:invitation_create": "supplier",
    "suppliers:invitation_resend": "invitation",
    "suppliers:evidence_download": "evidence",
    "cmrt:report_detail": "cmrt_report",
    "cmrt:supplier_reports": "supplier",
    "cmrt:upload": "supplier",
    "portal_cmrt:report_detail": "cmrt_report",
    "cmrt:upload_status": "cmrt_upload",
    "portal_cmrt:upload_status": "cmrt_upload",
    "followup:questionnaire_detail": "questionnaire",
    "followup:questionnaire_edit": "questionnaire",
    "followup:questionnaire_publish": "questionnaire",
    "followup:questionnaire_share": "questionnaire",
    "followup:question_create": "questionnaire",
    "followup:question_edit": "question",
    "followup:question_move": "question",
    "followup:question_remove": "question",
    "followup:round_detail": "round",
    "followup:round_texts_edit": "round",
    "followup:round_add_supplier": "round",
    "followup:round_close": "round",
    "followup:assessment_review": "assessment",
    "followup:answer_review": "assessment",
    "followup:assessment_return": "assessment",
    "followup:assessment_accept": "assessment",
    "followup:assessment_note": "assessment",
    "portal_followup:detail": "assessment",
    "portal_followup:submit": "assessment",
    "portal_factories:withdraw": "factory_disclosure",
    "findings:detail": "finding",
    "findings:edit": "finding",
    "findings:transition": "finding",
    "findings:raise": "finding",
    "findings:archive": "finding",
    "findings:restore": "finding",
    "portal_findings:detail": "finding",
    "risk:supplier": "supplier",
    "risk:agreement": "agreement",
    "risk:agreement_recompute": "agreement",
    "risk:recompute": "supplier",
    "timeline:supplier": "supplier",
    "meetings:detail": "meeting",
    "meetings:edit": "meeting",
    "meetings:agenda": "meeting",
    "meetings:agenda_propose": "meeting",
    "meetings:agenda_share": "meeting",
    "meetings:minutes": "meeting",
    "meetings:minutes_share": "meeting",
    "meetings:action_create": "meeting",
    "meetings:cancel": "meeting",
    "portal_meetings:detail": "meeting",
    "actions:detail": "action",
    "actions:create_from_answer": "assessment",
    "actions:edit": "action",
    "actions:start": "action",
    "actions:verify": "action",
    "actions:return": "action",
    "actions:escalate": "action",
    "portal_actions:detail": "action",
    "portal_actions:update": "action",
    "portal_actions:evidence": "action",
    "portal_actions:submit": "action",
    "actions:escalation_detail": "escalation",
    "actions:escalation_decide": "escalation",
    "actions:escalation_lift": "escalation",
    "actions:escalation_letter_preview": "escalation",
    "letters:download": "letter",
    "portal_letters:download": "letter",
    "reports:run_detail": "report_run",
    "reports:run_status": "report_run",
    "reports:run_download": "report_run",
    "reports:subscription_detail": "report_subscription",
    "reports:subscription_edit": "report_subscription",
    "reports:subscription_preview": "report_subscription",
    "reports:subscription_send_now": "report_subscription",
    "notifications:resend": "failed_email",
    "reports:recipient_add": "report_subscription",
    "reports:recipient_remove": "report_recipient",
    "reports:delivery_resend": "report_delivery",
    "reminders:supplier": "supplier",
    "market:detail": "market_event",
    "market:edit": "market_event",
    "market:cancel": "market_event",
    "market:archive": "market_event",
    "market:restore": "market_event",
    "market:proposal_add": "market_event",
    "market:invite": "market_event",
    "market:attendance": "market_event",
    "market:proposal_remove": "market_proposal",
    "market:proposal_edit": "market_proposal",
    "market:resend": "market_event",
    "market:feedback": "market_invitation",
    "market:criterion_readiness": "criterion",
    "portal_market:detail": "market_event",
    "lessons:detail": "lesson",
    "lessons:edit": "lesson",
    "lessons:agree": "lesson",
    "lessons:reopen": "lesson",
    "lessons:archive": "lesson",
    "lessons:restore": "lesson",
    "procurement:start": "agreement",
    "procurement:detail": "procurement_draft",
    "procurement:sync": "procurement_draft",
    "procurement:archive": "procurement_draft",
    "procurement:restore": "procurement_draft",
    "procurement:line": "draft_line",
    "procurement:decision_version": "draft_decision",
    "portal:site_detail": "site",
    "portal:site_edit": "site",
    "portal:contact_edit": "contact",
    "portal:evidence_edit": "evidence",
    "portal:evidence_archive": "evidence",
    "portal:evidence_download": "evidence",
    "exchange:partner_detail": "partner",
    "exchange:partner_edit": "partner",
    "exchange:partner_archive": "partner",
    "exchange:partner_restore": "partner",
    "exchange:partner_share": "partner",
    "exchange:export_json": "partner",
    "exchange:export_csv": "partner",
    "exchange:export_xlsx": "partner",
    "exchange:consent_withdraw": "consent",
    "exchange:import_detail": "exchange_import",
    "exchange:shared_decide": "shared_item",
    "exchange:shared_supplier_resolve": "shared_supplier",
    "exchange:supplier_shared": "supplier",
    "exchange:ocds_agreement": "agreement",
    "exchange:ocds_open_buyer": "buyer",
    "exchange:ocds_open_agreement": "open_agreement",
    "api_tokens:revoke": "api_token",
    # Answer once, share with many (issue 14): a self-assessment supplier A shares with this buyer.
    "sharing:assessment": "supplier_share",
    "sharing:accept": "assessment",
    "portal_sharing:withdraw": "supplier_share",
    "suppliers:import_preview": "supplier_import",
    "contracts:entity_import_preview": "entity_import",
    "contracts:team_invitation_revoke": "staff_invitation",
    "contracts:buyer_logo": "buyer",
}
# Objects that belong to one buyer: another buyer's officer gets 404 on them.
BUYER_SCOPED = {
    "agreement",
    "lot",
    "award",
    "entity",
    "questionnaire",
    "question",
    "round",
    "assessment",
    "finding",
    "meeting",
    "action",
    "escalation",
    "letter",
    "partner",
    "consent",
    "exchange_import",
    "shared_item",
    "shared_supplier",
    "market_event",
    "market_proposal",
    "market_invitation",
    "lesson",
    "procurement_draft",
    "draft_line",
    "draft_decision",
    "supplier_share",
    "entity_import",
    "staff_invitation",
}


def _walk(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            full = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            if ns in PUBLIC_NAMESPACES or ns in OWN_WALK_NAMESPACES:
                continue
            yield from _walk(entry.url_patterns, full)
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield name, entry


def app_urls():
    return [(name, entry) for name, entry in _walk(get_resolver().url_patterns) if name != "home"]


@pytest.fixture
def world(buyer, supplier_a, supplier_a_user):
    agreement = f.AgreementFactory(buyer=buyer)
    version = f.CriterionVersionFactory(criterion__owner=buyer)  # Oslo's own catalogue
    return _with_share(
        {
            "supplier": supplier_a,
            "contact": f.ContactFactory(supplier=supplier_a),
            "membership": supplier_a_user.supplier_membership,
            "site": f.SiteFactory(supplier=supplier_a),
            "criterion": version.criterion,
            "version": version,
            "agreement": agreement,
            "buyer": buyer,
            "smelter": SmelterReference.objects.create(
                cid="CID001153", name="Metalor", metal="gold", country="Switzerland", rmap_status="conformant"
            ),
            "open_agreement": f.AgreementFactory(buyer=buyer, publish_open_data=True),
            "lot": f.LotFactory(agreement=agreement),
            "award": f.AwardFactory(agreement=agreement, supplier=supplier_a),
            **_factory_world(agreement, supplier_a),
            "entity": f.CityEntityFactory(buyer=buyer),
            "invitation": f.InvitationFactory(supplier=supplier_a),
            "evidence": _evidence_with_file(supplier_a),
            "cmrt_report": make_cmrt_report(supplier_a),
            "cmrt_upload": CmrtUpload.objects.create(
                supplier=supplier_a, file_path="private/cmrt/walk.xlsx", file_name="walk.xlsx", sha256="0" * 64
            ),
            **_assessment_world(agreement, supplier_a),
            "finding": _raised_finding(buyer, supplier_a),
            **_action_world(buyer, supplier_a),
            **_report_world(buyer),
            **_exchange_world(buyer, supplier_a),
            "api_token": _api_token(),
            **_loop_world(buyer, agreement, version, supplier_a),
            **_import_world(buyer),
        }
    )


def _with_share(world):
    """Supplier A shares its self-assessment with the buyer (made directly: the walk needs
    the record, tests/followup_sharing the way to it)."""
    from django.utils import timezone

    from followup.models import SupplierShare

    world["supplier_share"] = SupplierShare.objects.create(
        supplier=world["supplier"],
        buyer=world["buyer"],
        kind="assessment",
        assessment=world["assessment"],
        shared_at=timezone.now(),
    )
    return world


def _import_world(buyer):
    """Spreadsheet imports waiting for their uploader's confirmation; the buyer's logo and a
    staff invitation it sent."""
    from contracts.joining import buyer_branding_save, staff_invitation_create
    from oslo_procurement.imports.models import SpreadsheetImport
    from tests.contracts.test_joining import png_file

    uploader = f.UserFactory(role="officer")
    buyer_branding_save(buyer=buyer, name=buyer.name, logo=png_file(), actor=None)
    invitation, _token = staff_invitation_create(
        buyer=buyer, email="new.officer@oslo.example", full_name="New", role="officer", language="en", actor=None
    )
    return {
        "staff_invitation": invitation,
        "supplier_import": SpreadsheetImport.objects.create(kind="suppliers", created_by=uploader, file_name="s.csv"),
        "entity_import": SpreadsheetImport.objects.create(
            kind="entities", scope=str(buyer.public_id), created_by=uploader, file_name="e.csv"
        ),
    }


def _factory_world(agreement, supplier):
    """Supplier A's factory disclosed for a lot of its award (the Electronics Watch list)."""
    from contracts.models import FactoryDisclosure

    award = f.AwardFactory(agreement=f.AgreementFactory(buyer=agreement.buyer), supplier=supplier)
    lot = f.LotFactory(agreement=award.agreement)
    award.lots.set([lot])
    site = f.SiteFactory(supplier=supplier)
    disclosure = FactoryDisclosure.objects.create(award=award, lot=lot, site=site, stage="final_assembly", products="x")
    return {"factory_disclosure": disclosure}


def _loop_world(buyer, agreement, version, supplier):
    """A market dialogue event that invited supplier A, a lesson, and a next procurement
    draft with one decided criterion."""
    from followup.models import (
        CriterionDecision,
        DraftCriterion,
        EventInvitation,
        Lesson,
        MarketEvent,
        ProcurementDraft,
        ProposedCriterion,
    )

    event = MarketEvent.objects.create(
        buyer=buyer, kind="dialogue_conference", topic="Dialogue on the ICT criteria", event_date="2026-03-01"
    )
    proposal = ProposedCriterion.objects.create(
        event=event, order=1, criterion=version.criterion, criterion_version=version
    )
    invitation = EventInvitation.objects.create(event=event, supplier=supplier)
    lesson = Lesson.objects.create(buyer=buyer, title="Disclosure needs a deadline", learned="x", proposal="tighten")
    draft = ProcurementDraft.objects.create(buyer=buyer, agreement=agreement, title="Next ICT procurement")
    line = DraftCriterion.objects.create(
        draft=draft, order=1, source="agreement", criterion=version.criterion, current_version=version
    )
    decision = CriterionDecision.objects.create(line=line, decision="tighten", reason="Suppliers failed it")
    return {
        "market_event": event,
        "market_proposal": proposal,
        "market_invitation": invitation,
        "lesson": lesson,
        "procurement_draft": draft,
        "draft_line": line,
        "draft_decision": decision,
    }


def _exchange_world(buyer, supplier):
    from tests.followup_exchange.worlds import exchange_world

    return exchange_world(buyer, supplier)


def _api_token():
    from oslo_procurement.api.services import token_create

    return token_create(user=f.UserFactory(role="officer"), name="Walk")[0]


def _report_world(buyer):
    from followup.models import ReportDelivery, ReportRecipient, ReportSubscription
    from tests.followup_reports.worked import done_run

    run = done_run(buyer)
    subscription = ReportSubscription.objects.create(buyer=buyer, kind="buyer", language="nb", schedule="monthly")
    recipient = ReportRecipient.objects.create(subscription=subscription, name="Leader", email="leader@oslo.example")
    delivery = ReportDelivery.objects.create(
        subscription=subscription,
        period_key="2026-11",
        recipient_email=recipient.email,
        status="failed",
        error="550 mailbox unavailable",
    )
    from tests.notifications.test_failed_page import failed

    return {
        "report_run": run,
        "report_subscription": subscription,
        "report_recipient": recipient,
        "report_delivery": delivery,
        "failed_email": failed(),
    }


def _action_world(buyer, supplier):
    """A planned meeting, an action the supplier can see, and a written warning on it."""
    import datetime

    from django.utils import timezone

    from followup.models import CorrectiveAction, Escalation, Meeting

    officer = f.UserFactory(role="officer")
    meeting = Meeting.objects.create(
        buyer=buyer, supplier=supplier, title="Follow-up", starts_at=timezone.now() + datetime.timedelta(days=7)
    )
    action = CorrectiveAction.objects.create(
        buyer=buyer,
        supplier=supplier,
        title="Cap overtime at 60 hours",
        severity=3,
        deadline=timezone.localdate() - datetime.timedelta(days=10),
    )
    escalation = Escalation.objects.create(
        buyer=buyer,
        supplier=supplier,
        action=action,
        rung=1,
        reason="Overdue",
        status="in_force",
        decided_by=officer,
        decided_on=timezone.localdate(),
    )
    return {"meeting": meeting, "action": action, "escalation": escalation, "letter": _sent_letter(escalation)}


def _sent_letter(escalation):
    """The written warning's letter, sent, with its PDF in private storage."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.utils import timezone

    from followup.models import SanctionLetter

    return SanctionLetter.objects.create(
        buyer=escalation.buyer,
        supplier=escalation.supplier,
        escalation=escalation,
        kind="decision",
        rung=escalation.rung,
        language="en",
        reason=escalation.reason,
        decided_by=escalation.decided_by,
        decided_on=escalation.decided_on,
        status="sent",
        sent_at=timezone.now(),
        file_path=default_storage.save("private/letters/walk.pdf", ContentFile(b"%PDF-1.7 letter")),
    )


def _raised_finding(buyer, supplier):
    from django.utils import timezone

    from followup.models import Finding, FindingSupplier

    finding = Finding.objects.create(
        buyer=buyer,
        title="Excessive overtime at the Chongqing plant",
        summary="Internal wording",
        supplier_summary="Overtime above the legal cap",
        source_kind="ngo_report",
        source_title="Report",
        issue_type="overtime",
        severity=3,
        likelihood=3,
    )
    FindingSupplier.objects.create(finding=finding, supplier=supplier, raised_at=timezone.now())
    return finding


def _assessment_world(agreement, supplier):
    from tests.followup.factories import AssessmentFactory, QuestionFactory, RoundFactory

    round_ = RoundFactory(agreement=agreement)
    return {
        "questionnaire": round_.questionnaire,
        "question": QuestionFactory(questionnaire=round_.questionnaire),
        "round": round_,
        "assessment": AssessmentFactory(round=round_, supplier=supplier),
    }


def _evidence_with_file(supplier):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from suppliers.models import Evidence
    from suppliers.services import evidence_save

    evidence = Evidence(supplier=supplier, kind="tco", title="TCO certificate", valid_to="2099-01-01")
    return evidence_save(evidence=evidence, actor=None, upload=SimpleUploadedFile("c.pdf", b"%PDF-1.4 test"))


def _url(name, entry, world):
    if "figure" in entry.pattern.converters:
        return reverse(name, kwargs={"figure": "risk"})
    if "token" in entry.pattern.converters:
        return reverse(name, kwargs={"token": "not-a-valid-token"})
    if name == "workqueue:line":
        return reverse(name, kwargs={"line": "invitations"})
    if "public_id" in entry.pattern.converters:
        return reverse(name, kwargs={"public_id": world[OBJECTS[name]].public_id})
    if "cid" in entry.pattern.converters:  # a smelter of the shared reference list, by its public id
        return reverse(name, kwargs={"cid": world["smelter"].cid})
    return reverse(name)


def test_every_view_declares_its_access_and_every_id_url_is_covered():
    missing_access = [name for name, entry in app_urls() if getattr(entry.callback, "access", None) is None]
    assert missing_access == [], f"views without an access decorator: {missing_access}"
    missing_objects = [
        name for name, entry in app_urls() if "public_id" in entry.pattern.converters and name not in OBJECTS
    ]
    assert missing_objects == [], f"add these URL names to OBJECTS: {missing_objects}"
    assert len(app_urls()) > 30


def test_anonymous_is_sent_to_login(client, world):
    for name, entry in app_urls():
        if entry.callback.access == "public":
            # The calendar feed answers an unknown token with 404 (followup/calendar/views.py).
            expected = (404,) if name == "calendar:feed" else (200, 410)
            assert client.get(_url(name, entry, world)).status_code in expected, name
            continue
        for method in (client.get, client.post):
            response = method(_url(name, entry, world))
            assert response.status_code == 302, name
            assert response.url.startswith(reverse("accounts:login")), name


def test_supplier_user_gets_403_on_every_staff_page(client, world, supplier_a_user):
    client.force_login(supplier_a_user)
    for name, entry in app_urls():
        if entry.callback.access in ("staff", "staff_write", "manager", "staff_report", "admin"):
            assert client.get(_url(name, entry, world)).status_code == 403, name
            assert client.post(_url(name, entry, world)).status_code == 403, name


def test_staff_get_403_in_the_portal(client, world, officer):
    client.force_login(officer)
    for name, entry in app_urls():
        if entry.callback.access == "portal":
            assert client.get(_url(name, entry, world)).status_code == 403, name


def test_supplier_b_gets_404_on_supplier_a_objects_in_the_portal(client, world, supplier_a_user, supplier_b_user):
    portal = [(name, entry) for name, entry in app_urls() if entry.callback.access == "portal"]
    client.force_login(supplier_a_user)
    for name, entry in portal:
        assert client.get(_url(name, entry, world)).status_code in (200, 405), name  # 405: POST-only
    client.force_login(supplier_b_user)
    for name, entry in portal:
        if "public_id" in entry.pattern.converters:
            assert client.get(_url(name, entry, world)).status_code == 404, name


def test_manager_reads_everything_and_changes_nothing(client, world, manager):
    client.force_login(manager)
    for name, entry in app_urls():
        access = entry.callback.access
        url = _url(name, entry, world)
        if access == "staff":
            assert client.get(url).status_code == 200, name
        if access in ("staff", "staff_write"):
            assert client.post(url, {"name": "x", "legal_name": "x"}).status_code == 403, name
        if access == "staff_write":
            assert client.get(url).status_code == 403, name


def test_officer_of_another_buyer_gets_404_on_this_buyers_records(client, world, other_officer):
    client.force_login(other_officer)
    for name, entry in app_urls():
        if OBJECTS.get(name) in BUYER_SCOPED and entry.callback.access == "staff":
            assert client.get(_url(name, entry, world)).status_code == 404, name


def test_officers_cannot_take_managers_or_administrators_decisions(client, world, officer):
    client.force_login(officer)
    for name, entry in app_urls():
        if entry.callback.access in ("manager", "admin"):
            assert client.post(_url(name, entry, world)).status_code == 403, name


def test_officer_reaches_every_staff_page(client, world, officer):
    client.force_login(officer)
    for name, entry in app_urls():
        if entry.callback.access == "staff":
            assert client.get(_url(name, entry, world)).status_code == 200, name
