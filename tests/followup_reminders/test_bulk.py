"""The sweep's writing in bulk: every stored email is the one its template renders alone, in
its recipient's language; the insert is one statement that a concurrent sweep cannot double
and a failure leaves nothing behind; rows get the same defaults as one by one."""

import datetime
import uuid

import pytest
import time_machine
from django.conf import settings
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone, translation

from followup.reminders import rules
from oslo_procurement.accounts.models import User
from oslo_procurement.notifications import services
from oslo_procurement.notifications.models import Notification
from oslo_procurement.notifications.rendering import render_one
from tests import factories as f
from tests import needs

from .conftest import at, make_action, make_assessment, sweep

D = datetime.timedelta
DAY = datetime.date(2026, 5, 31)  # 30 days before 30 June: the Transparency Act reminder too
HOSTILE = 'Rights & "Risks" {0} %(x)s <AS>'


@pytest.fixture
def world(agreement, questionnaire, buyer, officer, manager):
    supplier = f.SupplierFactory(legal_name=HOSTILE, transparency_act_covered=True)
    f.SupplierMembershipFactory(supplier=supplier, user__email="en@s.example", user__full_name="Ann <&> O'Neil")
    f.SupplierMembershipFactory(
        supplier=supplier,
        user__email="nb@s.example",
        user__language="nb",
        user__full_name="Bjørn {Berg}",
        user__notification_mode=User.NotificationMode.DAILY_DIGEST,
    )
    invited_only = f.SupplierFactory(legal_name="Invited & Only AS")
    f.InvitationFactory(supplier=invited_only, email="nina@invited.example", language="nb", invited_by=officer)
    # Overdue 10 days (escalated to the officer) and since yesterday (the officers' summary).
    for who, overdue in ((supplier, 10), (invited_only, 1)):
        make_assessment(agreement, questionnaire, who, DAY + D(days=3), round__title="x")
        make_action(buyer, who, DAY - D(days=overdue), title="Fix <overtime> & pay")
        f.EvidenceFactory(supplier=who, valid_to=DAY + D(days=30), title="Cert & co")
    return supplier


def drafts_of(day):
    with time_machine.travel(at(day), tick=False):
        sweep_ = rules.Sweep(day)
        return [draft for rule in rules.RULES for draft in rule(sweep_)]


def stored(draft):
    return Notification.objects.get(
        recipient_email=draft.recipient_email,
        kind=draft.kind,
        item_type_id=draft.item_type_id,
        item_id=draft.item_id,
        due_step=draft.due_step,
    )


def test_every_stored_email_is_the_one_its_template_renders_alone(world):
    drafts = drafts_of(DAY)
    created = sweep(DAY).drafts
    assert len(created) == len(drafts) >= 10
    assert {d.kind for d in drafts} == {
        "assessment_due",
        "action_overdue",
        "evidence_expiring",
        "transparency_account",
        "action_escalated_officer",
        "officer_digest",
    }
    assert {d.language for d in drafts} == {"en", "nb"}
    for draft in drafts:
        row = stored(draft)
        with translation.override(draft.language), timezone.override(settings.TIME_ZONE):
            assert (row.subject, row.body_text, row.body_html) == render_one(draft.template, draft.context)
        assert (row.language, row.template, row.item_url, row.digest) == (
            draft.language,
            draft.template,
            draft.item_url,
            draft.digest,
        )
    english = Notification.objects.get(recipient_email="en@s.example", kind="assessment_due")
    assert "Hello Ann &lt;&amp;&gt; O&#x27;Neil," in english.body_html and "Hello Ann <&> O'Neil," in english.body_text


def test_new_rows_get_the_defaults_a_single_insert_gives(world):
    sweep(DAY)
    rows = list(Notification.objects.exclude(kind="digest"))
    assert len({row.public_id for row in rows}) == len(rows)
    assert {row.public_id.version for row in rows} == {4}
    for row in rows:
        assert (row.status, row.attempts, row.last_error, row.attachment_path, row.attachment_name) == (
            "pending",
            0,
            "",
            "",
            "",
        )
        assert row.claim is None and row.sent_at is None and row.next_attempt_at is None
        assert row.created_at == at(DAY)  # the sweep's time (the clock stands still in the tests)


def test_a_sweep_that_loses_the_race_to_a_concurrent_one_writes_nothing_twice(world, monkeypatch):
    """Two sweeps at once both find nothing sent yet; the second one's insert skips every
    row the first one wrote (the unique key), without an error."""
    sweep(DAY)
    count = Notification.objects.count()
    monkeypatch.setattr(services, "_existing_keys", lambda drafts: set())
    assert len(sweep(DAY).drafts) >= 9  # it believed they were new...
    assert Notification.objects.count() == count  # ...but wrote none of them again


@pytest.mark.services
def test_a_sweep_that_fails_while_writing_leaves_nothing(world, monkeypatch):
    """One statement inserts every row: a row refused at the end leaves none of the others.
    (PostgreSQL: SQLite's INSERT OR IGNORE would silently skip the bad row.)"""
    needs.postgresql()

    def broken(sweep_):
        good = rules.assessment_reminders(sweep_)
        bad = rules.assessment_reminders(sweep_)[0]
        bad.recipient_email = None  # NOT NULL: the insert fails
        bad.due_step = "other"
        return good + [bad]

    monkeypatch.setattr(rules, "RULES", [rules.action_reminders, broken])
    with pytest.raises(IntegrityError):
        sweep(DAY)
    assert Notification.objects.count() == 0


def test_a_rule_that_fails_leaves_the_reminders_of_the_rules_before_it(world, monkeypatch):
    def failing(sweep_):
        raise RuntimeError("a bug in a rule")

    monkeypatch.setattr(rules, "RULES", [rules.assessment_reminders, failing, rules.evidence_reminders])
    with pytest.raises(RuntimeError):
        sweep(DAY)
    assert set(Notification.objects.values_list("kind", flat=True)) == {"assessment_due"}


def test_a_dry_run_renders_and_writes_nothing(world, monkeypatch):
    monkeypatch.setattr(services, "_render_drafts", lambda drafts: pytest.fail("rendered"))
    result = sweep(DAY, dry_run=True)
    assert len(result.drafts) == len(drafts_of(DAY)) and Notification.objects.count() == 0


def test_links_to_pages_with_a_uuid_are_the_ones_reverse_gives(db):
    sweep_ = rules.Sweep(DAY)
    for name in ("portal_followup:detail", "portal_actions:detail", "portal:evidence_edit", "actions:detail"):
        for public_id in (uuid.uuid4(), uuid.uuid4()):
            assert sweep_.link(name, public_id) == settings.SITE_URL.rstrip("/") + reverse(name, args=[public_id])
    assert sweep_.link("portal:evidence_create") == settings.SITE_URL.rstrip("/") + reverse("portal:evidence_create")
