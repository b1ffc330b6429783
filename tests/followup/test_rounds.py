"""Opening a round: defaults, checks, one self-assessment and one email per supplier
user, invitations for suppliers without users; adding a supplier; closing; progress."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from followup import services
from followup.models import Assessment, Questionnaire, ReportingRound
from oslo_procurement.accounts.models import User
from suppliers.models import Invitation
from tests import factories as f

from .factories import AssessmentFactory, QuestionnaireFactory


def _open(agreement, questionnaire, suppliers, actor, **extra):
    return services.round_open(
        agreement=agreement,
        questionnaire=questionnaire,
        title_nb="Spring 2026",
        opens_on=datetime.date(2026, 3, 2),
        deadline=datetime.date(2026, 4, 13),
        suppliers=suppliers,
        actor=actor,
        **extra,
    )


@time_machine.travel(datetime.date(2026, 5, 4), tick=False)
def test_form_defaults_to_today_and_six_weeks(officer_client, agreement, questionnaire, awards):
    form = officer_client.get(reverse("followup:round_create") + f"?agreement={agreement.public_id}").context["form"]
    assert form["opens_on"].value() == datetime.date(2026, 5, 4)
    assert form["deadline"].value() == datetime.date(2026, 6, 15)


def test_deadline_must_be_after_opening(officer_client, agreement, questionnaire, awards, supplier_a):
    response = officer_client.post(
        reverse("followup:round_create") + f"?agreement={agreement.public_id}",
        {
            "questionnaire": questionnaire.pk,
            "title_nb": "Spring",
            "opens_on": "2026-03-02",
            "deadline": "2026-03-02",
            "suppliers": [supplier_a.pk],
        },
    )
    assert response.status_code == 400
    assert "The deadline must be after the opening date." in response.content.decode()
    assert not ReportingRound.objects.exists()


def test_an_empty_deadline_becomes_six_weeks(officer_client, agreement, questionnaire, awards, supplier_a):
    officer_client.post(
        reverse("followup:round_create") + f"?agreement={agreement.public_id}",
        {
            "questionnaire": questionnaire.pk,
            "title_nb": "Spring",
            "opens_on": "2026-03-02",
            "suppliers": [supplier_a.pk],
        },
    )
    assert ReportingRound.objects.get().deadline == datetime.date(2026, 4, 13)


def test_only_published_questionnaires_and_awarded_suppliers(agreement, questionnaire, awards, officer, buyer):
    draft = QuestionnaireFactory(buyer=buyer, status=Questionnaire.Status.DRAFT, published_at=None)
    with pytest.raises(ValidationError, match="published"):
        _open(agreement, draft, [awards[0].supplier], officer)
    stranger = f.SupplierFactory()
    with pytest.raises(ValidationError, match="active award"):
        _open(agreement, questionnaire, [stranger], officer)
    other_buyers = QuestionnaireFactory()
    with pytest.raises(ValidationError, match="another buyer"):
        _open(agreement, other_buyers, [awards[0].supplier], officer)
    assert not ReportingRound.objects.exists()


def test_opening_emails_each_active_user_in_their_language(
    agreement,
    questionnaire,
    awards,
    supplier_a,
    supplier_a_user,
    officer,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    norwegian = f.SupplierMembershipFactory(
        supplier=supplier_a, user__email="kari@alpha.example", user__language="nb"
    ).user
    f.SupplierMembershipFactory(supplier=supplier_a, user__email="gone@alpha.example", user__is_active=False)
    f.ContactFactory(supplier=awards[1].supplier, email="bob@beta.example", is_primary=True)
    with django_capture_on_commit_callbacks(execute=True):
        round_, warnings = _open(
            agreement, questionnaire, [a.supplier for a in awards], officer, title_en="Self-assessment spring 2026"
        )
    assert warnings == []
    assert round_.assessments.count() == 2
    by_address = {m.to[0]: m for m in mailoutbox}
    assert set(by_address) == {"user@alpha.example", "kari@alpha.example", "bob@beta.example"}
    # Each in the recipient's language: the dates show it whether or not the texts are translated yet.
    assert "April 13, 2026" in by_address["user@alpha.example"].subject
    assert "13. april 2026" in by_address[norwegian.email].subject
    # The round's title in the reader's language (the Bokmål one is "Spring 2026").
    assert '"Self-assessment spring 2026"' in by_address["user@alpha.example"].body
    norwegian_body = by_address[norwegian.email].body
    assert "Spring 2026" in norwegian_body and "Self-assessment spring 2026" not in norwegian_body
    assert Invitation.objects.get(supplier=awards[1].supplier).email == "bob@beta.example"


def test_nothing_is_sent_when_the_round_is_rolled_back(
    agreement, questionnaire, awards, supplier_a_user, officer, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(ValidationError):
            _open(agreement, questionnaire, [awards[0].supplier, f.SupplierFactory()], officer)
    assert mailoutbox == []


def test_a_supplier_without_user_or_contact_is_a_visible_warning(
    officer_client, agreement, questionnaire, awards, supplier_b, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(
            reverse("followup:round_create") + f"?agreement={agreement.public_id}",
            {
                "questionnaire": questionnaire.pk,
                "title_nb": "Spring",
                "opens_on": "2026-03-02",
                "deadline": "2026-04-13",
                "suppliers": [supplier_b.pk],
            },
            follow=True,
        )
    page = response.content.decode()
    assert "Beta Brands AS has no portal user and no primary contact" in page
    assert Assessment.objects.filter(supplier=supplier_b).exists()


def test_add_a_supplier_later_and_close_the_round(
    officer_client, assessment_a, supplier_b, supplier_b_user, mailoutbox, django_capture_on_commit_callbacks
):
    round_ = assessment_a.round
    page = officer_client.get(round_.get_absolute_url()).content.decode()
    assert "Beta Brands AS" in page  # offered: awarded but not in the round
    with django_capture_on_commit_callbacks(execute=True):
        officer_client.post(
            reverse("followup:round_add_supplier", args=[round_.public_id]), {"supplier": supplier_b.public_id}
        )
    assert round_.assessments.filter(supplier=supplier_b).exists()
    assert [m.to for m in mailoutbox] == [["user@beta.example"]]
    officer_client.post(reverse("followup:round_close", args=[round_.public_id]))
    round_.refresh_from_db()
    assert round_.status == ReportingRound.Status.CLOSED
    with pytest.raises(ValidationError, match="closed"):
        services.round_add_supplier(round_=round_, supplier=f.SupplierFactory(), actor=None)


@time_machine.travel(datetime.datetime(2026, 4, 20, 12, 0, tzinfo=datetime.UTC), tick=False)
def test_progress_shows_status_counts_and_lateness(officer_client, round_, supplier_a, supplier_b):
    on_time = AssessmentFactory(
        round=round_,
        supplier=supplier_a,
        status="submitted",
        submitted_at=datetime.datetime(2026, 4, 1, tzinfo=datetime.UTC),
    )
    late_submitted = AssessmentFactory(
        round=round_,
        supplier=f.SupplierFactory(legal_name="Late Submitter AS"),
        status="submitted",
        submitted_at=datetime.datetime(2026, 4, 16, 10, tzinfo=datetime.UTC),
    )
    AssessmentFactory(round=round_, supplier=supplier_b)  # not started, deadline 13 April passed
    response = officer_client.get(round_.get_absolute_url())
    rows = {row.supplier.legal_name: row for row in response.context["rows"]}
    assert rows["Alpha Reseller AS"].days_late == 0
    assert rows["Late Submitter AS"].days_late == 3
    assert rows["Beta Brands AS"].days_late == 7
    page = response.content.decode()
    assert "3 days late" in page and "7 days late" in page and "On time" in page
    filtered = officer_client.get(round_.get_absolute_url(), {"status": "submitted"}).context["rows"]
    assert {row.pk for row in filtered} == {on_time.pk, late_submitted.pk}
    assert timezone.localdate() == datetime.date(2026, 4, 20)


def test_progress_counts_required_answers(officer_client, assessment_a, questions):
    services.answer_save(
        assessment=assessment_a, question=questions[0], values={"choice": "no"}, expected_revision=0, actor=None
    )
    services.answer_save(
        assessment=assessment_a, question=questions[2], values={"text": "optional"}, expected_revision=0, actor=None
    )
    row = officer_client.get(assessment_a.round.get_absolute_url()).context["rows"][0]
    assert (row.required_answered, row.required_total) == (1, 2)


def test_officers_are_told_about_a_submission(
    assessment_a, questions, officer, manager, buyer, mailoutbox, django_capture_on_commit_callbacks
):
    f.BuyerMembershipFactory(buyer=buyer, user__role=User.Role.OFFICER, user__is_active=False)
    for question in questions[:2]:
        services.answer_save(
            assessment=assessment_a, question=question, values={"choice": "yes"}, expected_revision=0, actor=None
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.assessment_submit(assessment=assessment_a, actor=None)
    assert [m.to for m in mailoutbox] == [[officer.email]]
    assert reverse("followup:assessment_review", args=[assessment_a.public_id]) in mailoutbox[0].body
