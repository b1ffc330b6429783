"""Two buyers and a supplier that answered buyer A's questionnaire: its accepted
self-assessment, a CMRT and a piece of evidence, ready to share with buyer B; and buyer B's
round asking the same criteria of the supplier (not started)."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from followup.models import Assessment
from suppliers.models import Evidence
from suppliers.services import evidence_save
from tests import factories as f
from tests.followup.factories import (
    AnswerFactory,
    AssessmentFactory,
    QuestionFactory,
    QuestionnaireFactory,
    RoundFactory,
)
from tests.suppliers.cmrt_workbooks import make_cmrt_report


def answered_world(buyer_a, buyer_b, supplier):
    version = f.CriterionVersionFactory()
    agreement_a = f.AgreementFactory(buyer=buyer_a)
    f.AwardFactory(agreement=agreement_a, supplier=supplier)
    round_a = RoundFactory(agreement=agreement_a, title_nb="Egenvurdering 2026", title_en="Self-assessment 2026")
    question_a = QuestionFactory(questionnaire=round_a.questionnaire, criterion_version=version, order=1)
    submitted = timezone.now() - datetime.timedelta(days=40)
    source = AssessmentFactory(
        round=round_a,
        supplier=supplier,
        status=Assessment.Status.ACCEPTED,
        submitted_at=submitted,
        accepted_at=submitted + datetime.timedelta(days=5),
        verdict="partly",
        verdict_comment="SECRET verdict comment of buyer A",
        internal_note="SECRET internal note of buyer A",
    )
    evidence = evidence_save(
        evidence=Evidence(supplier=supplier, kind="policy", title="Supplier code of conduct", valid_to="2099-01-01"),
        actor=None,
        upload=SimpleUploadedFile("code.pdf", b"%PDF-1.4 code"),
    )
    answer = AnswerFactory(
        assessment=source,
        question=question_a,
        choice="yes",
        explanation="We audit every factory yearly.",
        review="accepted",
        review_note="SECRET review note of buyer A",
    )
    answer.evidence.set([evidence])

    agreement_b = f.AgreementFactory(buyer=buyer_b)
    f.AwardFactory(agreement=agreement_b, supplier=supplier)
    questionnaire_b = QuestionnaireFactory(buyer=buyer_b, title_nb="Bergens egenvurdering", title_en="Bergen's")
    QuestionFactory(questionnaire=questionnaire_b, criterion_version=version, order=1, text_en="Do you audit?")
    round_b = RoundFactory(
        agreement=agreement_b, questionnaire=questionnaire_b, title_nb="Bergen 2026", title_en="Bergen 2026"
    )
    target = AssessmentFactory(round=round_b, supplier=supplier)
    return {
        "version": version,
        "round_a": round_a,
        "source": source,
        "evidence": evidence,
        "cmrt": make_cmrt_report(supplier),
        "round_b": round_b,
        "target": target,
    }
