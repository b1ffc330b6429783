"""country_name() gives Country(code).name for every country, an unknown and an empty code,
in both languages."""

import pytest
from django.utils import translation
from django_countries import countries
from django_countries.fields import Country

from oslo_procurement.countries import country_name


@pytest.mark.parametrize("language", ["nb", "en"])
def test_every_country_as_django_countries_names_it(language):
    with translation.override(language):
        for code in [*countries.countries, "XX", ""]:
            assert country_name(code) == Country(code=code).name, code
            assert country_name(Country(code=code)) == Country(code=code).name
        assert country_name("NO") == {"nb": "Norge", "en": "Norway"}[language]
