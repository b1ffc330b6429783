"""Lessons the app suggests from patterns in the buyer's own follow-up data.

Each rule is one set-based query (GROUP BY with filtered counts) plus one query for the
evidence behind the suggestions it makes, so the page runs a fixed number of queries
whatever the amount of data. Every suggestion says what it counted (its figures and the
threshold it passed) and links the records it counted, so the officer can check it.

The rules and their thresholds (module constants: change them here, the page and the
tests read them from here):

- **Criterion most suppliers failed**: among the suppliers whose self-assessment answers
  on a criterion were reviewed, the share found non-compliant is above
  NON_COMPLIANCE_SHARE %, with at least MIN_REVIEWED_SUPPLIERS reviewed.
- **Recurring issue**: findings of one issue type are found in at least
  RECURRING_ISSUE_SUPPLIERS different supply chains. The suppliers one finding concerns
  (the ODM, the brand owner and the reseller of one product) are one supply chain, not
  three suppliers, and findings that share a supplier are in the same chain
  (``supply_chains``).
- **Missing evidence**: of the submitted answers to a question that asks for a file or a
  kind of evidence, more than MISSING_EVIDENCE_SHARE % came without any evidence
  attached, with at least MIN_EVIDENCE_ANSWERS answers.
- **Actions repeatedly overdue**: corrective actions of the same kind (the issue type of
  the finding, or the criterion of the answer, they came from) are overdue now or were
  verified after their deadline, from at least OVERDUE_ACTIONS different findings or
  answers (one finding's actions for several suppliers of one chain count once).

A suggestion is identified by a stable key (the rule and what it is about). A dismissed
key is never suggested again, whatever its figures do later; a key turned into a lesson
is not suggested again either (the lesson is there)."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from criteria.models import Criterion
from followup.models import (
    Answer,
    CorrectiveAction,
    Finding,
    FindingSupplier,
    Lesson,
    LessonProposal,
    Question,
    SuggestionDismissal,
)

NON_COMPLIANCE_SHARE = 50
MIN_REVIEWED_SUPPLIERS = 2
RECURRING_ISSUE_SUPPLIERS = 3
MISSING_EVIDENCE_SHARE = 50
MIN_EVIDENCE_ANSWERS = 2
OVERDUE_ACTIONS = 2

CLOSED = CorrectiveAction.Status.VERIFIED_CLOSED


@dataclass
class Suggestion:
    key: str
    rule: str
    title: str
    explanation: str
    proposal: str
    learned: str
    criterion: Criterion | None = None
    findings: list = field(default_factory=list)
    answers: list = field(default_factory=list)
    actions: list = field(default_factory=list)
    chains: list = field(default_factory=list)

    @property
    def suppliers(self):
        """The suppliers behind the suggestion, each once, by name."""
        seen = {}
        for chain in self.chains:
            for supplier in chain:
                seen.setdefault(supplier.pk, supplier)
        for answer in self.answers:
            seen.setdefault(answer.assessment.supplier_id, answer.assessment.supplier)
        for action in self.actions:
            seen.setdefault(action.supplier_id, action.supplier)
        return sorted(seen.values(), key=lambda supplier: supplier.legal_name)

    @property
    def assessments(self):
        seen = {}
        for answer in self.answers:
            seen.setdefault(answer.assessment_id, answer.assessment)
        return list(seen.values())

    @property
    def proposal_label(self):
        return LessonProposal(self.proposal).label


def _share(part, whole):
    return round(100 * part / whole) if whole else 0


def _reviewed_answers(buyer):
    return Answer.objects.filter(
        assessment__round__agreement__buyer=buyer, assessment__round__archived_at__isnull=True
    ).exclude(review=Answer.Review.PENDING)


def _non_compliance(buyer):
    criterion_key = "question__criterion_version__criterion"
    rows = [
        row
        for row in _reviewed_answers(buyer)
        .values(criterion_key)
        .annotate(
            reviewed=Count("assessment__supplier", distinct=True),
            failed=Count("assessment__supplier", distinct=True, filter=Q(review=Answer.Review.NON_COMPLIANT)),
        )
        .filter(reviewed__gte=MIN_REVIEWED_SUPPLIERS, failed__gt=0)
        .order_by()
        if 100 * row["failed"] > NON_COMPLIANCE_SHARE * row["reviewed"]
    ]
    if not rows:
        return []
    criteria = Criterion.objects.in_bulk([row[criterion_key] for row in rows])
    evidence = defaultdict(list)
    for answer in (
        _reviewed_answers(buyer)
        .filter(review=Answer.Review.NON_COMPLIANT, **{f"{criterion_key}__in": list(criteria)})
        .select_related("assessment__supplier", "assessment__round", "question__criterion_version")
        .order_by("assessment__supplier__legal_name")
    ):
        evidence[answer.question.criterion_version.criterion_id].append(answer)
    suggestions = []
    for row in rows:
        criterion = criteria[row[criterion_key]]
        figures = {
            "failed": row["failed"],
            "reviewed": row["reviewed"],
            "share": _share(row["failed"], row["reviewed"]),
            "threshold": NON_COMPLIANCE_SHARE,
            "code": criterion.code,
        }
        suggestions.append(
            Suggestion(
                key=f"noncompliance:{criterion.public_id}",
                rule="noncompliance",
                criterion=criterion,
                title=_("Most suppliers failed %(code)s in the self-assessment reviews") % figures,
                explanation=_(
                    "%(failed)d of the %(reviewed)d suppliers whose answers on %(code)s were reviewed "
                    "(%(share)d %%) were found non-compliant; the threshold is %(threshold)d %%."
                )
                % figures,
                proposal=LessonProposal.CLARIFY,
                learned=_(
                    "%(failed)d of %(reviewed)d suppliers did not meet %(code)s. The requirement may be unclear, "
                    "or the market may not be ready for it."
                )
                % figures,
                answers=evidence[criterion.pk],
            )
        )
    return suggestions


def supply_chains(links):
    """Group suppliers into supply chains: ``links`` is [(finding_id, supplier)]. The
    suppliers one finding concerns (the ODM, the brand owner and the reseller of one
    product) are one chain, and two findings that share a supplier are in the same chain.
    Returns the chains as lists of suppliers (each a legal entity once), largest first."""
    parent = {}

    def root(key):
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    suppliers, by_finding = {}, defaultdict(list)
    for finding_id, supplier in links:
        suppliers[supplier.pk] = supplier
        by_finding[finding_id].append(supplier.pk)
    for members in by_finding.values():
        first = root(members[0])
        for other in members[1:]:
            parent[root(other)] = first
    chains = defaultdict(list)
    for pk, supplier in suppliers.items():
        chains[root(pk)].append(supplier)
    ordered = [sorted(chain, key=lambda supplier: supplier.legal_name) for chain in chains.values()]
    return sorted(ordered, key=lambda chain: (-len(chain), chain[0].legal_name))


def _recurring_issues(buyer):
    links = FindingSupplier.objects.filter(finding__buyer=buyer, finding__archived_at__isnull=True)
    # A type found at fewer suppliers than the threshold cannot span that many chains.
    types = list(
        links.values("finding__issue_type")
        .annotate(suppliers=Count("supplier", distinct=True))
        .filter(suppliers__gte=RECURRING_ISSUE_SUPPLIERS)
        .values_list("finding__issue_type", flat=True)
        .order_by()
    )
    if not types:
        return []
    by_type = defaultdict(list)
    for link in links.filter(finding__issue_type__in=types).select_related("finding", "supplier"):
        by_type[link.finding.issue_type].append(link)
    suggestions = []
    for issue in sorted(by_type):
        chains = supply_chains([(link.finding_id, link.supplier) for link in by_type[issue]])
        if len(chains) < RECURRING_ISSUE_SUPPLIERS:
            continue
        findings = sorted({link.finding for link in by_type[issue]}, key=lambda finding: finding.title)
        for finding in findings:
            finding.chain_suppliers = sorted(
                (link.supplier for link in by_type[issue] if link.finding_id == finding.pk),
                key=lambda supplier: supplier.legal_name,
            )
        figures = {
            "issue": Finding.IssueType(issue).label,
            "findings": len(findings),
            "chains": len(chains),
            "suppliers": sum(len(chain) for chain in chains),
            "threshold": RECURRING_ISSUE_SUPPLIERS,
        }
        suggestions.append(
            Suggestion(
                key=f"issue:{issue}",
                rule="recurring_issue",
                title=_("%(issue)s recurs across supply chains") % figures,
                explanation=_(
                    '%(findings)d findings of the issue type "%(issue)s" concern %(suppliers)d suppliers in '
                    "%(chains)d different supply chains (the suppliers one finding concerns count as one chain); "
                    "the threshold is %(threshold)d supply chains."
                )
                % figures,
                proposal=LessonProposal.TIGHTEN,
                learned=_(
                    '"%(issue)s" is found in %(chains)d separate supply chains: a problem of the industry rather '
                    "than of one supplier. The criteria and the follow-up should address it directly."
                )
                % figures,
                findings=findings,
                chains=chains,
            )
        )
    return suggestions


def _asks_for_evidence():
    return Q(question__answer_type=Question.AnswerType.FILE) | ~Q(question__evidence_kind="")


def _submitted_answers(buyer):
    return Answer.objects.filter(
        _asks_for_evidence(),
        assessment__round__agreement__buyer=buyer,
        assessment__round__archived_at__isnull=True,
        assessment__submitted_at__isnull=False,
    )


def _missing_evidence(buyer):
    rows = [
        row
        for row in _submitted_answers(buyer)
        .values("question")
        .annotate(
            answers=Count("pk", distinct=True),
            missing=Count("pk", distinct=True, filter=Q(evidence__isnull=True)),
        )
        .filter(answers__gte=MIN_EVIDENCE_ANSWERS, missing__gt=0)
        .order_by()
        if 100 * row["missing"] > MISSING_EVIDENCE_SHARE * row["answers"]
    ]
    if not rows:
        return []
    questions = Question.objects.select_related("criterion_version__criterion").in_bulk([r["question"] for r in rows])
    evidence = defaultdict(list)
    for answer in (
        _submitted_answers(buyer)
        .filter(question__in=list(questions), evidence__isnull=True)
        .select_related("assessment__supplier", "assessment__round")
        .order_by("assessment__supplier__legal_name")
    ):
        evidence[answer.question_id].append(answer)
    suggestions = []
    for row in rows:
        question = questions[row["question"]]
        criterion = question.criterion_version.criterion
        figures = {
            "missing": row["missing"],
            "answers": row["answers"],
            "share": _share(row["missing"], row["answers"]),
            "threshold": MISSING_EVIDENCE_SHARE,
            "question": question.text,
            "code": criterion.code,
        }
        always = row["missing"] == row["answers"]
        suggestions.append(
            Suggestion(
                key=f"evidence:{question.public_id}",
                rule="missing_evidence",
                criterion=criterion,
                title=(
                    _("Evidence always missing for a question on %(code)s")
                    if always
                    else _("Evidence mostly missing for a question on %(code)s")
                )
                % figures,
                explanation=_(
                    '%(missing)d of %(answers)d submitted answers (%(share)d %%) to "%(question)s" came without '
                    "evidence; the threshold is %(threshold)d %%."
                )
                % figures,
                proposal=LessonProposal.CLARIFY,
                learned=_(
                    'Suppliers rarely attach the evidence asked for in "%(question)s" (%(missing)d of %(answers)d '
                    "answers without it). Say more precisely what is accepted as evidence, or ask for it differently."
                )
                % figures,
                answers=evidence[question.pk],
            )
        )
    return suggestions


def _late_q(today):
    """Overdue now, or verified and closed after the deadline."""
    return (Q(deadline__lt=today) & ~Q(status=CLOSED)) | Q(status=CLOSED, verified_at__date__gt=F("deadline"))


def _overdue_actions(buyer):
    today = timezone.localdate()
    late = _late_q(today)
    actions = CorrectiveAction.objects.filter(buyer=buyer)
    criterion_key = "answer__question__criterion_version__criterion"
    # "Repeatedly": late actions from at least OVERDUE_ACTIONS different findings (or
    # answers), so one finding's actions for the ODM, brand owner and reseller count once.
    by_issue = list(
        actions.filter(finding__isnull=False)
        .values("finding__issue_type")
        .annotate(
            total=Count("pk"), late=Count("pk", filter=late), sources=Count("finding", distinct=True, filter=late)
        )
        .filter(sources__gte=OVERDUE_ACTIONS)
        .order_by()
    )
    by_criterion = list(
        actions.filter(answer__isnull=False)
        .values(criterion_key)
        .annotate(total=Count("pk"), late=Count("pk", filter=late), sources=Count("answer", distinct=True, filter=late))
        .filter(sources__gte=OVERDUE_ACTIONS)
        .order_by()
    )
    if not by_issue and not by_criterion:
        return []
    issues = [row["finding__issue_type"] for row in by_issue]
    criteria = Criterion.objects.in_bulk([row[criterion_key] for row in by_criterion])
    evidence = defaultdict(list)
    for action in (
        actions.filter(late)
        .filter(Q(finding__issue_type__in=issues) | Q(**{f"{criterion_key}__in": list(criteria)}))
        .select_related("supplier", "finding", "answer__question__criterion_version")
        .order_by("deadline")
    ):
        if action.finding_id and action.finding.issue_type in issues:
            evidence[("issue", action.finding.issue_type)].append(action)
        if action.answer_id and action.answer.question.criterion_version.criterion_id in criteria:
            evidence[("criterion", action.answer.question.criterion_version.criterion_id)].append(action)
    suggestions = []
    for row in by_issue:
        issue = row["finding__issue_type"]
        subject = Finding.IssueType(issue).label
        suggestions.append(
            _overdue_suggestion(f"overdue:issue:{issue}", subject, row, None, evidence[("issue", issue)])
        )
    for row in by_criterion:
        criterion = criteria[row[criterion_key]]
        suggestions.append(
            _overdue_suggestion(
                f"overdue:criterion:{criterion.public_id}",
                criterion.code,
                row,
                criterion,
                evidence[("criterion", criterion.pk)],
            )
        )
    return suggestions


def _overdue_suggestion(key, subject, row, criterion, actions):
    figures = {
        "subject": subject,
        "late": row["late"],
        "total": row["total"],
        "sources": row["sources"],
        "threshold": OVERDUE_ACTIONS,
    }
    return Suggestion(
        key=key,
        rule="overdue_actions",
        criterion=criterion,
        title=_("Corrective actions on %(subject)s are repeatedly overdue") % figures,
        explanation=_(
            "%(late)d of %(total)d corrective actions on %(subject)s, from %(sources)d different findings or "
            "self-assessment answers, are overdue or were closed after their deadline; the threshold is "
            "%(threshold)d findings or answers."
        )
        % figures,
        proposal=LessonProposal.CHANGE_FOLLOWUP,
        learned=_(
            "Actions on %(subject)s take longer than the deadlines we set (%(late)d of %(total)d late). Deadlines, "
            "support or the follow-up of these actions should change."
        )
        % figures,
        actions=actions,
    )


RULES = (_non_compliance, _recurring_issues, _missing_evidence, _overdue_actions)


def all_suggestions(buyer):
    """Every suggestion the data supports today, dismissed or not."""
    return [suggestion for rule in RULES for suggestion in rule(buyer)]


def used_keys(buyer):
    """Keys dismissed (and not undone), or already turned into a lesson."""
    dismissed = set(
        SuggestionDismissal.objects.filter(buyer=buyer, restored_at__isnull=True).values_list("key", flat=True)
    )
    taken = set(Lesson.objects.filter(buyer=buyer).exclude(suggestion_key="").values_list("suggestion_key", flat=True))
    return dismissed | taken


def open_suggestions(buyer):
    """The suggestions to show: neither dismissed nor turned into a lesson."""
    used = used_keys(buyer)
    return [suggestion for suggestion in all_suggestions(buyer) if suggestion.key not in used]
