import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from suppliers.models import Contact, Supplier
from suppliers.validators import validate_org_number
from tests import factories as f

VALID = {
    "legal_name": "Gamma Data AS",
    "org_number": "974 760 673",
    "foreign_registry_id": "",
    "country": "NO",
    "role": "reseller",
    "website": "",
}


def test_org_number_with_a_wrong_check_digit_is_refused_at_the_field(officer_client):
    response = officer_client.post(reverse("suppliers:create"), {**VALID, "org_number": "974760674"})
    assert response.status_code == 400
    assert "the check digit does not match" in response.content.decode()
    assert "Nothing was saved" in response.content.decode()
    assert not Supplier.objects.filter(legal_name="Gamma Data AS").exists()


def test_valid_org_number_with_spaces_is_saved_normalised(officer_client, officer):
    response = officer_client.post(reverse("suppliers:create"), VALID)
    supplier = Supplier.objects.get(legal_name="Gamma Data AS")
    assert response.status_code == 302 and response.url == supplier.get_absolute_url()
    assert supplier.org_number == "974760673"
    assert supplier.history.get().history_user == officer


@pytest.mark.parametrize(
    ("value", "ok"),
    [("974760673", True), ("958935420", True), ("974760674", False), ("12345678", False), ("123456785", False)],
)
def test_mod11_validator(value, ok):
    from django.core.exceptions import ValidationError

    if ok:
        validate_org_number(value)
    else:
        with pytest.raises(ValidationError):
            validate_org_number(value)


def test_norwegian_company_needs_its_org_number(officer_client):
    response = officer_client.post(reverse("suppliers:create"), {**VALID, "org_number": ""})
    assert response.status_code == 400
    assert "must have its organisation number" in response.content.decode()


def test_foreign_company_with_registry_id_is_saved(officer_client):
    data = {**VALID, "org_number": "", "foreign_registry_id": "TW 84213377", "country": "TW", "role": "assembler"}
    assert officer_client.post(reverse("suppliers:create"), data).status_code == 302
    assert Supplier.objects.get(foreign_registry_id="TW 84213377").country == "TW"


def test_duplicate_org_number_is_refused_with_a_message(officer_client):
    f.SupplierFactory(org_number="974760673")
    response = officer_client.post(reverse("suppliers:create"), VALID)
    assert response.status_code == 400
    assert "already exists" in response.content.decode()


def test_database_refuses_a_supplier_without_any_registry_id(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        Supplier.objects.create(legal_name="No Id Ltd", country="GB", role="component", org_number=None)


def test_search_finds_by_name_and_org_number(officer_client):
    f.SupplierFactory(legal_name="Nordlys IT-Partner AS", org_number="921734565")
    f.SupplierFactory(legal_name="Fjordvik Gjenbruk AS")
    page = officer_client.get(reverse("suppliers:list"), {"search": "nordlys"}).content.decode()
    assert "Nordlys IT-Partner AS" in page and "Fjordvik" not in page
    page = officer_client.get(reverse("suppliers:list"), {"search": "921 734 565"}).content.decode()
    assert "Nordlys IT-Partner AS" in page


def test_filter_by_role_and_country(officer_client):
    f.SupplierFactory(
        legal_name="Tamsui Precision", org_number=None, foreign_registry_id="TW 1", country="TW", role="assembler"
    )
    f.SupplierFactory(legal_name="Nordic Reseller AS")
    page = officer_client.get(reverse("suppliers:list"), {"role": "assembler", "country": "TW"}).content.decode()
    assert "Tamsui Precision" in page and "Nordic Reseller" not in page


def test_edit_shows_in_history_with_actor_and_previous_value(officer_client, officer, supplier_a):
    data = {**VALID, "legal_name": "Alpha Reseller Norge AS", "org_number": supplier_a.org_number}
    assert officer_client.post(reverse("suppliers:edit", args=[supplier_a.public_id]), data).status_code == 302
    page = officer_client.get(supplier_a.get_absolute_url()).content.decode()
    assert "Alpha Reseller Norge AS" in page
    assert "Alpha Reseller AS" in page  # the previous name, in the history
    assert officer.full_name in page
    latest = supplier_a.history.first()
    assert latest.history_user == officer and latest.prev_record.legal_name == "Alpha Reseller AS"


def test_archive_hides_from_list_and_restore_brings_back(officer_client, supplier_a):
    response = officer_client.post(reverse("suppliers:archive", args=[supplier_a.public_id]), follow=True)
    assert "Archived: Alpha Reseller AS" in response.content.decode()
    supplier_a.refresh_from_db()
    assert supplier_a.is_archived
    assert "Alpha Reseller AS" not in officer_client.get(reverse("suppliers:list")).content.decode()
    assert "Alpha Reseller AS" in officer_client.get(reverse("suppliers:list"), {"status": "archived"}).content.decode()
    officer_client.post(reverse("suppliers:restore", args=[supplier_a.public_id]))
    supplier_a.refresh_from_db()
    assert not supplier_a.is_archived
    assert Supplier.objects.filter(pk=supplier_a.pk).exists()  # never deleted


def test_archive_needs_post(officer_client, supplier_a):
    assert officer_client.get(reverse("suppliers:archive", args=[supplier_a.public_id])).status_code == 405


def test_a_new_primary_contact_takes_over_the_mark(officer_client, supplier_a):
    old = f.ContactFactory(supplier=supplier_a, is_primary=True)
    data = {
        "name": "New Person",
        "title": "",
        "email": "new@alpha.example",
        "phone": "",
        "language": "en",
        "is_primary": "on",
    }
    assert (
        officer_client.post(reverse("suppliers:contact_create", args=[supplier_a.public_id]), data).status_code == 302
    )
    old.refresh_from_db()
    assert not old.is_primary
    assert Contact.objects.get(email="new@alpha.example").is_primary


def test_site_with_product_categories(officer_client, supplier_a):
    data = {
        "name": "Chongqing Plant",
        "address": "",
        "city": "Chongqing",
        "country": "CN",
        "stage": "final_assembly",
        "products": "notebooks",
        "product_categories": ["pcs", "tablets"],
        "workers": "1200",
        "disclosed_on": "",
    }
    response = officer_client.post(reverse("suppliers:site_create", args=[supplier_a.public_id]), data)
    assert response.status_code == 302
    site = supplier_a.sites.get()
    assert site.product_categories == ["pcs", "tablets"]
    page = officer_client.get(site.get_absolute_url()).content.decode()
    assert "Tablets" in page and "Chongqing Plant" in page


def test_manager_sees_no_edit_buttons(manager_client, supplier_a):
    page = manager_client.get(supplier_a.get_absolute_url()).content.decode()
    assert reverse("suppliers:edit", args=[supplier_a.public_id]) not in page
    assert "New supplier" not in manager_client.get(reverse("suppliers:list")).content.decode()


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url_name", ["suppliers:list", "suppliers:site_list"])
def test_list_query_count_does_not_grow_with_rows(officer_client, url_name):
    def grow_to(n):
        f.SiteFactory.create_batch(n - Supplier.objects.count())

    grow_to(5)
    small = _count_queries(officer_client, reverse(url_name))
    grow_to(50)
    large = _count_queries(officer_client, reverse(url_name))
    assert small == large


def test_supplier_page_query_count_does_not_grow_with_contacts_and_sites(officer_client, supplier_a):
    url = supplier_a.get_absolute_url()
    f.ContactFactory(supplier=supplier_a)
    f.SiteFactory(supplier=supplier_a)
    # The first page a process shows loads its content types once (Django keeps them): the
    # count compared is that of a process that has shown pages before, as in production.
    officer_client.get(url)
    small = _count_queries(officer_client, url)
    f.ContactFactory.create_batch(20, supplier=supplier_a)
    f.SiteFactory.create_batch(20, supplier=supplier_a)
    assert _count_queries(officer_client, url) == small


def test_a_list_past_the_count_cap_says_more_than_and_asks_for_a_narrower_search(officer_client, settings):
    settings.REGISTRY_COUNT_CAP = 3
    for n in range(5):
        f.SupplierFactory(legal_name=f"Capped Supplier {n} AS")
    page = officer_client.get(reverse("suppliers:list")).content.decode()
    assert "More than 3 records match." in page
    assert "Capped Supplier 0 AS" in page
    # A narrower search that fits under the cap is counted exactly.
    page = officer_client.get(reverse("suppliers:list"), {"search": "Capped Supplier 4"}).content.decode()
    assert "More than" not in page
    assert "1 record" in page
