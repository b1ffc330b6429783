"""country_name() and country_names() give Country(code).name for every country, an unknown
and an empty code, in both languages; country_code() the code a record's field holds."""

import pytest
from django.utils import translation
from django_countries import countries
from django_countries.fields import Country

from oslo_procurement.countries import country_code, country_name, country_names


@pytest.mark.parametrize("language", ["nb", "en"])
def test_every_country_as_django_countries_names_it(language):
    with translation.override(language):
        for code in [*countries.countries, "XX", ""]:
            assert country_name(code) == Country(code=code).name, code
            assert country_name(Country(code=code)) == Country(code=code).name
        names = country_names()
        for code in [*countries.countries, "XX", ""]:
            assert names(code) == Country(code=code).name, code
        assert country_name("NO") == {"nb": "Norge", "en": "Norway"}[language]


def test_a_namer_keeps_the_language_it_was_made_in():
    with translation.override("nb"):
        names = country_names()
    with translation.override("en"):
        assert names("NO") == "Norge" and country_names()("NO") == "Norway"


@pytest.mark.django_db
def test_the_code_of_a_record_loaded_whole_or_deferred():
    from suppliers.models import Supplier
    from tests import factories as f

    f.SupplierFactory(country="TW")
    whole = Supplier.objects.get()
    deferred = Supplier.objects.defer("country").get()
    assert country_code(whole) == country_code(deferred) == str(whole.country) == "TW"
    assert country_code(Supplier(country="")) == ""
