"""The reminder rules, day by day in Oslo: each kind at each offset, across month ends,
leap days and the DST changes, caught up after a missed sweep, and never twice."""

import datetime

import pytest
from django.core import mail

from followup.models import FollowupSettings, Meeting
from followup.reminders import rules
from oslo_procurement.accounts.models import User
from oslo_procurement.notifications.models import Notification
from tests import factories as f

from .conftest import OSLO, at, make_action, make_assessment, steps, sweep

D = datetime.timedelta
ESCALATIONS = {"action_escalated_officer", "action_escalated_manager"}


def daily_sweeps(first, last, kinds=None):
    """Sweep every day from ``first`` to ``last``; {step: the day it was created}."""
    fired = {}
    day = first
    while day <= last:
        for draft in sweep(day).drafts:
            if kinds and draft.kind not in kinds:
                continue
            assert draft.due_step not in fired, f"{draft.due_step} created twice"
            fired[draft.due_step] = (day, draft.kind)
        day += D(days=1)
    return fired


@pytest.mark.parametrize(
    "deadline",
    [
        datetime.date(2026, 1, 31),  # month end
        datetime.date(2026, 2, 28),  # February end, common year
        datetime.date(2028, 2, 29),  # leap day
        datetime.date(2028, 3, 1),  # overdue on... 2 March; 3 days before is 27 February
        datetime.date(2026, 3, 29),  # the last Sunday of March: summer time starts
        datetime.date(2026, 3, 30),  # the day after
        datetime.date(2026, 10, 25),  # the last Sunday of October: summer time ends
        datetime.date(2026, 10, 24),  # overdue on the DST change day
    ],
)
def test_a_self_assessment_is_reminded_14_and_3_days_before_on_the_day_and_after(
    agreement, questionnaire, supplier_a, supplier_a_user, deadline
):
    make_assessment(agreement, questionnaire, supplier_a, deadline)
    fired = daily_sweeps(deadline - D(days=16), deadline + D(days=4))
    assert fired == {
        "-14": (deadline - D(days=14), "assessment_due"),
        "-3": (deadline - D(days=3), "assessment_due"),
        "0": (deadline, "assessment_due"),
        "+1": (deadline + D(days=1), "assessment_overdue"),
    }


@pytest.mark.parametrize(
    ("moment", "deadline"),
    [
        # 00:30 in Oslo is still the day before in UTC: the Oslo date counts.
        (datetime.datetime(2026, 3, 29, 0, 30, tzinfo=OSLO), datetime.date(2026, 4, 1)),  # 23:30 UTC on 28 March
        (datetime.datetime(2026, 3, 29, 3, 30, tzinfo=OSLO), datetime.date(2026, 4, 1)),  # just after the jump
        (datetime.datetime(2026, 10, 25, 0, 30, tzinfo=OSLO), datetime.date(2026, 10, 28)),  # 22:30 UTC on 24 Oct
        (datetime.datetime(2026, 10, 25, 2, 30, tzinfo=OSLO), datetime.date(2026, 10, 28)),  # the hour that repeats
        (datetime.datetime(2026, 1, 31, 23, 30, tzinfo=OSLO), datetime.date(2026, 2, 3)),  # month end, late evening
    ],
)
def test_today_is_the_date_in_oslo_at_any_hour(agreement, questionnaire, supplier_a, supplier_a_user, moment, deadline):
    make_assessment(agreement, questionnaire, supplier_a, deadline)
    assert [d.due_step for d in sweep(moment=moment).drafts] == ["-3"]
    # The same Oslo day, an hour later or earlier: nothing new.
    assert sweep(moment=moment + D(minutes=20)).drafts == []


def test_a_second_sweep_creates_nothing_new(agreement, questionnaire, supplier_a, supplier_a_user, buyer, officer):
    deadline = datetime.date(2026, 5, 18)
    make_assessment(agreement, questionnaire, supplier_a, deadline)
    make_action(buyer, supplier_a, deadline)
    f.EvidenceFactory(supplier=supplier_a, valid_to=datetime.date(2026, 5, 4) + D(days=60))
    first = sweep(datetime.date(2026, 5, 4))
    assert sorted(d.kind for d in first.drafts) == ["action_due", "assessment_due", "evidence_expiring"]
    count = Notification.objects.count()
    for hour in (7, 12, 22):
        assert sweep(moment=at(datetime.date(2026, 5, 4), hour)).drafts == []
    assert Notification.objects.count() == count


def test_a_missed_sweep_is_caught_up_but_a_stale_reminder_is_not_sent(
    agreement, questionnaire, supplier_a, supplier_a_user
):
    deadline = datetime.date(2026, 6, 30)
    make_assessment(agreement, questionnaire, supplier_a, deadline)
    # The worker was down on 16 June (14 days before): 17 June still sends it, saying 13 days.
    result = sweep(datetime.date(2026, 6, 17))
    assert [d.due_step for d in result.drafts] == ["-14"] and result.drafts[0].context["days"] == 13
    other = f.SupplierMembershipFactory(user__email="late@beta.example").supplier
    make_assessment(agreement, questionnaire, other, deadline)
    # Four days after the -14 step its catch-up window is over.
    assert sweep(datetime.date(2026, 6, 20)).drafts == []
    assert [d.due_step for d in sweep(datetime.date(2026, 6, 27)).drafts] == ["-3", "-3"]


def test_every_active_user_of_the_supplier_is_reminded_and_no_one_else(
    agreement, questionnaire, supplier_a, supplier_a_user, supplier_b_user, officer
):
    second = f.SupplierMembershipFactory(supplier=supplier_a, user__email="second@alpha.example").user
    gone = f.SupplierMembershipFactory(supplier=supplier_a, user__email="gone@alpha.example").user
    gone.is_active = False
    gone.save()
    make_assessment(agreement, questionnaire, supplier_a, datetime.date(2026, 5, 18))
    sweep(datetime.date(2026, 5, 4))
    assert steps() == [
        ("assessment_due", second.email, "-14"),
        ("assessment_due", supplier_a_user.email, "-14"),
    ]


@pytest.mark.parametrize(
    ("status", "reminded"),
    [("not_started", True), ("in_progress", True), ("returned", True), ("submitted", False), ("accepted", False)],
)
def test_only_open_self_assessments_are_reminded(
    agreement, questionnaire, supplier_a, supplier_a_user, status, reminded
):
    extra = {"submitted_at": at(datetime.date(2026, 5, 1))} if status in ("submitted", "accepted") else {}
    make_assessment(agreement, questionnaire, supplier_a, datetime.date(2026, 5, 4), status=status, **extra)
    assert bool(sweep(datetime.date(2026, 5, 4)).drafts) is reminded


def test_closed_and_archived_rounds_and_archived_suppliers_are_not_reminded(
    agreement, questionnaire, supplier_a, supplier_a_user, supplier_b, supplier_b_user
):
    deadline = datetime.date(2026, 5, 4)
    closed = make_assessment(agreement, questionnaire, supplier_a, deadline)
    closed.round.status = "closed"
    closed.round.save()
    make_assessment(agreement, questionnaire, supplier_b, deadline)
    supplier_b.archived_at = at(deadline)
    supplier_b.save()
    assert sweep(deadline).drafts == []


def test_a_buyer_chooses_its_own_offsets(agreement, questionnaire, supplier_a, supplier_a_user, buyer, other_buyer):
    FollowupSettings.objects.create(buyer=buyer, reminder_days_before=[30, 7])
    deadline = datetime.date(2026, 9, 15)
    make_assessment(agreement, questionnaire, supplier_a, deadline)
    other_agreement = f.AgreementFactory(buyer=other_buyer)
    from tests.followup.factories import QuestionnaireFactory

    make_assessment(other_agreement, QuestionnaireFactory(buyer=other_buyer), supplier_a, deadline)
    fired = []
    day = deadline - D(days=31)
    while day <= deadline + D(days=2):
        fired += [(day, d.due_step, d.context["buyer"]) for d in sweep(day).drafts]
        day += D(days=1)
    mine = [(day, step) for day, step, name in fired if name == buyer.name]
    theirs = [(day, step) for day, step, name in fired if name == other_buyer.name]
    assert mine == [(deadline - D(days=30), "-30"), (deadline - D(days=7), "-7"), (deadline + D(days=1), "+1")]
    assert [step for _day, step in theirs] == ["-14", "-3", "0", "+1"]


def test_offsets_are_cleaned():
    assert rules.clean_offsets([3, "14", 0, 3, -2, "x", None]) == (14, 3, 0)
    assert rules.clean_offsets([]) == (14, 3, 0)
    assert [(s.label, s.lo, s.hi) for s in rules.steps_for([14, 3, 0])] == [
        ("-14", 11, 14),
        ("-3", 0, 3),
        ("0", -1, 0),
        ("+1", -4, -1),
    ]


# --- Corrective actions -----------------------------------------------------------------------


def test_a_corrective_action_is_reminded_before_on_and_after_its_deadline(buyer, supplier_a, supplier_a_user):
    deadline = datetime.date(2026, 12, 31)
    make_action(buyer, supplier_a, deadline)
    fired = daily_sweeps(deadline - D(days=15), deadline + D(days=3))
    assert fired == {
        "-14": (deadline - D(days=14), "action_due"),
        "-3": (deadline - D(days=3), "action_due"),
        "0": (deadline, "action_due"),
        "+1": (datetime.date(2027, 1, 1), "action_overdue"),
    }


@pytest.mark.parametrize(
    ("status", "meeting_status", "reminded"),
    [
        ("open", None, True),
        ("in_progress", None, True),
        ("evidence_submitted", None, False),  # the officer's turn now
        ("open", "held", False),  # agreed in a meeting whose minutes the supplier has not seen yet
        ("open", "minutes_shared", True),
    ],
)
def test_the_supplier_is_reminded_only_of_actions_it_must_act_on_and_can_see(
    buyer, supplier_a, supplier_a_user, officer, status, meeting_status, reminded
):
    meeting = None
    if meeting_status:
        meeting = Meeting.objects.create(
            buyer=buyer,
            supplier=supplier_a,
            title="Follow-up",
            starts_at=at(datetime.date(2026, 4, 1)),
            status=meeting_status,
            minutes_shared_at=at(datetime.date(2026, 4, 2)) if meeting_status == "minutes_shared" else None,
        )
    make_action(buyer, supplier_a, datetime.date(2026, 5, 4), status=status, meeting=meeting)
    assert bool(steps("action_due")) is False
    sweep(datetime.date(2026, 5, 4))
    assert bool(steps("action_due")) is reminded


def test_an_overdue_action_is_escalated_to_the_officers_then_the_managers(
    buyer, supplier_a, supplier_a_user, officer, manager
):
    deadline = datetime.date(2026, 2, 27)
    make_action(buyer, supplier_a, deadline, status="evidence_submitted")
    fired = daily_sweeps(deadline, deadline + D(days=25), kinds=ESCALATIONS)
    assert fired == {
        "+7": (datetime.date(2026, 3, 6), "action_escalated_officer"),
        "+21": (datetime.date(2026, 3, 20), "action_escalated_manager"),
    }
    assert steps("action_escalated_officer") == [("action_escalated_officer", officer.email, "+7")]
    assert steps("action_escalated_manager") == [("action_escalated_manager", manager.email, "+21")]


def test_escalation_follows_the_buyers_settings_and_stops_when_closed(buyer, supplier_a, officer, manager):
    FollowupSettings.objects.create(buyer=buyer, escalate_after_days=3, escalate_to_manager_after_days=10)
    deadline = datetime.date(2026, 5, 1)
    make_action(buyer, supplier_a, deadline)
    closed = make_action(buyer, supplier_a, deadline, title="Closed one")
    closed.status, closed.verified_by, closed.verified_at = "verified_closed", officer, at(deadline)
    closed.save()
    fired = daily_sweeps(deadline, deadline + D(days=12), kinds=ESCALATIONS)
    assert fired == {
        "+3": (datetime.date(2026, 5, 4), "action_escalated_officer"),
        "+10": (datetime.date(2026, 5, 11), "action_escalated_manager"),
    }


# --- Evidence -------------------------------------------------------------------------------


def test_evidence_is_reminded_60_and_30_days_before_it_expires_and_when_expired(supplier_a, supplier_a_user):
    valid_to = datetime.date(2026, 3, 31)
    f.EvidenceFactory(supplier=supplier_a, valid_to=valid_to)
    fired = daily_sweeps(valid_to - D(days=61), valid_to + D(days=2))
    assert fired == {
        "-60": (datetime.date(2026, 1, 30), "evidence_expiring"),
        "-30": (datetime.date(2026, 3, 1), "evidence_expiring"),
        "+1": (datetime.date(2026, 4, 1), "evidence_expiring"),
    }


def test_evidence_replaced_by_a_newer_document_or_archived_is_not_reminded(supplier_a, supplier_a_user):
    valid_to = datetime.date(2026, 6, 30)
    f.EvidenceFactory(supplier=supplier_a, kind="tco", valid_to=valid_to)
    f.EvidenceFactory(supplier=supplier_a, kind="tco", valid_to=datetime.date(2029, 6, 30), title="Renewed")
    f.EvidenceFactory(supplier=supplier_a, kind="smeta", valid_to=valid_to, archived_at=at(valid_to))
    reminded = f.EvidenceFactory(supplier=supplier_a, kind="rba_vap", valid_to=valid_to, title="RBA audit")
    assert [d.item_id for d in sweep(valid_to - D(days=30)).drafts] == [reminded.pk]


# --- The Transparency Act ------------------------------------------------------------------------


def test_covered_suppliers_are_reminded_30_and_7_days_before_30_june_and_the_day_after(
    supplier_a, supplier_a_user, supplier_b, supplier_b_user
):
    supplier_a.transparency_act_covered = True
    supplier_a.save()
    fired = daily_sweeps(datetime.date(2026, 5, 1), datetime.date(2026, 7, 31), kinds={"transparency_account"})
    assert fired == {
        "2026:-30": (datetime.date(2026, 5, 31), "transparency_account"),
        "2026:-7": (datetime.date(2026, 6, 23), "transparency_account"),
        "2026:+1": (datetime.date(2026, 7, 1), "transparency_account"),
    }
    assert {row[1] for row in steps("transparency_account")} == {supplier_a_user.email}  # b is not covered
    late = Notification.objects.get(due_step="2026:+1")
    assert "was due" in late.subject and "had to be published by" in late.body_text
    # A second sweep on the same day sends nothing; next year starts again.
    assert sweep(datetime.date(2026, 7, 1)).drafts == []
    assert [d.due_step for d in sweep(datetime.date(2027, 5, 31)).drafts] == ["2027:-30"]


def test_a_supplier_that_added_this_years_account_is_not_reminded(supplier_a, supplier_a_user):
    supplier_a.transparency_act_covered = True
    supplier_a.save()
    f.EvidenceFactory(
        supplier=supplier_a, kind="transparency_account", valid_from=datetime.date(2026, 5, 2), valid_to=None
    )
    assert sweep(datetime.date(2026, 6, 23)).drafts == []
    assert sweep(datetime.date(2026, 7, 1)).drafts == []
    assert list(rules.covered_without_account(2026)) == []
    # A missed sweep is caught up for three days: the reminder due on 23 June comes on the 25th.
    assert [d.due_step for d in sweep(datetime.date(2027, 6, 25)).drafts] == ["2027:-7"]
    assert list(rules.covered_without_account(2027)) == [supplier_a]


def test_the_officer_gets_the_list_of_covered_suppliers_without_an_account(buyer, officer, supplier_a, supplier_b):
    for supplier in (supplier_a, supplier_b):
        supplier.transparency_act_covered = True
        supplier.save()
        f.AwardFactory(agreement=f.AgreementFactory(buyer=buyer), supplier=supplier)
    f.EvidenceFactory(supplier=supplier_b, kind="transparency_account", valid_from=datetime.date(2026, 3, 1))
    sweep(datetime.date(2026, 6, 22))  # not a reminder day: no list
    assert not Notification.objects.filter(kind="officer_digest").exists()
    sweep(datetime.date(2026, 6, 23))
    digest = Notification.objects.get(kind="officer_digest", recipient_email=officer.email)
    assert "no account for 2026 on file" in digest.body_text
    assert supplier_a.legal_name in digest.body_text and supplier_b.legal_name not in digest.body_text


# --- Invitations not yet accepted ----------------------------------------------------------------


@pytest.fixture
def supplier_c(db):
    """A supplier whose only person is invited, not yet a user."""
    return f.SupplierFactory(legal_name="Gamma Components AS")


def invite(supplier, officer, email="nina@alpha.example", days_ago=0, today=datetime.date(2026, 3, 2)):
    from suppliers.models import Invitation

    created = at(today) - D(days=days_ago)
    return Invitation.objects.create(
        supplier=supplier,
        email=email,
        full_name="Nina Invited",
        language="en",
        token_hash=f"hash-{email}-{days_ago}",
        created_at=created,
        expires_at=created + D(days=14),
        invited_by=officer,
    )


def test_an_invited_person_is_reminded_of_the_invitation_before_it_expires(supplier_c, officer):
    invite(supplier_c, officer)
    fired = daily_sweeps(datetime.date(2026, 3, 2), datetime.date(2026, 3, 20), kinds={"invitation_pending"})
    assert fired == {
        "-7": (datetime.date(2026, 3, 9), "invitation_pending"),
        "-2": (datetime.date(2026, 3, 14), "invitation_pending"),
    }
    reminder = Notification.objects.get(kind="invitation_pending", due_step="-2")
    assert reminder.recipient_email == "nina@alpha.example" and reminder.recipient is None
    assert "expires in 2 days" in reminder.subject and officer.email in reminder.body_text


def test_a_supplier_with_only_an_invited_person_hears_of_its_deadline(buyer, supplier_c, officer):
    invite(supplier_c, officer)
    make_action(buyer, supplier_c, datetime.date(2026, 3, 10))
    drafts = [d for d in sweep(datetime.date(2026, 3, 7)).drafts if d.kind == "action_due"]
    assert [(d.recipient_email, d.due_step) for d in drafts] == [("nina@alpha.example", "-3")]
    email = Notification.objects.get(kind="action_due")
    assert "accepted the invitation yet" in email.body_text
    assert sweep(datetime.date(2026, 3, 7)).drafts == []  # a second sweep sends nothing


def test_once_the_supplier_has_an_account_invitees_hear_no_deadlines(buyer, supplier_a, supplier_a_user, officer):
    invite(supplier_a, officer, email="second@alpha.example")
    make_action(buyer, supplier_a, datetime.date(2026, 3, 10))
    drafts = [d for d in sweep(datetime.date(2026, 3, 7)).drafts if d.kind == "action_due"]
    assert [d.recipient_email for d in drafts] == [supplier_a_user.email]


def test_the_officer_sees_whose_invitation_expired_unused_in_the_summary(buyer, supplier_c, officer):
    invite(supplier_c, officer, days_ago=14)  # expires at 06:05 today
    sweep(datetime.date(2026, 3, 2), moment=at(datetime.date(2026, 3, 2), hour=7))
    digest = Notification.objects.get(kind="officer_digest", recipient_email=officer.email)
    assert "expired without being accepted" in digest.body_text and "nina@alpha.example" in digest.body_text


# --- Escalation of old overdue actions -----------------------------------------------------------


def test_an_action_40_days_overdue_is_escalated_once_per_rung(buyer, supplier_a, officer, manager):
    make_action(buyer, supplier_a, datetime.date(2026, 1, 20), status="evidence_submitted")
    first = sweep(datetime.date(2026, 3, 1))  # 40 days overdue, never escalated before
    assert sorted((d.kind, d.recipient_email, d.due_step) for d in first.drafts if d.kind in ESCALATIONS) == [
        ("action_escalated_manager", manager.email, "+21"),
        ("action_escalated_officer", officer.email, "+7"),
    ]
    assert [d for d in sweep(datetime.date(2026, 3, 1)).drafts if d.kind in ESCALATIONS] == []
    assert [d for d in sweep(datetime.date(2026, 3, 20)).drafts if d.kind in ESCALATIONS] == []


# --- The officers' daily summary -----------------------------------------------------------------


def test_officers_get_a_daily_summary_of_what_became_overdue_and_what_came_in(
    agreement, questionnaire, buyer, supplier_a, supplier_b, officer, manager
):
    from followup.models import ActionUpdate

    today = datetime.date(2026, 5, 5)
    make_assessment(agreement, questionnaire, supplier_a, today - D(days=1))  # became overdue today
    make_assessment(agreement, questionnaire, supplier_b, today - D(days=5))  # overdue long ago: not news
    action = make_action(buyer, supplier_b, today - D(days=1), title="Publish the factory list")
    make_assessment(
        agreement, questionnaire, supplier_b, today + D(days=20), status="submitted", submitted_at=at(today, 1, 0)
    )
    ActionUpdate.objects.create(action=action, kind="evidence", text="Here it is")
    ActionUpdate.objects.filter(action=action).update(created_at=at(today, 2))
    drafts = sweep(today).drafts
    assert [(d.kind, d.recipient_email, d.due_step) for d in drafts] == [
        ("officer_digest", officer.email, "2026-05-05")
    ]
    context = drafts[0].context
    assert [row["supplier__legal_name"] for row in context["overdue_assessments"]] == [supplier_a.legal_name]
    assert [row["title"] for row in context["overdue_actions"]] == ["Publish the factory list"]
    assert [row["supplier__legal_name"] for row in context["submitted_assessments"]] == [supplier_b.legal_name]
    assert [row["title"] for row in context["submitted_evidence"]] == ["Publish the factory list"]
    digest = Notification.objects.get(kind="officer_digest")
    assert "Self-assessments that became overdue" in digest.body_text and "https://oslo.example/" in digest.body_text
    # The next day nothing new happened: no summary. Something comes in: the next one has it alone.
    assert sweep(today + D(days=1)).drafts == []
    late = make_assessment(
        agreement,
        questionnaire,
        supplier_a,
        today + D(days=30),
        status="submitted",
        submitted_at=at(today + D(days=1), 15),
    )
    drafts = sweep(today + D(days=2)).drafts
    assert [row["title"] for row in drafts[0].context["submitted_assessments"]] == [late.round.title]
    assert drafts[0].context["overdue_assessments"] == [] and drafts[0].context["overdue_actions"] == []


# --- Daily digests -------------------------------------------------------------------------------


def test_a_digest_user_gets_one_email_a_day_with_all_their_reminders(
    agreement, questionnaire, buyer, supplier_a, supplier_a_user, django_capture_on_commit_callbacks
):
    supplier_a_user.notification_mode = User.NotificationMode.DAILY_DIGEST
    supplier_a_user.save()
    one_by_one = f.SupplierMembershipFactory(supplier=supplier_a, user__email="each@alpha.example").user
    today = datetime.date(2026, 5, 4)
    make_assessment(agreement, questionnaire, supplier_a, today)
    make_action(buyer, supplier_a, today + D(days=3))
    f.EvidenceFactory(supplier=supplier_a, valid_to=today + D(days=30))
    with django_capture_on_commit_callbacks(execute=True):
        result = sweep(today, kick_drain=True)
    assert result.digests == 1
    assert sorted(m.to[0] for m in mail.outbox) == [one_by_one.email] * 3 + [supplier_a_user.email]
    digest_mail = next(m for m in mail.outbox if m.to == [supplier_a_user.email])
    assert digest_mail.subject == "Your daily summary: 3 reminders"
    for link in Notification.objects.filter(recipient=supplier_a_user, digest=True).values_list("item_url", flat=True):
        assert link in digest_mail.body and link.startswith("https://oslo.example/portal/")
    bundled = Notification.objects.filter(recipient=supplier_a_user, digest=True)
    assert bundled.count() == 3 and set(bundled.values_list("status", flat=True)) == {"sent"}
    digest = Notification.objects.get(kind="digest")
    assert set(bundled.values_list("bundled_into", flat=True)) == {digest.pk} and digest.status == "sent"
    # Later the same day: no second digest. The next day's new reminder makes a new one.
    assert sweep(today).digests == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep(today + D(days=1), kick_drain=True).digests == 1
    assert Notification.objects.filter(kind="digest").count() == 2
    assert len(mail.outbox) == 4 + 2  # + the overdue reminder to each@, + the second digest


# --- Language and links ---------------------------------------------------------------------------


def test_each_email_is_in_the_recipients_language_with_a_link_straight_to_the_item(
    agreement, questionnaire, supplier_a, supplier_a_user, django_capture_on_commit_callbacks
):
    nb_user = f.SupplierMembershipFactory(supplier=supplier_a, user__email="nb@alpha.example", user__language="nb").user
    deadline = datetime.date(2026, 6, 1)
    assessment = make_assessment(agreement, questionnaire, supplier_a, deadline)
    with django_capture_on_commit_callbacks(execute=True):
        sweep(deadline - D(days=3), kick_drain=True)
    by_recipient = {m.to[0]: m for m in mail.outbox}
    link = f"https://oslo.example/portal/assessments/{assessment.public_id}/"
    english, norwegian = by_recipient[supplier_a_user.email], by_recipient[nb_user.email]
    assert english.subject == 'Due in 3 days: the self-assessment "Self-assessment spring"'
    assert "June 1, 2026" in english.body and link in english.body
    assert 'lang="en"' in english.alternatives[0][0] and f'href="{link}"' in english.alternatives[0][0]
    assert "1. juni 2026" in norwegian.body and link in norwegian.body
    assert 'lang="nb"' in norwegian.alternatives[0][0]
    assert dict(Notification.objects.values_list("recipient_email", "language")) == {
        supplier_a_user.email: "en",
        nb_user.email: "nb",
    }


def test_text_emails_are_not_html_escaped(agreement, questionnaire, supplier_a, supplier_a_user):
    make_assessment(agreement, questionnaire, supplier_a, datetime.date(2026, 6, 1), round__title="x")
    from followup.models import ReportingRound

    ReportingRound.objects.update(title_nb='Rights & "risks" <2026>')
    sweep(datetime.date(2026, 5, 29))
    notification = Notification.objects.get()
    assert notification.subject == 'Due in 3 days: the self-assessment "Rights & "risks" <2026>"'
    assert 'Rights & "risks" <2026>' in notification.body_text
    assert "Rights &amp; &quot;risks&quot; &lt;2026&gt;" in notification.body_html


# --- Set-based: the number of queries does not grow with the number of reminders -------------------


def test_the_sweep_runs_a_fixed_number_of_queries(agreement, questionnaire, buyer, officer, manager):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def world(n, day):
        for i in range(n):
            supplier = f.SupplierMembershipFactory(user__email=f"u{day.day}-{i}@s.example").supplier
            make_assessment(agreement, questionnaire, supplier, day + D(days=3))
            make_action(buyer, supplier, day - D(days=7))
            f.EvidenceFactory(supplier=supplier, valid_to=day + D(days=30))

    sweep(datetime.date(2026, 1, 5))  # content types cached, as in a worker that ran before
    counts = []
    # On 20 July the two actions of the first world, 84 days overdue, reach the manager's rung.
    # 9 suppliers: the 29 new rows fit in one insert on SQLite too (its 999-parameter limit).
    for n, day, older in ((2, datetime.date(2026, 5, 4), 0), (9, datetime.date(2026, 7, 20), 2)):
        world(n, day)
        with CaptureQueriesContext(connection) as queries:
            created = len(sweep(day).drafts)
        counts.append(len(queries))
        assert created == 3 * n + older  # the self-assessment, the evidence, the escalation to the officer
    # The same count at 2 and 9 suppliers, though the second sweep meets a kind more (the
    # manager's rung): one "already sent?" query and one insert for all the drafts.
    assert counts[1] == counts[0]
