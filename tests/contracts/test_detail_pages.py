from django.urls import reverse

from contracts.services import award_save
from tests import factories as f


def test_manager_reads_an_awards_criteria_and_history(manager_client, officer, buyer, supplier_a):
    agreement = f.AgreementFactory(buyer=buyer)
    lot = f.LotFactory(agreement=agreement, title="Monitors")
    version = f.CriterionVersionFactory()
    award = f.AwardFactory(agreement=agreement, supplier=supplier_a)
    award.signed_on = agreement.start_date
    award_save(award=award, actor=officer, lots=[lot], criteria_versions=[version])
    page = manager_client.get(reverse("contracts:award_detail", args=[award.public_id])).content.decode()
    assert "Alpha Reseller AS" in page and "Monitors" in page
    assert f"{version.criterion.code} v1" in page
    assert officer.full_name in page  # who changed it, in the history
    assert reverse("contracts:award_edit", args=[award.public_id]) not in page  # read-only for managers


def test_entity_page_shows_its_agreements_and_history(manager_client, buyer):
    entity = f.CityEntityFactory(buyer=buyer, name="Bydel Frogner")
    agreement = f.AgreementFactory(buyer=buyer, title="ICT equipment")
    agreement.participating_entities.add(entity)
    page = manager_client.get(reverse("contracts:entity_detail", args=[entity.public_id])).content.decode()
    assert "Bydel Frogner" in page and "ICT equipment" in page and "History" in page
