"""The demo seed of meetings and corrective actions: the world the guide describes, and a
second run that writes nothing."""

from django.apps import apps

from followup.actions.demo import seed_actions
from followup.actions.selectors import supplier_standing
from followup.meetings.demo import seed_meetings
from followup.models import CorrectiveAction, Escalation, Meeting
from oslo_procurement.accounts.models import User
from tests import factories as f

from .conftest import TODAY, make_finding


def _counts():
    return {model._meta.label: model._base_manager.count() for model in apps.get_models()}


def _seed(buyer, admin, suppliers):
    seed_meetings(buyer=buyer, actor=admin, suppliers=suppliers)
    return seed_actions(buyer=buyer, actor=admin, suppliers=suppliers)


def test_demo_seed_is_idempotent_and_shows_each_state(buyer, officer, client):
    admin = f.UserFactory(role=User.Role.ADMIN)
    tamsui = f.SupplierFactory(legal_name="Tamsui Precision")
    nordlys = f.SupplierFactory(legal_name="Nordlys IT-Partner AS")
    f.ContactFactory(supplier=tamsui)
    tamsui_user = f.SupplierMembershipFactory(supplier=tamsui).user
    make_finding(buyer, nordlys, title="Transparency account missing")
    suppliers = {"tamsui": tamsui, "nordlys": nordlys}

    seeded = _seed(buyer, admin, suppliers)
    first = _counts()
    _seed(buyer, admin, suppliers)
    assert _counts() == first  # history and audit tables included

    held = Meeting.objects.get(supplier=tamsui)
    assert held.status == Meeting.Status.MINUTES_SHARED and held.actions.count() == 2
    assert held.agenda_items.count() == 3 and held.buyer_participants.get() == officer
    planned = Meeting.objects.get(supplier=nordlys)
    assert planned.status == Meeting.Status.PLANNED and planned.starts_at.date() > TODAY
    assert planned.agenda_items.filter(kind="finding").exists()  # proposed from what is open

    submitted, late = seeded["evidence_submitted"], seeded["overdue"]
    assert submitted.status == CorrectiveAction.Status.EVIDENCE_SUBMITTED
    assert submitted.updates.get(kind="evidence").evidence.count() == 1
    assert late.is_overdue(TODAY)
    assert seeded["warning"].status == Escalation.Status.IN_FORCE and seeded["warning"].decided_by == officer
    assert supplier_standing(buyer, tamsui).label == "Written warning"

    client.force_login(tamsui_user)
    page = client.get(f"/portal/meetings/{held.public_id}/").content.decode()
    assert "Cap the working hours of student interns" in page and "spot check" not in page


def test_demo_seed_skips_missing_suppliers(buyer):
    admin = f.UserFactory(role=User.Role.ADMIN)
    assert seed_meetings(buyer=buyer, actor=admin, suppliers={}) == {"held": None, "planned": None}
    assert seed_actions(buyer=buyer, actor=admin, suppliers={}) == {}
