"""Corrective actions: default deadlines, every status transition and every refused one."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from followup.actions import services
from followup.models import ActionUpdate, CorrectiveAction, FollowupSettings
from oslo_procurement.audit.models import AuditEvent
from oslo_procurement.core import save_record

from .conftest import TODAY, make_action, make_finding, overdue, valid_evidence

Status = CorrectiveAction.Status


# --- Deadlines ------------------------------------------------------------------------------


@pytest.mark.parametrize(("severity", "days"), [(1, 90), (2, 60), (3, 30), (4, 7)])
def test_default_deadline_by_severity_creates_the_buyers_settings(buyer, supplier_a, officer, severity, days):
    assert not FollowupSettings.objects.filter(buyer=buyer).exists()
    action = make_action(buyer, supplier_a, officer, severity=severity)
    assert action.deadline == TODAY + datetime.timedelta(days=days)
    assert FollowupSettings.objects.filter(buyer=buyer).count() == 1


def test_default_deadline_follows_the_buyers_settings(buyer, supplier_a, officer):
    FollowupSettings.objects.create(buyer=buyer, action_days_high=14, action_days_critical=3)
    assert make_action(buyer, supplier_a, officer, severity=3).deadline == TODAY + datetime.timedelta(days=14)
    assert make_action(buyer, supplier_a, officer, severity=4).deadline == TODAY + datetime.timedelta(days=3)


def test_an_explicit_deadline_wins_but_not_one_in_the_past(buyer, supplier_a, officer):
    chosen = TODAY + datetime.timedelta(days=10)
    assert make_action(buyer, supplier_a, officer, deadline=chosen).deadline == chosen
    with pytest.raises(ValidationError) as exc:
        make_action(buyer, supplier_a, officer, deadline=TODAY - datetime.timedelta(days=1))
    assert "deadline" in exc.value.error_dict


def test_new_action_form_without_deadline_gets_the_default(officer_client, buyer, supplier_a):
    url = reverse("actions:create") + f"?supplier={supplier_a.public_id}"
    page = officer_client.get(url)
    assert "critical 7 days" in page.content.decode()
    response = officer_client.post(url, {"title": "Publish the factory list", "severity": 4})
    action = CorrectiveAction.objects.get(title="Publish the factory list")
    assert response.status_code == 302
    assert action.deadline == TODAY + datetime.timedelta(days=7)
    assert action.status == Status.OPEN and action.supplier == supplier_a


def test_a_finding_must_concern_the_supplier(buyer, supplier_a, supplier_b, officer):
    finding = make_finding(buyer, supplier_b)
    with pytest.raises(ValidationError) as exc:
        make_action(buyer, supplier_a, officer, finding=finding)
    assert "finding" in exc.value.error_dict
    assert make_action(buyer, supplier_b, officer, finding=finding).finding == finding


# --- The status machine ---------------------------------------------------------------------


def test_the_whole_way_from_open_to_verified_closed(buyer, supplier_a, supplier_a_user, officer):
    action = make_action(buyer, supplier_a, officer)
    assert action.status == Status.OPEN

    action = services.action_start(action=action, actor=supplier_a_user)
    assert action.status == Status.IN_PROGRESS

    evidence = valid_evidence(supplier_a)
    services.action_attach_evidence(action=action, actor=supplier_a_user, evidence=[evidence], text="Policy")
    action = services.action_submit_evidence(action=action, actor=supplier_a_user, text="Done")
    assert action.status == Status.EVIDENCE_SUBMITTED

    action = services.action_verify(action=action, actor=officer, note="Checked the time records.")
    action.refresh_from_db()
    assert action.status == Status.VERIFIED_CLOSED
    assert action.verified_by == officer and action.verified_at is not None
    assert action.verification_note == "Checked the time records."
    kinds = list(ActionUpdate.objects.filter(action=action).order_by("created_at", "pk").values_list("kind", flat=True))
    assert kinds == ["progress", "evidence", "verified"]
    submitted = ActionUpdate.objects.get(action=action, kind="evidence")
    assert list(submitted.evidence.all()) == [evidence]
    assert AuditEvent.objects.filter(event_type="action_verified", target_id=str(action.public_id)).exists()
    assert action.history.count() >= 4  # created, started, submitted, verified


def test_officer_can_mark_an_open_action_in_progress(officer_client, buyer, supplier_a, officer):
    action = make_action(buyer, supplier_a, officer)
    officer_client.post(reverse("actions:start", args=[action.public_id]))
    action.refresh_from_db()
    assert action.status == Status.IN_PROGRESS


def test_a_progress_update_starts_an_open_action(buyer, supplier_a, supplier_a_user, officer):
    action = make_action(buyer, supplier_a, officer)
    services.action_post_update(action=action, actor=supplier_a_user, text="Night shifts stopped.")
    action.refresh_from_db()
    assert action.status == Status.IN_PROGRESS


def test_refused_transitions(buyer, supplier_a, supplier_a_user, officer):
    action = make_action(buyer, supplier_a, officer)
    with pytest.raises(ValidationError):
        services.action_return(action=action, actor=officer, reason="Not enough")  # nothing submitted
    with pytest.raises(ValidationError):
        services.action_submit_evidence(action=action, actor=supplier_a_user)  # no evidence attached
    action = services.action_start(action=action, actor=officer)
    with pytest.raises(ValidationError):
        services.action_start(action=action, actor=officer)  # already in progress
    with pytest.raises(ValidationError):
        services.action_post_update(action=action, actor=supplier_a_user, text="   ")

    services.action_attach_evidence(action=action, actor=supplier_a_user, evidence=[valid_evidence(supplier_a)])
    action = services.action_submit_evidence(action=action, actor=supplier_a_user)
    with pytest.raises(ValidationError):
        services.action_attach_evidence(action=action, actor=supplier_a_user, evidence=[valid_evidence(supplier_a)])
    with pytest.raises(ValidationError):
        services.action_submit_evidence(action=action, actor=supplier_a_user)  # submitted already
    with pytest.raises(ValidationError) as exc:
        services.action_return(action=action, actor=officer, reason="  ")
    assert "reason" in exc.value.error_dict

    action = services.action_verify(action=action, actor=officer)
    for refused in (
        lambda: services.action_verify(action=action, actor=officer, note="again"),
        lambda: services.action_return(action=action, actor=officer, reason="late"),
        lambda: services.action_post_update(action=action, actor=supplier_a_user, text="more"),
        lambda: services.action_start(action=action, actor=officer),
    ):
        with pytest.raises(ValidationError):
            refused()
    action.title = "Changed after closing"
    with pytest.raises(ValidationError):
        services.action_save(action=action, actor=officer)


def test_no_closing_without_verification(buyer, supplier_a, officer):
    action = make_action(buyer, supplier_a, officer)
    action.status = Status.VERIFIED_CLOSED
    with pytest.raises(ValidationError) as exc:
        save_record(action, actor=officer)
    assert "only be closed when an officer has verified it" in str(exc.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        CorrectiveAction.objects.filter(pk=action.pk).update(status=Status.VERIFIED_CLOSED)


def test_no_verification_without_evidence_unless_the_officer_overrides_with_a_reason(
    client, buyer, supplier_a, officer
):
    action = make_action(buyer, supplier_a, officer)
    # A note alone is not enough: without the supplier's evidence it takes an explicit override.
    with pytest.raises(ValidationError) as exc:
        services.action_verify(action=action, actor=officer, note="Seen on the factory visit on 2 May.")
    assert "has not submitted evidence" in exc.value.messages[0]
    with pytest.raises(ValidationError) as exc:
        services.action_verify(action=action, actor=officer, note="", override=True)
    assert "note" in exc.value.error_dict
    action.refresh_from_db()
    assert action.status == Status.OPEN
    services.action_verify(action=action, actor=officer, note="Seen on the factory visit on 2 May.", override=True)
    action.refresh_from_db()
    assert action.status == Status.VERIFIED_CLOSED and action.verified_without_evidence
    # The reason is kept: the record's history, the action's updates, the audit log, the timeline.
    latest = action.history.latest()
    assert latest.verification_note == "Seen on the factory visit on 2 May." and latest.verified_without_evidence
    assert "without the supplier's evidence" in latest.history_change_reason
    update = ActionUpdate.objects.get(action=action, kind="verified")
    assert "Seen on the factory visit on 2 May." in update.text and "override" in update.text
    event = AuditEvent.objects.get(event_type="action_verified")
    assert event.details == {"note": "Seen on the factory visit on 2 May.", "without_evidence": True}
    client.force_login(officer)
    timeline = client.get(reverse("timeline:supplier", args=[supplier_a.public_id])).content.decode()
    assert "closed without the supplier&#x27;s evidence (officer&#x27;s override)" in timeline
    assert "Seen on the factory visit on 2 May." in timeline


def test_verification_with_submitted_evidence_needs_no_override(buyer, supplier_a, supplier_a_user, officer):
    action = make_action(buyer, supplier_a, officer)
    services.action_attach_evidence(action=action, actor=supplier_a_user, evidence=[valid_evidence(supplier_a)])
    services.action_submit_evidence(action=action, actor=supplier_a_user)
    action = services.action_verify(action=action, actor=officer)
    assert action.status == Status.VERIFIED_CLOSED and not action.verified_without_evidence


def test_verify_page_refuses_without_evidence_and_keeps_the_override_reason(officer_client, buyer, supplier_a, officer):
    action = make_action(buyer, supplier_a, officer)
    url = reverse("actions:verify", args=[action.public_id])
    page = officer_client.get(url).content.decode()
    assert "Close without the supplier&#x27;s evidence" in page
    response = officer_client.post(url, {"note": "Seen on site"})
    assert response.status_code == 400
    assert "has not submitted evidence for this action" in response.content.decode()
    response = officer_client.post(url, {"override": "on", "note": ""})
    assert response.status_code == 400
    assert "Write why you close the action without the supplier" in response.content.decode()
    action.refresh_from_db()
    assert action.status == Status.OPEN
    assert officer_client.post(url, {"override": "on", "note": "Seen on site"}).status_code == 302
    action.refresh_from_db()
    assert action.status == Status.VERIFIED_CLOSED and action.verification_note == "Seen on site"
    detail = officer_client.get(reverse("actions:detail", args=[action.public_id])).content.decode()
    assert "Seen on site" in detail


def test_returned_action_goes_back_to_in_progress_and_needs_new_evidence(
    buyer, supplier_a, supplier_a_user, officer, supplier_a_client
):
    action = make_action(buyer, supplier_a, officer)
    services.action_attach_evidence(action=action, actor=supplier_a_user, evidence=[valid_evidence(supplier_a)])
    action = services.action_submit_evidence(action=action, actor=supplier_a_user)
    action = services.action_return(action=action, actor=officer, reason="The time records for June are missing.")
    assert action.status == Status.IN_PROGRESS
    assert ActionUpdate.objects.filter(action=action, kind="returned").count() == 1
    with pytest.raises(ValidationError):
        services.action_submit_evidence(action=action, actor=supplier_a_user)  # the old evidence was returned
    page = supplier_a_client.get(reverse("portal_actions:detail", args=[action.public_id])).content.decode()
    assert "The time records for June are missing." in page
    services.action_attach_evidence(action=action, actor=supplier_a_user, evidence=[valid_evidence(supplier_a)])
    assert services.action_submit_evidence(action=action, actor=supplier_a_user).status == Status.EVIDENCE_SUBMITTED


def test_only_valid_own_evidence_can_be_attached(buyer, supplier_a, supplier_b, supplier_a_user, officer):
    action = make_action(buyer, supplier_a, officer)
    expired = valid_evidence(supplier_a, valid_from=datetime.date(2024, 1, 1), valid_to=TODAY - datetime.timedelta(1))
    archived = valid_evidence(supplier_a, archived_at=timezone.now())
    foreign = valid_evidence(supplier_b)
    for bad in (expired, archived, foreign):
        with pytest.raises(ValidationError) as exc:
            services.action_attach_evidence(action=action, actor=supplier_a_user, evidence=[bad])
        assert "evidence" in exc.value.error_dict
    assert not ActionUpdate.objects.filter(action=action).exists()
    with pytest.raises(ValidationError):
        services.action_attach_evidence(action=action, actor=supplier_a_user, evidence=[])


def test_new_evidence_is_saved_to_the_library_and_attached(buyer, supplier_a, supplier_a_user, officer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from suppliers.models import Evidence

    action = make_action(buyer, supplier_a, officer)
    new = Evidence(kind="policy", title="Overtime policy 2026", valid_to=datetime.date(2027, 12, 31))
    update = services.action_attach_evidence(
        action=action, actor=supplier_a_user, new_evidence=new, upload=SimpleUploadedFile("p.pdf", b"%PDF-1.4 x")
    )
    saved = Evidence.objects.get(title="Overtime policy 2026")
    assert saved.supplier == supplier_a and saved.file_path and saved.uploaded_by == supplier_a_user
    assert list(update.evidence.all()) == [saved]


def test_who_may_do_what(buyer, supplier_a, supplier_b_user, supplier_a_user, officer, manager, other_officer):
    action = make_action(buyer, supplier_a, officer)
    with pytest.raises(PermissionDenied):
        services.action_start(action=action, actor=supplier_b_user)  # another supplier's user
    with pytest.raises(PermissionDenied):
        services.action_verify(action=action, actor=supplier_a_user, note="I did it")  # the supplier cannot close
    with pytest.raises(PermissionDenied):
        services.action_verify(action=action, actor=manager, note="ok")  # managers read
    with pytest.raises(PermissionDenied):
        services.action_verify(action=action, actor=other_officer, note="ok")  # another buyer's officer
    with pytest.raises(PermissionDenied):
        make_action(buyer, supplier_a, manager)


# --- Overdue is derived and shown everywhere --------------------------------------------------


def test_overdue_is_derived_and_shown(officer_client, client, buyer, supplier_a, supplier_a_user, officer):
    late = overdue(make_action(buyer, supplier_a, officer, title="Late action"))
    on_time = make_action(buyer, supplier_a, officer, title="On-time action")
    closed = overdue(
        services.action_verify(
            action=make_action(buyer, supplier_a, officer, title="Closed"), actor=officer, note="ok", override=True
        )
    )
    assert late.is_overdue(TODAY) and not on_time.is_overdue(TODAY) and not closed.is_overdue(TODAY)

    page = officer_client.get(reverse("actions:list") + "?overdue=yes").content.decode()
    assert "Late action" in page and "On-time action" not in page and "Closed" not in page
    assert "Overdue" in officer_client.get(reverse("actions:detail", args=[late.public_id])).content.decode()
    assert "Overdue" not in officer_client.get(reverse("actions:detail", args=[on_time.public_id])).content.decode()

    client.force_login(supplier_a_user)
    assert "Overdue" in client.get(reverse("portal_actions:detail", args=[late.public_id])).content.decode()
    listing = client.get(reverse("portal_actions:list")).content.decode()
    assert listing.count("text-bg-danger") == 1


def test_action_list_filters(officer_client, buyer, supplier_a, supplier_b, officer):
    make_action(buyer, supplier_a, officer, title="Alpha action")
    b = make_action(buyer, supplier_b, officer, title="Beta action")
    services.action_start(action=b, actor=officer)
    page = officer_client.get(reverse("actions:list") + f"?supplier={supplier_a.public_id}").content.decode()
    assert "Alpha action" in page and "Beta action" not in page
    page = officer_client.get(reverse("actions:list") + "?status=in_progress").content.decode()
    assert "Beta action" in page and "Alpha action" not in page


def test_detail_shows_updates_timeline_and_history(officer_client, buyer, supplier_a, supplier_a_user, officer):
    action = make_action(buyer, supplier_a, officer, title="Cap overtime", owner_name="Kari")
    services.action_post_update(action=action, actor=supplier_a_user, text="Night shifts stopped in April.")
    page = officer_client.get(reverse("actions:detail", args=[action.public_id])).content.decode()
    assert "Night shifts stopped in April." in page
    assert "Alpha User" in page  # the update's author
    assert 'id="history-heading"' in page and "In progress" in page
