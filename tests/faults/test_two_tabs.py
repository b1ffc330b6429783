"""Two tabs (or two people) edit the same record: the second Save is told, keeps what
was typed, sees what is saved now, and can then save knowingly. Nothing is silently
overwritten. (The questionnaire's answers have their own revision lock:
tests/followup/test_concurrency.py and tests/browser/test_assessment_journey.py.)"""

import pytest
from django.urls import reverse

from followup.models import CorrectiveAction, Finding
from suppliers.models import Supplier
from tests import factories as f
from tests.conftest import client_for
from tests.followup_actions.conftest import make_action, make_finding, make_meeting

from .helpers import form_data

pytestmark = pytest.mark.django_db


def _two_tabs(client, url):
    first, second = client.get(url), client.get(url)
    assert first.status_code == second.status_code == 200
    assert 'name="_version"' in first.content.decode()
    return first, second


def _conflict(response, field_id):
    html = response.content.decode()
    assert response.status_code == 409
    assert "saved this record at" in html and "Nothing of yours was saved yet" in html
    assert "Saved meanwhile:" in html
    assert f'id="{field_id}"' in html
    return html


def test_officer_edits_a_corrective_action_in_two_tabs(officer_client, officer, buyer, supplier_a):
    action = make_action(buyer, supplier_a, officer, title="Cap overtime", description="First text")
    url = reverse("actions:edit", args=[action.public_id])
    tab1, tab2 = _two_tabs(officer_client, url)

    saved = officer_client.post(url, form_data(tab1, description="Typed in the first tab"))
    assert saved.status_code == 302
    refused = officer_client.post(url, form_data(tab2, description="Typed in the second tab"))

    html = _conflict(refused, "id_description")
    assert "Typed in the second tab" in html  # what this tab typed is still in the field
    assert "Saved meanwhile: Typed in the first tab" in html
    assert "Officer Person saved this record" in html  # who, from the record's history
    action.refresh_from_db()
    assert action.description == "Typed in the first tab"

    # Saving again from the refused page is a knowing overwrite, and it is kept.
    again = officer_client.post(url, form_data(refused, description="Typed in the second tab"))
    assert again.status_code == 302
    action.refresh_from_db()
    assert action.description == "Typed in the second tab"
    assert action.history.count() == 3  # created, first tab, second tab: nothing lost from the history


def test_meeting_minutes_from_two_officers(client, officer, buyer, supplier_a):
    colleague = f.UserFactory(email="colleague@oslo.example", role=officer.role, full_name="Kari Kollega")
    f.BuyerMembershipFactory(user=colleague, buyer=buyer)
    meeting = make_meeting(buyer, supplier_a, officer)
    url = reverse("meetings:minutes", args=[meeting.public_id])
    mine = client_for(client, officer).get(url)
    from django.test import Client

    theirs = Client()
    theirs.force_login(colleague)
    assert theirs.post(url, form_data(theirs.get(url), minutes="Kari's minutes")).status_code == 302

    refused = client.post(url, form_data(mine, minutes="My minutes", decisions="My decisions"))
    html = _conflict(refused, "id_minutes")
    assert "Kari Kollega saved this record" in html
    assert "My minutes" in html and "My decisions" in html
    assert "Saved meanwhile: Kari&#x27;s minutes" in html
    meeting.refresh_from_db()
    assert (meeting.minutes, meeting.decisions) == ("Kari's minutes", "")


def test_finding_edited_in_two_tabs_keeps_both_texts_visible(officer_client, buyer, supplier_a):
    finding = make_finding(buyer, supplier_a, title="Interns on night shifts")
    url = reverse("findings:edit", args=[finding.public_id])
    tab1, tab2 = _two_tabs(officer_client, url)
    assert officer_client.post(url, form_data(tab1, title="Interns on night shifts (confirmed)")).status_code == 302
    refused = officer_client.post(url, form_data(tab2, summary="A second source confirms it."))
    html = _conflict(refused, "id_title")
    assert "A second source confirms it." in html
    assert "Saved meanwhile: Interns on night shifts (confirmed)" in html
    assert Finding.objects.get(pk=finding.pk).summary == "Reported by an NGO."


def test_supplier_edits_a_contact_in_two_tabs(supplier_a_client, supplier_a):
    contact = f.ContactFactory(supplier=supplier_a, name="Kari Nordmann", phone="+47 22 00 00 00")
    url = reverse("portal:contact_edit", args=[contact.public_id])
    tab1, tab2 = _two_tabs(supplier_a_client, url)
    assert supplier_a_client.post(url, form_data(tab1, phone="+47 99 99 99 99")).status_code == 302
    refused = supplier_a_client.post(url, form_data(tab2, title="Sustainability manager"))
    html = _conflict(refused, "id_phone")
    assert "Sustainability manager" in html and "Saved meanwhile: +47 99 99 99 99" in html
    contact.refresh_from_db()
    assert (contact.phone, contact.title) == ("+47 99 99 99 99", "")


def test_officer_edits_the_supplier_in_two_tabs(officer_client, supplier_a):
    url = reverse("suppliers:edit", args=[supplier_a.public_id])
    tab1, tab2 = _two_tabs(officer_client, url)
    assert officer_client.post(url, form_data(tab1, website="https://alpha.example")).status_code == 302
    refused = officer_client.post(url, form_data(tab2, legal_name="Alpha Reseller Norge AS"))
    html = _conflict(refused, "id_website")
    assert "Alpha Reseller Norge AS" in html
    assert Supplier.objects.get(pk=supplier_a.pk).legal_name == "Alpha Reseller AS"


def test_the_same_tab_saving_twice_is_no_conflict(officer_client, officer, buyer, supplier_a):
    """The page after a save carries the new version: editing on is not a conflict."""
    action = make_action(buyer, supplier_a, officer)
    url = reverse("actions:edit", args=[action.public_id])
    assert officer_client.post(url, form_data(officer_client.get(url), owner_name="Kari")).status_code == 302
    assert officer_client.post(url, form_data(officer_client.get(url), owner_name="Ola")).status_code == 302
    assert CorrectiveAction.objects.get(pk=action.pk).owner_name == "Ola"


def test_a_wrong_value_in_the_stale_tab_shows_its_own_error_too(officer_client, officer, buyer, supplier_a):
    action = make_action(buyer, supplier_a, officer)
    url = reverse("actions:edit", args=[action.public_id])
    tab1, tab2 = _two_tabs(officer_client, url)
    assert officer_client.post(url, form_data(tab1, owner_name="Kari")).status_code == 302
    invalid = officer_client.post(url, form_data(tab2, title=""))
    assert invalid.status_code == 400 and "This field is required." in invalid.content.decode()
    assert CorrectiveAction.objects.get(pk=action.pk).owner_name == "Kari"
