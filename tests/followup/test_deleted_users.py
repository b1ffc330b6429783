"""Records keep working when the person who created them has left (their account deleted)."""

from followup.models import Finding
from tests import factories as f
from tests.followup.factories import RoundFactory


def test_a_round_and_a_finding_still_validate_after_their_creator_is_gone(buyer):
    creator = f.UserFactory()
    round_ = RoundFactory(agreement=f.AgreementFactory(buyer=buyer), created_by=creator)
    finding = Finding.objects.create(
        buyer=buyer,
        title="Overtime",
        summary="s",
        source_kind="ngo_report",
        source_title="t",
        issue_type="overtime",
        severity=2,
        likelihood=2,
        recorded_by=creator,
    )
    creator.delete()
    round_.refresh_from_db()
    finding.refresh_from_db()
    round_.full_clean()
    finding.full_clean()
