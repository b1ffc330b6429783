"""DFØ's sanctions ladder: one rung at a time for an overdue action, a reason each time,
a manager's approval from temporary suspension up, lifting once the action is closed."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from followup.actions import selectors, services
from followup.models import Escalation
from oslo_procurement.accounts.models import User
from oslo_procurement.audit.models import AuditEvent
from tests import factories as f

from .conftest import held_meeting, make_action, overdue

Rung, EStatus = Escalation.Rung, Escalation.Status


@pytest.fixture
def late(buyer, supplier_a, officer):
    return overdue(make_action(buyer, supplier_a, officer, title="Publish the factory list"))


def _events(kind):
    return list(AuditEvent.objects.filter(event_type=kind).values_list("target_id", flat=True))


def test_a_written_warning_is_in_force_at_once(late, officer):
    warning = services.escalation_propose(action=late, actor=officer, rung=1, reason="Two weeks late.")
    assert warning.status == EStatus.IN_FORCE and warning.approved_by is None
    assert warning.decided_by == officer
    assert _events("escalation_in_force") == [str(warning.public_id)]
    assert warning.history.count() == 1


def test_only_an_overdue_action_can_be_escalated(buyer, supplier_a, officer):
    action = make_action(buyer, supplier_a, officer)
    with pytest.raises(ValidationError) as exc:
        services.escalation_propose(action=action, actor=officer, rung=1, reason="Slow")
    assert "Only an overdue action" in str(exc.value)
    closed = overdue(
        services.action_verify(action=make_action(buyer, supplier_a, officer), actor=officer, note="ok", override=True)
    )
    with pytest.raises(ValidationError):
        services.escalation_propose(action=closed, actor=officer, rung=1, reason="Late")
    assert not Escalation.objects.exists()


def test_no_sanction_for_an_action_the_supplier_cannot_see_yet(buyer, supplier_a, officer):
    """An action agreed in a meeting whose minutes are not shared is not the supplier's to
    meet yet: escalating it is refused until the minutes are shared."""
    meeting = held_meeting(buyer, supplier_a, officer)
    action = overdue(make_action(buyer, supplier_a, officer, title="Fix the locks", meeting=meeting))
    with pytest.raises(ValidationError) as exc:
        services.escalation_propose(action=action, actor=officer, rung=1, reason="Late")
    assert "share the meeting's minutes first" in str(exc.value)
    assert not Escalation.objects.exists()


def test_an_escalation_needs_a_reason(late, officer):
    with pytest.raises(ValidationError) as exc:
        services.escalation_propose(action=late, actor=officer, rung=1, reason="   ")
    assert "reason" in exc.value.error_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        Escalation.objects.create(
            buyer=late.buyer,
            supplier=late.supplier,
            action=late,
            rung=1,
            reason="",
            status=EStatus.IN_FORCE,
            decided_by=officer,
            decided_on=late.deadline,
        )


def test_no_skipping_a_rung(late, officer, manager):
    with pytest.raises(ValidationError) as exc:
        services.escalation_propose(action=late, actor=officer, rung=2, reason="Very late")
    assert "rung" in exc.value.error_dict
    assert "Written warning" in str(exc.value)
    services.escalation_propose(action=late, actor=officer, rung=1, reason="Late")
    with pytest.raises(ValidationError):
        services.escalation_propose(action=late, actor=officer, rung=3, reason="Very late")
    with pytest.raises(ValidationError):
        services.escalation_propose(action=late, actor=officer, rung=1, reason="Again")  # taken already
    suspension = services.escalation_propose(action=late, actor=officer, rung=2, reason="Still late")
    assert suspension.status == EStatus.PROPOSED
    with pytest.raises(ValidationError):  # the suspension awaits a manager first
        services.escalation_propose(action=late, actor=officer, rung=3, reason="Still later")
    services.escalation_approve(escalation=suspension, actor=manager, note="Agreed.")
    assert services.escalation_propose(action=late, actor=officer, rung=3, reason="Replace").rung == 3


def test_rungs_two_to_four_need_a_managers_approval(late, officer, manager, django_capture_on_commit_callbacks):
    services.escalation_propose(action=late, actor=officer, rung=1, reason="Late")
    suspension = services.escalation_propose(action=late, actor=officer, rung=2, reason="Still late")
    assert _events("escalation_proposed") == [str(suspension.public_id)]
    assert selectors.supplier_standing(late.buyer, late.supplier).rung == 1  # a proposal is not in force

    with pytest.raises(PermissionDenied):
        services.escalation_approve(escalation=suspension, actor=officer, note="I approve my own")
    with pytest.raises(ValidationError) as exc:
        services.escalation_approve(escalation=suspension, actor=manager, note="")
    assert "note" in exc.value.error_dict

    approved = services.escalation_approve(escalation=suspension, actor=manager, note="Suspend new orders.")
    assert approved.status == EStatus.IN_FORCE and approved.approved_by == manager
    assert approved.approval_note == "Suspend new orders."
    assert _events("escalation_approved") == [str(suspension.public_id)]
    assert selectors.supplier_standing(late.buyer, late.supplier).label == "Temporary suspension"
    with pytest.raises(ValidationError):
        services.escalation_approve(escalation=approved, actor=manager, note="Twice")


def test_a_rejected_rung_can_be_proposed_again(late, officer, manager):
    services.escalation_propose(action=late, actor=officer, rung=1, reason="Late")
    first = services.escalation_propose(action=late, actor=officer, rung=2, reason="Still late")
    rejected = services.escalation_reject(escalation=first, actor=manager, note="Give them two more weeks.")
    assert rejected.status == EStatus.REJECTED and rejected.approved_by is None
    assert _events("escalation_rejected") == [str(first.public_id)]
    assert selectors.next_rung(late) == 2
    again = services.escalation_propose(action=late, actor=officer, rung=2, reason="Two weeks passed.")
    assert again.status == EStatus.PROPOSED


def test_approving_a_warning_is_not_needed(late, officer, manager):
    warning = services.escalation_propose(action=late, actor=officer, rung=1, reason="Late")
    with pytest.raises(ValidationError) as exc:
        services.escalation_approve(escalation=warning, actor=manager, note="ok")
    assert "needs no approval" in str(exc.value)


def test_the_proposer_cannot_approve_and_another_buyers_manager_cannot(late, administrator, officer, other_buyer):
    services.escalation_propose(action=late, actor=officer, rung=1, reason="Late")
    proposal = services.escalation_propose(action=late, actor=administrator, rung=2, reason="Still late")
    with pytest.raises(ValidationError):
        services.escalation_approve(escalation=proposal, actor=administrator, note="Mine")
    stranger = f.UserFactory(role=User.Role.MANAGER)
    f.BuyerMembershipFactory(user=stranger, buyer=other_buyer)
    with pytest.raises(PermissionDenied):
        services.escalation_approve(escalation=proposal, actor=stranger, note="Not mine")


def test_lifting_only_once_the_action_is_verified_and_closed(late, officer, manager):
    warning = services.escalation_propose(action=late, actor=officer, rung=1, reason="Late")
    with pytest.raises(ValidationError) as exc:
        services.escalation_lift(escalation=warning, actor=officer, reason="They are working on it")
    assert "verified and closed" in str(exc.value)
    services.action_verify(action=late, actor=officer, note="List published on their website.", override=True)
    with pytest.raises(ValidationError):
        services.escalation_lift(escalation=warning, actor=officer, reason="")
    with pytest.raises(PermissionDenied):
        services.escalation_lift(escalation=warning, actor=manager, reason="Done")
    lifted = services.escalation_lift(escalation=warning, actor=officer, reason="The list is published.")
    assert lifted.status == EStatus.LIFTED
    assert lifted.history.first().history_change_reason == "The list is published."
    assert _events("escalation_lifted") == [str(warning.public_id)]
    assert selectors.supplier_standing(late.buyer, late.supplier).in_good_standing


def test_approval_of_a_closed_action_is_refused(late, officer, manager):
    services.escalation_propose(action=late, actor=officer, rung=1, reason="Late")
    proposal = services.escalation_propose(action=late, actor=officer, rung=2, reason="Still late")
    services.action_verify(action=late, actor=officer, note="Done after all", override=True)
    with pytest.raises(ValidationError):
        services.escalation_approve(escalation=proposal, actor=manager, note="Too late")
    assert services.escalation_reject(escalation=proposal, actor=manager, note="Closed").status == EStatus.REJECTED


# --- Through the screens --------------------------------------------------------------------


def test_escalate_page_then_manager_approves(client, late, officer, manager, agreement, award_a):
    client.force_login(officer)
    url = reverse("actions:escalate", args=[late.public_id])
    assert client.get(url).status_code == 200
    response = client.post(url, {"rung": 2, "reason": "skip", "agreement": agreement.pk})
    assert response.status_code == 400 and "cannot be skipped" in response.content.decode()
    client.post(url, {"rung": 1, "reason": "Two weeks late", "agreement": agreement.pk})
    warning = Escalation.objects.get(rung=1)
    assert warning.agreement == agreement and warning.status == EStatus.IN_FORCE
    client.post(url, {"rung": 2, "reason": "Still late", "agreement": agreement.pk})
    proposal = Escalation.objects.get(rung=2)

    decide = reverse("actions:escalation_decide", args=[proposal.public_id])
    assert client.get(decide).status_code == 403  # officers propose, managers decide
    assert client.post(decide, {"note": "ok", "decision": "approve"}).status_code == 403

    client.force_login(manager)
    queue = client.get(reverse("actions:escalation_queue")).content.decode()
    assert "Temporary suspension" in queue and decide in queue
    assert client.post(decide, {"note": "Approved.", "decision": "approve"}).status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == EStatus.IN_FORCE and proposal.approved_by == manager
    assert "Nothing awaits approval" in client.get(reverse("actions:escalation_queue")).content.decode()


def test_manager_rejects_through_the_page(client, late, officer, manager):
    services.escalation_propose(action=late, actor=officer, rung=1, reason="Late")
    proposal = services.escalation_propose(action=late, actor=officer, rung=2, reason="Still late")
    client.force_login(manager)
    decide = reverse("actions:escalation_decide", args=[proposal.public_id])
    assert client.post(decide, {"note": "", "decision": "reject"}).status_code == 400
    client.post(decide, {"note": "Not yet.", "decision": "reject"})
    proposal.refresh_from_db()
    assert proposal.status == EStatus.REJECTED


# --- Standing -------------------------------------------------------------------------------


def test_standing_on_the_supplier_page_and_in_the_agreement(
    officer_client, late, officer, manager, agreement, award_a, supplier_a, supplier_b
):
    f.AwardFactory(agreement=agreement, supplier=supplier_b)
    page = officer_client.get(supplier_a.get_absolute_url()).content.decode()
    assert 'id="supplier-standing"' in page and "Good standing" in page

    services.escalation_propose(action=late, actor=officer, rung=1, reason="Late")
    assert "Written warning" in officer_client.get(supplier_a.get_absolute_url()).content.decode()
    proposal = services.escalation_propose(action=late, actor=officer, rung=2, reason="Still late")
    page = officer_client.get(supplier_a.get_absolute_url()).content.decode()
    assert "Written warning" in page and "1 proposal awaiting approval" in page
    services.escalation_approve(escalation=proposal, actor=manager, note="Yes")

    standings = {s.supplier: s for s in selectors.standings_for_agreement(agreement)}
    assert standings[supplier_a].label == "Temporary suspension" and standings[supplier_a].rung == 2
    assert standings[supplier_b].in_good_standing and standings[supplier_b].label == "Good standing"
    assert "Temporary suspension" in officer_client.get(supplier_a.get_absolute_url()).content.decode()


def test_standing_is_per_buyer(late, officer, other_buyer, supplier_a):
    services.escalation_propose(action=late, actor=officer, rung=1, reason="Late")
    assert selectors.supplier_standing(other_buyer, supplier_a).in_good_standing


def test_agreement_standings_panel(rf, late, officer, agreement, award_a, supplier_a):
    from django.template.loader import render_to_string

    from followup.actions.panels import agreement_standings_panel

    services.escalation_propose(action=late, actor=officer, rung=1, reason="Late")
    request = rf.get("/")
    request.user = officer
    template, context = agreement_standings_panel(request, agreement)
    html = render_to_string(template, {"panel": context})
    assert "Alpha Reseller AS" in html and "Written warning" in html
    request.user = f.SupplierMembershipFactory(supplier=supplier_a).user
    assert agreement_standings_panel(request, agreement) is None
