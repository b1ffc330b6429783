"""A buyer's questionnaires are its own; a published one may be shared with the other
buyers' staff, who read it and never change it (followup/access.py)."""

import pytest
from django.urls import reverse

from followup.models import Question, Questionnaire
from oslo_procurement.accounts.models import User
from tests.conftest import client_for
from tests.factories import BuyerMembershipFactory, UserFactory

from .factories import QuestionFactory, QuestionnaireFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def oslo_questionnaire(buyer):
    questionnaire = QuestionnaireFactory(buyer=buyer, title_en="Oslo self-assessment")
    QuestionFactory(questionnaire=questionnaire, text_en="Do you map your factories?")
    return questionnaire


@pytest.fixture
def bergen_staff(other_buyer):
    users = []
    for role in (User.Role.OFFICER, User.Role.MANAGER, User.Role.ADMIN):
        user = UserFactory(email=f"{role}@bergen.example", role=role)
        BuyerMembershipFactory(user=user, buyer=other_buyer)
        users.append(user)
    return users


def test_an_unshared_questionnaire_is_invisible_to_other_buyers(client, oslo_questionnaire, bergen_staff):
    client_for(client, bergen_staff[0])

    assert client.get(oslo_questionnaire.get_absolute_url()).status_code == 404
    assert "Oslo self-assessment" not in client.get(reverse("followup:questionnaire_list")).content.decode()


def test_the_owner_shares_a_published_questionnaire_and_others_only_read_it(
    officer_client, officer, client, oslo_questionnaire, bergen_staff
):
    url = reverse("followup:questionnaire_share", args=[oslo_questionnaire.public_id])
    assert officer_client.post(url, {"shared": "1"}).status_code == 302
    oslo_questionnaire.refresh_from_db()
    assert oslo_questionnaire.shared
    assert oslo_questionnaire.history.first().history_user == officer

    for user in bergen_staff:
        client_for(client, user)
        page = client.get(oslo_questionnaire.get_absolute_url())
        assert page.status_code == 200
        html = page.content.decode()
        assert "Shared by Oslo kommune" in html and "Do you map your factories?" in html
        assert url not in html
        assert "Shared by Oslo kommune" in client.get(reverse("followup:questionnaire_list")).content.decode()
        for name, data in (
            ("followup:questionnaire_share", {"shared": "0"}),
            ("followup:questionnaire_edit", {"title_nb": "Endret", "title_en": "Changed"}),
            ("followup:questionnaire_publish", {}),
            ("followup:question_create", {"text_nb": "x", "text_en": "x"}),
        ):
            response = client.post(reverse(name, args=[oslo_questionnaire.public_id]), data)
            assert response.status_code == 403, (user.email, name, response.status_code)

    oslo_questionnaire.refresh_from_db()
    assert (oslo_questionnaire.shared, oslo_questionnaire.title_en) == (True, "Oslo self-assessment")
    assert Question.objects.filter(questionnaire=oslo_questionnaire).count() == 1


def test_a_draft_cannot_be_shared(officer_client, buyer):
    draft = QuestionnaireFactory(buyer=buyer, status=Questionnaire.Status.DRAFT, published_at=None)

    response = officer_client.post(
        reverse("followup:questionnaire_share", args=[draft.public_id]), {"shared": "1"}, follow=True
    )

    assert "Publish the questionnaire before sharing it" in response.content.decode()
    draft.refresh_from_db()
    assert not draft.shared


@pytest.fixture
def national_questionnaire():
    questionnaire = QuestionnaireFactory(buyer=None, title_en="National self-assessment")
    QuestionFactory(questionnaire=questionnaire, text_en="Do you assess risk?")
    return questionnaire


def test_a_national_questionnaire_is_read_and_sent_by_every_buyer_and_changed_by_none(
    officer_client, client, national_questionnaire, bergen_staff, buyer
):
    from tests.factories import AgreementFactory

    listing = officer_client.get(reverse("followup:questionnaire_list")).content.decode()
    assert "National self-assessment" in listing and "National" in listing
    assert officer_client.get(national_questionnaire.get_absolute_url()).status_code == 200
    agreement = AgreementFactory(buyer=buyer)
    form = officer_client.get(reverse("followup:round_create"), {"agreement": agreement.public_id})
    assert "National self-assessment" in form.content.decode()

    for user_client in (officer_client, client_for(client, bergen_staff[2])):
        for name, data in (
            ("followup:questionnaire_share", {"shared": "1"}),
            ("followup:questionnaire_edit", {"title_nb": "Endret", "title_en": "Changed"}),
            ("followup:question_create", {"text_nb": "x", "text_en": "x"}),
        ):
            response = user_client.post(reverse(name, args=[national_questionnaire.public_id]), data)
            assert response.status_code == 403, (name, response.status_code)
    national_questionnaire.refresh_from_db()
    assert (national_questionnaire.title_en, national_questionnaire.shared) == ("National self-assessment", False)


def test_a_national_draft_is_for_installation_administrators_only(client, officer, administrator):
    draft = QuestionnaireFactory(buyer=None, status=Questionnaire.Status.DRAFT, published_at=None)

    assert client_for(client, officer).get(draft.get_absolute_url()).status_code == 404
    admin = client_for(client, administrator)
    assert admin.get(draft.get_absolute_url()).status_code == 200
    response = admin.post(
        reverse("followup:questionnaire_edit", args=[draft.public_id]),
        {"title_nb": "Nasjonal egenvurdering", "title_en": "National self-assessment", "intro_nb": "", "intro_en": ""},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title_en == "National self-assessment" and draft.buyer is None
