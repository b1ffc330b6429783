"""Make ``n`` timeline events of every kind for one supplier and buyer."""

import datetime

from django.utils import timezone

from suppliers.models import CmrtReport
from tests import factories as f

from .factories import (
    ActionFactory,
    ActionUpdateFactory,
    AnswerFactory,
    AssessmentFactory,
    EscalationFactory,
    FindingFactory,
    MeetingFactory,
    RoundFactory,
    link,
)


def make_events(buyer, supplier, n, *, agreement=None):
    agreement = agreement or f.AgreementFactory(buyer=buyer)
    now = timezone.now()
    for i in range(n):
        supplier.website = f"https://v{i}.example.org"
        supplier.save()
        f.SiteFactory(supplier=supplier, name=f"Timeline plant {supplier.pk}-{i}")
        assessment = AssessmentFactory(
            round=RoundFactory(agreement=agreement, questionnaire__buyer=buyer), supplier=supplier
        )
        assessment.status = "submitted"
        assessment.submitted_at = now
        assessment.save()
        answer = AnswerFactory(assessment=assessment, question__questionnaire=assessment.round.questionnaire)
        answer.review = "clarification"
        answer.save()
        finding = FindingFactory(buyer=buyer, title=f"Timeline finding {i}")
        link(finding, supplier, raised=True, response="Our answer")
        finding.status = "remedying"
        finding.save()
        MeetingFactory(buyer=buyer, supplier=supplier, title=f"Timeline meeting {i}")
        action = ActionFactory(
            buyer=buyer,
            supplier=supplier,
            title=f"Timeline action {i}",
            deadline=timezone.localdate() - datetime.timedelta(days=i + 1),
        )
        ActionUpdateFactory(action=action)
        EscalationFactory(buyer=buyer, supplier=supplier, action=action)
        f.EvidenceFactory(
            supplier=supplier,
            title=f"Timeline certificate {i}",
            valid_to=timezone.localdate() + datetime.timedelta(days=i),
        )
        cmrt_file = f.EvidenceFactory(
            supplier=supplier, kind="cmrt", title=f"CMRT {i}", url="", file_path=f"x/{supplier.pk}-{i}.xlsx"
        )
        CmrtReport.objects.create(
            supplier=supplier,
            evidence=cmrt_file,
            template_version="6.5",
            declaration_scope="A. Company",
            company_name=supplier.legal_name,
        )
    return agreement
