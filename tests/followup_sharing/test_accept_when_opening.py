"""Issue 14: a buyer opening a round may accept, per supplier, the answer it already shared
instead of asking again. That supplier is not asked (no opening email, nothing to do in
its portal): its self-assessment is a copy of the shared answer at once, and it is told by
the "your shared answer was accepted" email. The others are asked as before."""

import pytest
from django.urls import reverse

from followup.models import Answer, Assessment, ReportingRound, ShareAcceptance
from followup.sharing import services
from oslo_procurement.audit.models import AuditEvent
from oslo_procurement.notifications.models import Notification
from tests import factories as f
from tests.conftest import client_for

from .worlds import answered_world


@pytest.fixture
def world(buyer, other_buyer, supplier_a, supplier_a_user, supplier_b, supplier_b_user):
    world = answered_world(buyer, other_buyer, supplier_a)
    agreement_b = world["round_b"].agreement
    f.AwardFactory(agreement=agreement_b, supplier=supplier_b)
    world["share"] = services.share_create(
        supplier=supplier_a, buyer=other_buyer, kind="assessment", item=world["source"], actor=supplier_a_user
    )
    world["agreement_b"] = agreement_b
    world["questionnaire_b"] = world["round_b"].questionnaire
    return world


def _form_url(world):
    return reverse("followup:round_create") + f"?agreement={world['agreement_b'].public_id}"


def _data(world, form, *suppliers, accept=()):
    return {
        "questionnaire": world["questionnaire_b"].pk,
        "title_nb": "Bergen 2027",
        "title_en": "Bergen 2027",
        "opens_on": "2027-01-04",
        "deadline": "2027-02-15",
        "suppliers": [s.pk for s in suppliers],
        "accept_shared": [str(s.public_id) for s in accept],
        "public_id": str(form["public_id"].value()),
    }


def _emails(template):
    return list(Notification.objects.filter(template=template).values_list("recipient_email", flat=True))


def test_officer_accepts_a_shared_answer_when_opening_the_round(
    client, world, supplier_a, supplier_b, other_officer, django_capture_on_commit_callbacks
):
    officer = client_for(client, other_officer)
    page = officer.get(_form_url(world))
    html = page.content.decode()
    assert "Accept a shared answer instead of asking" in html
    assert "Alpha Reseller AS: accept the answer shared on" in html and "Bergen&#x27;s" in html
    assert "Beta Brands AS: accept" not in html  # it shared nothing

    with django_capture_on_commit_callbacks(execute=True):
        response = officer.post(
            _form_url(world),
            _data(world, page.context["form"], supplier_a, supplier_b, accept=[supplier_a]),
            follow=True,
        )
    round_ = ReportingRound.objects.get(title_nb="Bergen 2027")
    assert response.redirect_chain[-1][0] == round_.get_absolute_url()
    html = response.content.decode()
    assert "The self-assessment was sent to 1 supplier." in html
    assert "The shared answer of 1 supplier was accepted instead of asking; it was told." in html
    # The officer's round page: Alpha answered from its shared answer, Beta asked.
    assert "Accepted from the answer the supplier shared" in html
    alpha = round_.assessments.get(supplier=supplier_a)
    assert alpha.status == Assessment.Status.SUBMITTED
    assert Answer.objects.get(assessment=alpha).explanation == "We audit every factory yearly."
    assert ShareAcceptance.objects.get(assessment=alpha).share == world["share"]
    assert round_.assessments.get(supplier=supplier_b).status == Assessment.Status.NOT_STARTED

    # Alpha gets exactly one email, the acceptance; Beta the opening one.
    alpha_mail = Notification.objects.filter(recipient_email="user@alpha.example")
    assert [n.template for n in alpha_mail] == ["followup/email/shared_answer_accepted"]
    assert "Bergen kommune" in alpha_mail.get().subject
    assert _emails("followup/email/assessment_opened") == ["user@beta.example"]

    # Alpha's portal has nothing to answer in the round; it is told on its home page.
    supplier = client_for(client.__class__(), alpha.supplier.memberships.get().user)
    home = supplier.get(reverse("portal:home")).content.decode()
    assert "Your shared answer was accepted" in home and "Bergen 2027" in home
    listing = supplier.get(reverse("portal_followup:list")).content.decode()
    row = listing[listing.index("Bergen 2027") : listing.index("</tr>", listing.index("Bergen 2027"))]
    assert "Submitted" in row and "Not started" not in row

    # The history of Alpha's self-assessment and the audit log show the acceptance.
    review = officer.get(reverse("followup:assessment_review", args=[alpha.public_id])).content.decode()
    assert "The answer the supplier shared was accepted instead of asking again" in review
    assert "Copied from the self-assessment the supplier shared with you" in review
    assert AuditEvent.objects.get(event_type="shared_answer_accepted").actor == other_officer


def test_the_same_form_sent_twice_opens_one_round_and_copies_once(
    client, world, supplier_a, supplier_b, other_officer, django_capture_on_commit_callbacks
):
    officer = client_for(client, other_officer)
    form = officer.get(_form_url(world)).context["form"]
    data = _data(world, form, supplier_a, supplier_b, accept=[supplier_a])
    with django_capture_on_commit_callbacks(execute=True):
        first = officer.post(_form_url(world), data)
    with django_capture_on_commit_callbacks(execute=True):
        second = officer.post(_form_url(world), data, follow=True)
    round_ = ReportingRound.objects.get(title_nb="Bergen 2027")
    assert first.url == round_.get_absolute_url() == second.redirect_chain[-1][0]
    assert "This round was already opened (the form was sent twice); nothing more was sent." in (
        second.content.decode()
    )
    assert round_.assessments.count() == 2
    assert ShareAcceptance.objects.count() == 1 and Answer.objects.filter(assessment__round=round_).count() == 1
    assert Notification.objects.filter(recipient_email="user@alpha.example").count() == 1
    assert Notification.objects.filter(recipient_email="user@beta.example").count() == 1


def test_accepting_a_supplier_not_chosen_or_an_answer_that_does_not_fit_is_explained(
    client, world, supplier_a, supplier_b, other_officer
):
    officer = client_for(client, other_officer)
    form = officer.get(_form_url(world)).context["form"]
    response = officer.post(_form_url(world), _data(world, form, supplier_b, accept=[supplier_a]))
    assert response.status_code == 400
    assert "Choose Alpha Reseller AS among the suppliers too" in response.content.decode()

    # A questionnaire of Bergen asking a criterion Alpha never answered: no fit.
    from tests.followup.factories import QuestionFactory, QuestionnaireFactory

    other = QuestionnaireFactory(buyer=world["agreement_b"].buyer, title_nb="Annet skjema", title_en="Another form")
    QuestionFactory(questionnaire=other, order=1)
    data = {**_data(world, form, supplier_a, accept=[supplier_a]), "questionnaire": other.pk}
    response = officer.post(_form_url(world), data)
    assert response.status_code == 400
    assert "does not answer the questions of" in response.content.decode()
    assert not ReportingRound.objects.filter(title_nb="Bergen 2027").exists()
    assert not Notification.objects.filter(template__startswith="followup/email/").exists()


def test_a_share_withdrawn_while_the_form_was_open_saves_nothing(
    client, world, supplier_a, supplier_a_user, supplier_b, other_officer, django_capture_on_commit_callbacks
):
    officer = client_for(client, other_officer)
    form = officer.get(_form_url(world)).context["form"]
    data = _data(world, form, supplier_a, supplier_b, accept=[supplier_a])
    services.share_withdraw(share=world["share"], actor=supplier_a_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = officer.post(_form_url(world), data)
    assert response.status_code == 400
    assert "A shared answer you chose is no longer shared with you" in response.content.decode()
    assert not ReportingRound.objects.filter(title_nb="Bergen 2027").exists()
    assert not Notification.objects.filter(template__startswith="followup/email/").exists()


def test_a_share_withdrawn_at_the_last_moment_is_refused_by_the_service(
    world, supplier_a, supplier_a_user, other_officer
):
    """The form checked the share, then the supplier withdrew it before the round was saved."""
    import datetime

    from django.core.exceptions import ValidationError

    from followup.services import round_open

    services.share_withdraw(share=world["share"], actor=supplier_a_user)
    with pytest.raises(ValidationError) as refused:
        round_open(
            agreement=world["agreement_b"],
            questionnaire=world["questionnaire_b"],
            title_nb="Bergen 2027",
            opens_on=datetime.date(2027, 1, 4),
            deadline=datetime.date(2027, 2, 15),
            suppliers=[supplier_a],
            accept_shared=[supplier_a],
            actor=other_officer,
        )
    assert "Alpha Reseller AS has shared no answer" in str(refused.value)
    assert not ReportingRound.objects.filter(title_nb="Bergen 2027").exists()


def test_accepting_for_a_supplier_with_no_portal_user_left_warns_the_officer(
    client, world, supplier_a, supplier_a_user, supplier_b, other_officer
):
    officer = client_for(client, other_officer)
    form = officer.get(_form_url(world)).context["form"]
    supplier_a_user.is_active = False
    supplier_a_user.save()
    response = officer.post(_form_url(world), _data(world, form, supplier_a, accept=[supplier_a]), follow=True)
    assert "Alpha Reseller AS has no portal user any more, so nobody was told" in response.content.decode()
    assert ShareAcceptance.objects.filter(assessment__round__title_nb="Bergen 2027").count() == 1
