"""The reminder rules of the follow-up (DOMAIN.md §2 and §6), one function per rule.

Each rule is a set-based query over the database that returns the notifications that
should exist today (``Draft``s); ``notifications_create_bulk`` inserts the ones that do
not exist yet, keyed by (recipient, kind, item, due step), so running the sweep twice,
or every hour, sends nothing twice. No rule runs a query per row: a rule makes one query
for its items, and the sweep one query each for the supplier users, the buyers' staff
and the buyers' settings.

"Today" is the date in Europe/Oslo (``timezone.localdate()``), and every offset is date
arithmetic, so month ends, leap days and the DST changes need no special case.

Steps. A deadline ``d`` gets a reminder ``-N`` on the day ``d - N`` for each N in the
buyer's ``FollowupSettings.reminder_days_before`` (default 14, 3 and 0 days before), and
``+1`` the day after (overdue). A sweep that did not run (the worker was down) is caught
up for ``CATCH_UP_DAYS`` days, but never once the next step has come: the reminder says
how many days are left on the day it is sent.

Rules:
- self-assessments not yet submitted (not started, in progress, returned for
  clarification) in open rounds: ``assessment_due`` at -14, -3, 0 and
  ``assessment_overdue`` at +1, to every active user of the supplier;
- corrective actions the supplier still has to act on (open, in progress) and can see
  (not tied to a meeting whose minutes are unshared): ``action_due`` / ``action_overdue``;
- evidence that expires within 60 and 30 days, and the day after it expired
  (``evidence_expiring`` at -60, -30, +1), unless a newer document of the same kind
  replaces it;
- the Transparency Act account (published by 30 June): 30 and 7 days before 30 June and
  the day after it (``transparency_account`` at "<year>:-30", ":-7", ":+1"), to suppliers
  covered by the Act that have not added this year's account; on those days the officers'
  summary lists their covered suppliers still without one (``covered_without_account``);
- escalation of an overdue corrective action: after ``escalate_after_days`` to the
  buyer's officers, after ``escalate_to_manager_after_days`` to its managers, once per
  rung, however long ago the action became overdue (a sweep that did not run for weeks,
  or an action whose deadline was moved into the past, is still escalated);
- portal invitations not yet accepted: 7 and 2 days before the invitation expires
  (``invitation_pending``), to the invited address. A supplier whose only people are
  invited ones gets its self-assessment, action, evidence and Transparency Act reminders
  at those addresses too, with a word that the invitation must be accepted first; the
  officers' summary lists the invitations that expired unused;
- the officers' daily summary: what became overdue and what suppliers submitted since
  the previous summary (one email per officer per day, only when there is something).

Users who chose the daily digest (``User.notification_mode``) get their reminders
bundled into one email a day (see notifications.services.digests_build).
"""

import datetime
import operator
import uuid
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property, reduce

from django.conf import settings
from django.db.models import Exists, F, Max, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from contracts.models import Buyer, BuyerMembership
from followup.models import ActionUpdate, Assessment, CorrectiveAction, FollowupSettings, Meeting, ReportingRound
from oslo_procurement.accounts.models import User
from oslo_procurement.notifications.models import Notification
from oslo_procurement.notifications.services import Draft, content_type_id
from suppliers.models import Evidence, Invitation, Supplier, SupplierMembership

Kind = Notification.Kind

DEFAULT_OFFSETS = (14, 3, 0)
DEFAULT_ESCALATE_OFFICER = 7
DEFAULT_ESCALATE_MANAGER = 21
EVIDENCE_OFFSETS = (60, 30)
CATCH_UP_DAYS = 3
TRANSPARENCY_OFFSETS = (30, 7)  # days before 30 June; and the day after it
TRANSPARENCY_DEADLINE = (6, 30)  # the Transparency Act: the account is published by 30 June
INVITATION_OFFSETS = (7, 2)  # days before a pending invitation expires
OPEN_ASSESSMENT = [Assessment.Status.NOT_STARTED, Assessment.Status.IN_PROGRESS, Assessment.Status.RETURNED]
SUPPLIER_TO_ACT = [CorrectiveAction.Status.OPEN, CorrectiveAction.Status.IN_PROGRESS]
DIGEST_SINCE_MAX_DAYS = 30
PLACEHOLDER_UUID = uuid.UUID(int=0)


# --- Steps ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """A reminder is due at this step while the deadline lies in (today + lo, today + hi]."""

    label: str
    lo: int
    hi: int


def clean_offsets(offsets, default=DEFAULT_OFFSETS):
    """The days-before offsets as distinct non-negative integers, largest first."""
    values = set()
    for value in offsets or ():
        try:
            number = int(value)
        except (TypeError, ValueError):
            continue
        if 0 <= number <= 366:
            values.add(number)
    return tuple(sorted(values or default, reverse=True))


def steps_for(offsets, *, overdue=True, catch_up=CATCH_UP_DAYS):
    points = [(f"-{n}" if n else "0", n) for n in clean_offsets(offsets)]
    if overdue:
        points.append(("+1", -1))
    steps = []
    for index, (label, days) in enumerate(points):
        lo = days - catch_up
        if index + 1 < len(points):
            lo = max(lo, points[index + 1][1])
        steps.append(Step(label, lo, days))
    return steps


def step_on(deadline, today, steps):
    delta = (deadline - today).days
    for step in steps:
        if step.lo < delta <= step.hi:
            return step
    return None


def window_q(field, today, steps):
    """Deadlines at which one of ``steps`` is due today."""
    return reduce(
        operator.or_,
        (
            Q(
                **{
                    f"{field}__gt": today + datetime.timedelta(days=s.lo),
                    f"{field}__lte": today + datetime.timedelta(days=s.hi),
                }
            )
            for s in steps
        ),
        Q(pk__in=[]),
    )


# --- What one sweep needs, each fetched once --------------------------------------------------


@dataclass(frozen=True)
class Recipient:
    id: int
    email: str
    language: str
    mode: str
    name: str
    invited: bool = False  # an invited address without an account yet

    @property
    def wants_digest(self):
        return self.mode == User.NotificationMode.DAILY_DIGEST


@dataclass(frozen=True)
class BuyerRules:
    offsets: tuple
    escalate_officer: int
    escalate_manager: int


DEFAULT_RULES = BuyerRules(DEFAULT_OFFSETS, DEFAULT_ESCALATE_OFFICER, DEFAULT_ESCALATE_MANAGER)


def _recipient(row, prefix="user__"):
    return Recipient(
        id=row[f"{prefix}id"],
        email=row[f"{prefix}email"],
        language=row[f"{prefix}language"],
        mode=row[f"{prefix}notification_mode"],
        name=row[f"{prefix}full_name"],
    )


USER_FIELDS = ["user__id", "user__email", "user__language", "user__notification_mode", "user__full_name"]


class Sweep:
    """One run of the rules, for one day."""

    def __init__(self, today=None):
        self.today = today or timezone.localdate()
        self.site = settings.SITE_URL.rstrip("/")
        self._uuid_links = {}

    def link(self, name, *args):
        """The absolute link to the page ``name``. Reversing was a third of a sweep's time
        (one call per reminded item: 40,000 at 100,000 obligations), so a page with one
        UUID argument is reversed once, with a placeholder UUID, and each item's UUID put in
        its place: the same link, as a UUID's text has nothing to quote."""
        if len(args) == 1 and isinstance(args[0], uuid.UUID):
            before, after = self._uuid_links.get(name) or self._uuid_link(name)
            return before + str(args[0]) + after
        return self.site + reverse(name, args=args)

    def _uuid_link(self, name):
        url = self.site + reverse(name, args=[PLACEHOLDER_UUID])
        before, found, after = url.partition(str(PLACEHOLDER_UUID))
        if not found or str(PLACEHOLDER_UUID) in after:
            raise ValueError(f"{name}: the argument is not once in the path")
        self._uuid_links[name] = (before, after)
        return before, after

    @cached_property
    def supplier_users(self):
        """{supplier id: [active supplier users]}, one query."""
        users = defaultdict(list)
        rows = (
            SupplierMembership.objects.filter(user__is_active=True, user__role=User.Role.SUPPLIER)
            .order_by("user__email")
            .values("supplier_id", *USER_FIELDS)
        )
        for row in rows:
            users[row["supplier_id"]].append(_recipient(row))
        return users

    @cached_property
    def invited(self):
        """{supplier id: [pending invitations]} for suppliers with no active user, one query."""
        people = defaultdict(list)
        rows = (
            Invitation.objects.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())
            .exclude(supplier__memberships__user__is_active=True)
            .order_by("email", "-created_at")
            .values("pk", "supplier_id", "email", "language", "full_name", "expires_at", "created_at")
        )
        for row in rows:
            if any(seen.email == row["email"] for seen, _row in people[row["supplier_id"]]):
                continue
            person = Recipient(
                None, row["email"], row["language"], User.NotificationMode.IMMEDIATE, row["full_name"], True
            )
            people[row["supplier_id"]].append((person, row))
        return people

    def supplier_people(self, supplier_id):
        """Who hears about a supplier's deadlines: its active users or, while it has none,
        the people invited to the portal."""
        users = self.supplier_users.get(supplier_id)
        if users:
            return users
        return [person for person, _row in self.invited.get(supplier_id, [])]

    @cached_property
    def buyer_staff(self):
        """{(buyer id, role): [active officers or managers]}, one query."""
        staff = defaultdict(list)
        rows = (
            BuyerMembership.objects.filter(user__is_active=True, user__role__in=[User.Role.OFFICER, User.Role.MANAGER])
            .order_by("user__email")
            .values("buyer_id", "user__role", *USER_FIELDS)
        )
        for row in rows:
            staff[(row["buyer_id"], row["user__role"])].append(_recipient(row))
        return staff

    def officers(self, buyer_id):
        return self.buyer_staff.get((buyer_id, User.Role.OFFICER), [])

    def managers(self, buyer_id):
        return self.buyer_staff.get((buyer_id, User.Role.MANAGER), [])

    @cached_property
    def buyer_rules(self):
        """{buyer id: BuyerRules} for buyers with settings; the others use DEFAULT_RULES."""
        return {
            buyer_id: BuyerRules(clean_offsets(offsets), officer_days, manager_days)
            for buyer_id, offsets, officer_days, manager_days in FollowupSettings.objects.values_list(
                "buyer_id", "reminder_days_before", "escalate_after_days", "escalate_to_manager_after_days"
            )
        }

    def rules_for(self, buyer_id):
        return self.buyer_rules.get(buyer_id, DEFAULT_RULES)

    def per_buyer_q(self, buyer_field, make_q, attr):
        """OR over the distinct settings values: the buyers that share a value get its
        condition; buyers without settings get the default's."""
        groups = defaultdict(list)
        for buyer_id, rules in self.buyer_rules.items():
            groups[getattr(rules, attr)].append(buyer_id)
        parts = [Q(**{f"{buyer_field}__in": ids}) & make_q(value) for value, ids in groups.items()]
        parts.append(~Q(**{f"{buyer_field}__in": list(self.buyer_rules)}) & make_q(getattr(DEFAULT_RULES, attr)))
        return reduce(operator.or_, parts)

    @cached_property
    def types(self):
        return {
            model: content_type_id(model)
            for model in (Assessment, CorrectiveAction, Evidence, Supplier, Buyer, Invitation)
        }

    def draft(
        self,
        recipient,
        *,
        kind,
        template,
        item,
        label,
        link,
        step,
        context,
        supplier_id=None,
        buyer_id=None,
        digestible=True,
    ):
        model, item_id = item
        return Draft(
            recipient_id=recipient.id,
            recipient_email=recipient.email,
            language=recipient.language,
            kind=kind,
            template=template,
            item_type_id=self.types[model],
            item_id=item_id,
            item_label=label,
            item_url=link,
            due_step=step,
            digest=digestible and recipient.wants_digest,
            about_type_id=self.types[Supplier] if supplier_id else None,
            about_id=supplier_id,
            owner_type_id=self.types[Buyer] if buyer_id else None,
            owner_id=buyer_id,
            context={
                **context,
                "recipient_name": recipient.name,
                "link": link,
                "step": step,
                "today": self.today,
                "invited": recipient.invited,
            },
        )


# --- The rules -----------------------------------------------------------------------------


def assessment_reminders(sweep):
    """Open self-assessments: before the deadline, on the day, and the day after."""
    today = sweep.today
    rows = (
        Assessment.objects.filter(
            status__in=OPEN_ASSESSMENT,
            round__status=ReportingRound.Status.OPEN,
            round__archived_at__isnull=True,
            round__agreement__archived_at__isnull=True,
            supplier__archived_at__isnull=True,
        )
        .filter(
            sweep.per_buyer_q(
                "round__agreement__buyer_id", lambda o: window_q("round__deadline", today, steps_for(o)), "offsets"
            )
        )
        .values(
            "pk",
            "public_id",
            "supplier_id",
            "supplier__legal_name",
            title_nb=F("round__title_nb"),
            title_en=F("round__title_en"),
            deadline=F("round__deadline"),
            buyer_id=F("round__agreement__buyer_id"),
            buyer_name=F("round__agreement__buyer__name"),
        )
    )
    drafts = []
    for row in rows:
        step = step_on(row["deadline"], today, steps_for(sweep.rules_for(row["buyer_id"]).offsets))
        if step is None:
            continue
        overdue = step.label.startswith("+")
        link = sweep.link("portal_followup:detail", row["public_id"])
        context = {
            "supplier": row["supplier__legal_name"],
            "buyer": row["buyer_name"],
            "deadline": row["deadline"],
            "days": abs((row["deadline"] - today).days),
        }
        for user in sweep.supplier_people(row["supplier_id"]):
            # The round's title in the supplier's language (English falls back to Bokmål).
            title = (row["title_en"] if user.language == "en" else "") or row["title_nb"]
            drafts.append(
                sweep.draft(
                    user,
                    kind=Kind.ASSESSMENT_OVERDUE if overdue else Kind.ASSESSMENT_DUE,
                    template="followup/reminders/email/" + ("assessment_overdue" if overdue else "assessment_due"),
                    item=(Assessment, row["pk"]),
                    label=title,
                    link=link,
                    step=step.label,
                    context={**context, "title": title},
                    supplier_id=row["supplier_id"],
                    buyer_id=row["buyer_id"],
                )
            )
    return drafts


def _supplier_can_see_action():
    return Q(meeting__isnull=True) | Q(meeting__status=Meeting.Status.MINUTES_SHARED)


def action_reminders(sweep):
    """Corrective actions the supplier must still act on: before, on and after the deadline."""
    today = sweep.today
    rows = (
        CorrectiveAction.objects.filter(status__in=SUPPLIER_TO_ACT, supplier__archived_at__isnull=True)
        .filter(_supplier_can_see_action())
        .filter(sweep.per_buyer_q("buyer_id", lambda o: window_q("deadline", today, steps_for(o)), "offsets"))
        .values(
            "pk",
            "public_id",
            "title",
            "deadline",
            "buyer_id",
            "supplier_id",
            "supplier__legal_name",
            buyer_name=F("buyer__name"),
        )
    )
    drafts = []
    for row in rows:
        step = step_on(row["deadline"], today, steps_for(sweep.rules_for(row["buyer_id"]).offsets))
        if step is None:
            continue
        overdue = step.label.startswith("+")
        link = sweep.link("portal_actions:detail", row["public_id"])
        context = {
            "supplier": row["supplier__legal_name"],
            "buyer": row["buyer_name"],
            "deadline": row["deadline"],
            "days": abs((row["deadline"] - today).days),
        }
        for user in sweep.supplier_people(row["supplier_id"]):
            drafts.append(
                sweep.draft(
                    user,
                    kind=Kind.ACTION_OVERDUE if overdue else Kind.ACTION_DUE,
                    template="followup/reminders/email/" + ("action_overdue" if overdue else "action_due"),
                    item=(CorrectiveAction, row["pk"]),
                    label=row["title"],
                    link=link,
                    step=step.label,
                    context=context,
                    supplier_id=row["supplier_id"],
                    buyer_id=row["buyer_id"],
                )
            )
    return drafts


def evidence_reminders(sweep):
    """Evidence that expires in 60 and 30 days, and the day after it expired, unless a
    newer document of the same kind replaces it."""
    today = sweep.today
    steps = steps_for(EVIDENCE_OFFSETS)
    newer = Evidence.objects.filter(
        supplier_id=OuterRef("supplier_id"), kind=OuterRef("kind"), archived_at__isnull=True
    ).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=OuterRef("valid_to")))
    rows = (
        Evidence.objects.filter(archived_at__isnull=True, supplier__archived_at__isnull=True)
        .filter(window_q("valid_to", today, steps))
        .filter(~Exists(newer))
        .values("pk", "public_id", "title", "kind", "valid_to", "supplier_id", "supplier__legal_name")
    )
    kinds = dict(Evidence.Kind.choices)
    drafts = []
    for row in rows:
        step = step_on(row["valid_to"], today, steps)
        if step is None:
            continue
        link = sweep.link("portal:evidence_edit", row["public_id"])
        context = {
            "supplier": row["supplier__legal_name"],
            "title": row["title"],
            "evidence_kind": kinds.get(row["kind"], row["kind"]),
            "valid_to": row["valid_to"],
            "expired": step.label.startswith("+"),
            "days": abs((row["valid_to"] - today).days),
        }
        for user in sweep.supplier_people(row["supplier_id"]):
            drafts.append(
                sweep.draft(
                    user,
                    kind=Kind.EVIDENCE_EXPIRING,
                    template="followup/reminders/email/evidence_expiring",
                    item=(Evidence, row["pk"]),
                    label=row["title"],
                    link=link,
                    step=step.label,
                    context=context,
                    supplier_id=row["supplier_id"],
                )
            )
    return drafts


def current_account_q(year):
    """An account of the Transparency Act added this year (or valid from this year)."""
    year_start = timezone.make_aware(datetime.datetime(year, 1, 1))
    return Q(created_at__gte=year_start) | Q(valid_from__gte=datetime.date(year, 1, 1))


def covered_without_account(year):
    """Suppliers covered by the Transparency Act without this year's account (the
    officer's list)."""
    account = Evidence.objects.filter(
        supplier_id=OuterRef("pk"), kind=Evidence.Kind.TRANSPARENCY_ACCOUNT, archived_at__isnull=True
    ).filter(current_account_q(year))
    return Supplier.objects.active().filter(transparency_act_covered=True).filter(~Exists(account))


def transparency_reminders(sweep):
    """30 and 7 days before 30 June, and the day after it: suppliers covered by the
    Transparency Act that have not added this year's account are reminded to publish it."""
    today = sweep.today
    deadline = datetime.date(today.year, *TRANSPARENCY_DEADLINE)
    step = step_on(deadline, today, steps_for(TRANSPARENCY_OFFSETS))
    if step is None:
        return []
    this_years_account = Evidence.objects.filter(
        supplier_id=OuterRef("pk"), kind=Evidence.Kind.TRANSPARENCY_ACCOUNT, archived_at__isnull=True
    ).filter(current_account_q(today.year))
    rows = (
        Supplier.objects.active()
        .filter(transparency_act_covered=True)
        .filter(~Exists(this_years_account))
        .values("pk", "legal_name")
    )
    link = sweep.link("portal:evidence_create")
    drafts = []
    for row in rows:
        context = {
            "supplier": row["legal_name"],
            "deadline": deadline,
            "year": today.year,
            "days": abs((deadline - today).days),
            "late": step.label.startswith("+"),
        }
        for user in sweep.supplier_people(row["pk"]):
            drafts.append(
                sweep.draft(
                    user,
                    kind=Kind.TRANSPARENCY_ACCOUNT,
                    template="followup/reminders/email/transparency_account",
                    item=(Supplier, row["pk"]),
                    label=row["legal_name"],
                    link=link,
                    step=f"{today.year}:{step.label}",
                    context=context,
                    supplier_id=row["pk"],
                )
            )
    return drafts


def action_escalations(sweep):
    """Actions overdue past the buyer's escalation thresholds: to its officers, then to
    its managers, once per rung, however long ago they became overdue."""
    today = sweep.today
    drafts = []
    for attr, kind, people in (
        ("escalate_officer", Kind.ACTION_ESCALATED_OFFICER, sweep.officers),
        ("escalate_manager", Kind.ACTION_ESCALATED_MANAGER, sweep.managers),
    ):

        def overdue_by(days):
            # at least ``days`` overdue, however long: the unique key sends each rung once
            return Q(deadline__lte=today - datetime.timedelta(days=days))

        rows = (
            CorrectiveAction.objects.exclude(status=CorrectiveAction.Status.VERIFIED_CLOSED)
            .filter(sweep.per_buyer_q("buyer_id", overdue_by, attr))
            .values("pk", "public_id", "title", "deadline", "status", "buyer_id", "supplier_id", "supplier__legal_name")
        )
        for row in rows:
            threshold = getattr(sweep.rules_for(row["buyer_id"]), attr)
            link = sweep.link("actions:detail", row["public_id"])
            context = {
                "supplier": row["supplier__legal_name"],
                "title": row["title"],
                "deadline": row["deadline"],
                "days": (today - row["deadline"]).days,
                "threshold": threshold,
                "to_manager": kind == Kind.ACTION_ESCALATED_MANAGER,
            }
            for user in people(row["buyer_id"]):
                drafts.append(
                    sweep.draft(
                        user,
                        kind=kind,
                        template="followup/reminders/email/action_escalated",
                        item=(CorrectiveAction, row["pk"]),
                        label=row["title"],
                        link=link,
                        step=f"+{threshold}",
                        context=context,
                        supplier_id=row["supplier_id"],
                        buyer_id=row["buyer_id"],
                    )
                )
    return drafts


def invitation_reminders(sweep):
    """Portal invitations not yet accepted: 7 and 2 days before they expire, to the invited
    address. Only the hash of the link's token is stored, so the reminder cannot repeat the
    link: it says until when the invitation email's link works and whom to ask for a new one."""
    today = sweep.today
    steps = steps_for(INVITATION_OFFSETS, overdue=False)
    rows = (
        Invitation.objects.filter(accepted_at__isnull=True, revoked_at__isnull=True, supplier__archived_at__isnull=True)
        .filter(expires_at__gt=timezone.now())
        .values(
            "pk",
            "email",
            "full_name",
            "language",
            "created_at",
            "expires_at",
            "supplier_id",
            "supplier__legal_name",
            inviter=F("invited_by__full_name"),
            inviter_email=F("invited_by__email"),
        )
    )
    link = sweep.site + reverse("accounts:login")
    drafts = []
    for row in rows:
        step = step_on(timezone.localdate(row["expires_at"]), today, steps)
        if step is None:
            continue
        person = Recipient(None, row["email"], row["language"], User.NotificationMode.IMMEDIATE, row["full_name"], True)
        context = {
            "supplier": row["supplier__legal_name"],
            "invited_on": timezone.localdate(row["created_at"]),
            "expires_at": row["expires_at"],
            "days": (timezone.localdate(row["expires_at"]) - today).days,
            "inviter": row["inviter"] or "",
            "inviter_email": row["inviter_email"] or "",
        }
        drafts.append(
            sweep.draft(
                person,
                kind=Kind.INVITATION_PENDING,
                template="followup/reminders/email/invitation_pending",
                item=(Invitation, row["pk"]),
                label=row["supplier__legal_name"],
                link=link,
                step=step.label,
                context=context,
                supplier_id=row["supplier_id"],
                digestible=False,
            )
        )
    return drafts


def officer_digests(sweep):
    """Each officer's daily summary: self-assessments and corrective actions that became
    overdue, and self-assessments and action evidence suppliers submitted, since the
    buyer's previous summary (the last 24 hours the first time). Nothing new, no email."""
    today = sweep.today
    now = timezone.now()
    buyer_type = sweep.types[Buyer]
    last = dict(
        Notification.objects.filter(kind=Kind.OFFICER_DIGEST, item_type_id=buyer_type)
        .values("item_id")
        .annotate(last=Max("created_at"))
        .values_list("item_id", "last")
    )
    buyer_ids = {buyer_id for buyer_id, role in sweep.buyer_staff if role == User.Role.OFFICER}
    if not buyer_ids:
        return []
    oldest = today - datetime.timedelta(days=DIGEST_SINCE_MAX_DAYS)

    def since(buyer_id):
        """(the first deadline that can have become overdue since, the time since)."""
        moment = last.get(buyer_id)
        if moment is None:
            return today - datetime.timedelta(days=1), now - datetime.timedelta(days=1)
        return max(timezone.localdate(moment), oldest), moment

    since_by_buyer = {buyer_id: since(buyer_id) for buyer_id in buyer_ids}
    earliest_date = min(date for date, _moment in since_by_buyer.values())
    earliest_time = min(moment for _date, moment in since_by_buyer.values())
    found = defaultdict(lambda: defaultdict(list))

    assessments = Assessment.objects.filter(
        round__agreement__buyer_id__in=buyer_ids, round__archived_at__isnull=True
    ).values(
        "public_id",
        "submitted_at",
        "status",
        "supplier__legal_name",
        title=F("round__title_nb"),  # for the buyer's officers: the Bokmål title
        deadline=F("round__deadline"),
        buyer_id=F("round__agreement__buyer_id"),
    )
    overdue = assessments.filter(
        status__in=OPEN_ASSESSMENT,
        round__status=ReportingRound.Status.OPEN,
        round__deadline__gte=earliest_date,
        round__deadline__lt=today,
    ).order_by("round__deadline", "supplier__legal_name")
    for row in overdue:
        if row["deadline"] >= since_by_buyer[row["buyer_id"]][0]:
            found[row["buyer_id"]]["overdue_assessments"].append(
                {**row, "link": sweep.link("followup:assessment_review", row["public_id"])}
            )
    submitted = assessments.filter(submitted_at__gte=earliest_time).order_by("submitted_at")
    for row in submitted:
        if row["submitted_at"] >= since_by_buyer[row["buyer_id"]][1]:
            found[row["buyer_id"]]["submitted_assessments"].append(
                {**row, "link": sweep.link("followup:assessment_review", row["public_id"])}
            )
    actions = (
        CorrectiveAction.objects.filter(buyer_id__in=buyer_ids)
        .exclude(status=CorrectiveAction.Status.VERIFIED_CLOSED)
        .filter(deadline__gte=earliest_date, deadline__lt=today)
        .order_by("deadline", "supplier__legal_name")
        .values("public_id", "title", "deadline", "buyer_id", "supplier__legal_name")
    )
    for row in actions:
        if row["deadline"] >= since_by_buyer[row["buyer_id"]][0]:
            found[row["buyer_id"]]["overdue_actions"].append(
                {**row, "link": sweep.link("actions:detail", row["public_id"])}
            )
    evidence = (
        ActionUpdate.objects.filter(
            kind=ActionUpdate.Kind.EVIDENCE, action__buyer_id__in=buyer_ids, created_at__gte=earliest_time
        )
        .order_by("created_at")
        .values(
            "created_at",
            public_id=F("action__public_id"),
            title=F("action__title"),
            buyer_id=F("action__buyer_id"),
            supplier=F("action__supplier__legal_name"),
        )
    )
    for row in evidence:
        if row["created_at"] >= since_by_buyer[row["buyer_id"]][1]:
            found[row["buyer_id"]]["submitted_evidence"].append(
                {**row, "link": sweep.link("actions:detail", row["public_id"])}
            )

    expired = (
        Invitation.objects.filter(
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gte=earliest_time,
            expires_at__lt=now,
            invited_by__buyer_membership__buyer_id__in=buyer_ids,
        )
        .order_by("expires_at")
        .values(
            "email",
            "full_name",
            "expires_at",
            supplier_name=F("supplier__legal_name"),
            supplier_public_id=F("supplier__public_id"),
            buyer_id=F("invited_by__buyer_membership__buyer_id"),
        )
    )
    for row in expired:
        if row["expires_at"] >= since_by_buyer[row["buyer_id"]][1]:
            found[row["buyer_id"]]["expired_invitations"].append(
                {**row, "link": sweep.link("suppliers:detail", row["supplier_public_id"])}
            )

    # On the days covered suppliers are reminded of the Transparency Act account, the
    # officers get the list of their suppliers that still have no account for this year.
    if step_on(datetime.date(today.year, *TRANSPARENCY_DEADLINE), today, steps_for(TRANSPARENCY_OFFSETS)):
        missing = (
            covered_without_account(today.year)
            .filter(awards__agreement__buyer_id__in=buyer_ids)
            .order_by("legal_name")
            .values("legal_name", "public_id", buyer_id=F("awards__agreement__buyer_id"))
            .distinct()
        )
        for row in missing:
            found[row["buyer_id"]]["missing_accounts"].append(
                {**row, "link": sweep.link("suppliers:detail", row["public_id"])}
            )

    names = dict(Buyer.objects.filter(pk__in=list(found)).values_list("pk", "name"))
    drafts = []
    for buyer_id, sections in found.items():
        context = {
            "buyer": names.get(buyer_id, ""),
            "date": today,
            "overdue_assessments": sections["overdue_assessments"],
            "overdue_actions": sections["overdue_actions"],
            "submitted_assessments": sections["submitted_assessments"],
            "submitted_evidence": sections["submitted_evidence"],
            "expired_invitations": sections["expired_invitations"],
            "missing_accounts": sections["missing_accounts"],
            "count": sum(len(items) for items in sections.values()),
        }
        for user in sweep.officers(buyer_id):
            drafts.append(
                sweep.draft(
                    user,
                    kind=Kind.OFFICER_DIGEST,
                    template="followup/reminders/email/officer_digest",
                    item=(Buyer, buyer_id),
                    label=context["buyer"],
                    link=sweep.site + reverse("home"),
                    step=today.isoformat(),
                    context=context,
                    buyer_id=buyer_id,
                    digestible=False,
                )
            )
    return drafts


RULES = [
    assessment_reminders,
    action_reminders,
    evidence_reminders,
    transparency_reminders,
    invitation_reminders,
    action_escalations,
    officer_digests,
]
