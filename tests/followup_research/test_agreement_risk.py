import datetime

from django.db import connection
from django.template.defaultfilters import floatformat
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from followup.risk.services import risk_recompute, risk_recompute_agreement
from tests import factories as f


def _awarded(agreement, supplier, category, officer, risk="high"):
    from contracts.services import award_save

    lot = f.LotFactory(
        agreement=agreement,
        category=category,
        title=category,
        risk_raw_material=risk,
        risk_component=risk,
        risk_final_assembly=risk,
    )
    award = f.AwardFactory(agreement=agreement, supplier=supplier, signed_on=agreement.start_date)
    award_save(award=award, actor=officer, lots=[lot], criteria_versions=[])
    return award


def test_agreement_risk_counts_only_that_agreements_lots(officer_client, officer, buyer, supplier_a):
    f.SiteFactory(supplier=supplier_a, country="CN", stage="final_assembly")
    pcs = f.AgreementFactory(buyer=buyer, reference="2026/PC")
    takeback = f.AgreementFactory(buyer=buyer, reference="2026/TB")
    _awarded(pcs, supplier_a, "pcs", officer, risk="very_high")
    _awarded(takeback, supplier_a, "takeback", officer, risk="medium")
    risk_recompute_agreement(agreement=pcs)
    risk_recompute_agreement(agreement=takeback)
    overall, _ = risk_recompute(buyer=buyer, supplier=supplier_a)
    pcs_row = supplier_a.risk_assessments.filter(agreement=pcs).latest("created_at")
    tb_row = supplier_a.risk_assessments.filter(agreement=takeback).latest("created_at")
    # PCs are rated higher than take-back at final assembly, so the PC agreement's figure is higher,
    # and the supplier's overall figure (all its lots) is the higher of the two.
    assert pcs_row.inherent_score > tb_row.inherent_score
    assert overall.inherent_score == pcs_row.inherent_score

    page = officer_client.get(reverse("risk:agreement", args=[pcs.public_id])).content.decode()
    assert "Alpha Reseller AS" in page
    assert f'<td class="text-end">{floatformat(pcs_row.residual_score, 1)}</td>' in page
    assert pcs_row.get_residual_level_display() in page


def test_agreement_page_links_to_its_risk(officer_client, buyer):
    agreement = f.AgreementFactory(buyer=buyer)
    page = officer_client.get(agreement.get_absolute_url()).content.decode()
    assert reverse("risk:agreement", args=[agreement.public_id]) in page


def test_agreement_risk_query_count_does_not_grow(officer_client, officer, buyer):
    agreement = f.AgreementFactory(buyer=buyer)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert officer_client.get(reverse("risk:agreement", args=[agreement.public_id])).status_code == 200
        return len(ctx.captured_queries)

    for _ in range(3):
        _awarded(agreement, f.SupplierFactory(), "pcs", officer)
    risk_recompute_agreement(agreement=agreement)
    small = count()
    for _ in range(12):
        _awarded(agreement, f.SupplierFactory(), "pcs", officer)
    risk_recompute_agreement(agreement=agreement, today=datetime.date.today())
    assert count() == small


def test_manager_cannot_recompute(manager_client, buyer):
    agreement = f.AgreementFactory(buyer=buyer)
    url = reverse("risk:agreement_recompute", args=[agreement.public_id])
    assert manager_client.post(url).status_code == 403
