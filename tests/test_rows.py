"""short_dates() writes a date as {{ date|date:"SHORT_DATE_FORMAT" }} does, in both languages
and in formats of other locales, for dates across years and centuries and for local datetimes."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from oslo_procurement import rows
from oslo_procurement.rows import short_dates

DAYS = [datetime.date(2026, 1, 1) + datetime.timedelta(days=n) for n in range(0, 800, 7)]
DAYS += [datetime.date(1, 2, 3), datetime.date(999, 12, 31), datetime.date(2009, 9, 9), datetime.date(9999, 12, 31)]


@pytest.mark.parametrize("language", ["nb", "en"])
def test_dates_as_the_date_filter_writes_them(language):
    template = Template('{{ value|date:"SHORT_DATE_FORMAT" }}')
    with translation.override(language):
        write = short_dates()
        for value in [*DAYS, datetime.datetime(2026, 12, 31, 23, 59)]:
            assert write(value) == template.render(Context({"value": value})), value


@pytest.mark.parametrize("pattern", ["j.n.y", "Y-m-d", "d/m/Y", "n/j/y", "d. F Y", r"j \d\e N"])
def test_other_formats_as_django_writes_them(pattern, monkeypatch):
    from django.utils.dateformat import format as django_format

    monkeypatch.setattr(rows, "get_format", lambda name: pattern)
    monkeypatch.setattr(rows, "date_format", lambda value, name: django_format(value, pattern))
    write = short_dates()
    for value in DAYS:
        assert write(value) == django_format(value, pattern), (pattern, value)
