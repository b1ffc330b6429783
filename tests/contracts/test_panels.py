import datetime

from tests import factories as f


def test_supplier_page_shows_the_awards_panel_for_staff(officer_client, award, supplier_a):
    page = officer_client.get(supplier_a.get_absolute_url()).content.decode()
    assert "Awards in our agreements" in page
    assert award.agreement.get_absolute_url() in page
    assert "2026/0001 PCs, thin clients, monitors and tablets" in page
    assert "1 PCs and laptops" in page and "Contract holder" in page


def test_panel_lists_only_the_users_buyers_active_awards(officer_client, other_buyer, award, supplier_a):
    f.AwardFactory(agreement=f.AgreementFactory(buyer=other_buyer, reference="BERGEN-7"), supplier=supplier_a)
    f.AwardFactory(
        agreement=f.AgreementFactory(buyer=award.agreement.buyer, reference="OLD-1"),
        supplier=supplier_a,
        archived_at=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC),
    )
    page = officer_client.get(supplier_a.get_absolute_url()).content.decode()
    assert "2026/0001" in page
    assert "BERGEN-7" not in page and "OLD-1" not in page


def test_supplier_without_awards_says_so(officer_client, supplier_b):
    page = officer_client.get(supplier_b.get_absolute_url()).content.decode()
    assert "No awards in our agreements." in page
