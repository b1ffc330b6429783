"""oslo_procurement.numbers.grouped writes every number as Django's
number_format(value, force_grouping=True) does, in both languages."""

from decimal import Decimal

import pytest
from django.test import override_settings
from django.utils import translation
from django.utils.formats import number_format

from oslo_procurement.numbers import grouped

VALUES = (
    [0, 1, -1, 7, 999, 1000, -1000, 1234, 12345, 123456, 1234567, -1234567, 10**12 + 5, -(10**15)]
    + [Decimal("1234.5"), Decimal("-0.25"), Decimal("1000000"), 1234.5, 0.1, 2.0, -98765.4321]
    + [Decimal("62"), Decimal("100"), Decimal("-5"), Decimal("0"), Decimal("-0"), Decimal("12345"), Decimal("1E+3")]
    + list(range(-2100, 2100, 7))
)


@pytest.mark.parametrize("language", ["nb", "en"])
def test_as_django_writes_them(language):
    with translation.override(language):
        for value in VALUES:
            assert grouped(value) == number_format(value, force_grouping=True), value
        assert grouped(1234567) == {"nb": "1\xa0234\xa0567", "en": "1,234,567"}[language]


def test_not_a_number_is_given_back():
    assert grouped("–") == "–"
    assert grouped(None) is None
    assert grouped(True) is True


def test_a_changed_format_setting_is_followed():
    with translation.override("en"):
        assert grouped(1234) == "1,234"
        with override_settings(FORMAT_MODULE_PATH=None, THOUSAND_SEPARATOR="'", USE_THOUSAND_SEPARATOR=True):
            assert grouped(1234) == number_format(1234, force_grouping=True)
        assert grouped(1234) == "1,234"


def test_a_language_that_groups_small_numbers_is_followed(monkeypatch):
    """Below 1,000 a number is written as its digits only while no language of the
    installation groups by fewer than three (Django's grouping of 2 writes 9,99)."""
    import oslo_procurement.numbers as numbers

    real = numbers.get_format

    def by_two(name, lang=None, use_l10n=None):
        return 2 if name == "NUMBER_GROUPING" else real(name, lang, use_l10n)

    monkeypatch.setattr(numbers, "get_format", by_two)
    monkeypatch.setattr("django.utils.formats.get_format", by_two)
    numbers._separators.clear()
    try:
        with translation.override("en"):
            assert grouped(999) == number_format(999, force_grouping=True) == "9,99"
    finally:
        numbers._separators.clear()
