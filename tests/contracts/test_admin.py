from django.urls import reverse

from contracts.models import Award
from criteria.models import CriterionVersion
from tests import factories as f
from tests.conftest import client_for


def test_admin_pages_render_with_lot_and_award_inlines(client, administrator, award):
    client_for(client, administrator)
    page = client.get(reverse("admin:contracts_frameworkagreement_change", args=[award.agreement.pk])).content.decode()
    assert "PCs and laptops" in page and "Alpha Reseller AS" in page
    for name in ["buyer", "buyermembership", "cityentity", "frameworkagreement", "lot", "award"]:
        assert client.get(reverse(f"admin:contracts_{name}_changelist")).status_code == 200


def test_admin_award_form_runs_the_award_rules(client, administrator, award, lot):
    client_for(client, administrator)
    draft = f.CriterionVersionFactory(status=CriterionVersion.Status.DRAFT)
    data = {
        "agreement": award.agreement.pk,
        "supplier": award.supplier.pk,
        "kind": "contract_holder",
        "lots": [lot.pk],
        "signed_on": "2026-01-01",
        "criteria_versions": [draft.pk],
        "notes": "",
    }
    response = client.post(reverse("admin:contracts_award_change", args=[award.pk]), data)
    assert response.status_code == 200
    assert "Draft criteria cannot be signed" in response.content.decode()
    assert not Award.objects.get(pk=award.pk).criteria_versions.exists()
