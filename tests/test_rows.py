"""date_writer() and short_dates() write dates as the ``date`` filter does: in both languages'
short formats and in patterns of other locales, for dates across years and centuries, naive
and aware datetimes in several time zones, and the hours summer time begins and ends."""

import datetime
import zoneinfo

import pytest
from django.template import Context, Template
from django.utils import timezone, translation
from django.utils.dateformat import format as django_format

from oslo_procurement.rows import date_writer, short_dates

DAYS = [datetime.date(2026, 1, 1) + datetime.timedelta(days=n) for n in range(0, 800, 7)]
DAYS += [datetime.date(1, 2, 3), datetime.date(999, 12, 31), datetime.date(2009, 9, 9), datetime.date(9999, 12, 31)]
OSLO, NEW_YORK, KOLKATA = (zoneinfo.ZoneInfo(name) for name in ("Europe/Oslo", "America/New_York", "Asia/Kolkata"))
MOMENTS = [datetime.datetime(2026, 1, 1, 0, 0) + datetime.timedelta(minutes=n) for n in range(0, 60 * 24 * 400, 997)]
MOMENTS += [
    datetime.datetime(2026, 3, 29, 2, 30),  # does not exist in Oslo (summer time begins)
    datetime.datetime(2026, 10, 25, 2, 30),  # twice in Oslo (summer time ends)
    datetime.datetime(2026, 10, 25, 2, 30, fold=1),
    datetime.datetime(2026, 12, 31, 23, 59, 59),
]
PATTERNS = ["d.m.Y", "m/d/Y", "d.m.Y H:i", "Y-m-d\\TH:i:sO", "j.n.y G:i", "Y-m-d", "d/m/Y H:i:s", "H:i"]


@pytest.mark.parametrize("language", ["nb", "en"])
def test_dates_as_the_date_filter_writes_them(language):
    template = Template('{{ value|date:"SHORT_DATE_FORMAT" }}')
    with translation.override(language):
        write = short_dates()
        for value in [*DAYS, datetime.datetime(2026, 12, 31, 23, 59)]:
            assert write(value) == template.render(Context({"value": value})), value


@pytest.mark.parametrize("pattern", [*PATTERNS, "d. F Y", "j \\d\\e N", "m/d/Y P", "<b>Y</b>"])
def test_every_pattern_as_django_writes_it(pattern):
    write = date_writer(pattern)
    for value in DAYS if any(char in pattern for char in "GHisOP") is False else []:
        assert write(value) == Template("{{ v|date:p }}").render(Context({"v": value, "p": pattern})), value
    if not any(char in pattern for char in "GHisOP"):
        return
    for naive in MOMENTS:
        for value in (naive, *(naive.replace(tzinfo=zone) for zone in (OSLO, NEW_YORK, KOLKATA, datetime.UTC))):
            assert write(value) == django_format(value, pattern), (pattern, value)
    with timezone.override(OSLO):  # a naive datetime is read in the default time zone (settings)
        noon = datetime.datetime(2026, 7, 1, 12, 0)
        assert write(noon) == django_format(noon, pattern)


def test_a_time_pattern_refuses_a_date_as_django_does():
    with pytest.raises(TypeError):
        django_format(datetime.date(2026, 1, 1), "H:i")
    with pytest.raises(TypeError):
        date_writer("d.m.Y H:i")(datetime.date(2026, 1, 1))


def test_the_offset_is_left_out_where_the_local_time_is_ambiguous():
    write = date_writer("Y-m-d\\TH:i:sO")
    assert write(datetime.datetime(2026, 7, 1, 12, 0, tzinfo=OSLO)) == "2026-07-01T12:00:00+0200"
    assert write(datetime.datetime(2026, 10, 25, 2, 30, tzinfo=OSLO)) == "2026-10-25T02:30:00"


def test_a_row_link_is_the_address_django_reverses():
    from uuid import uuid4

    from django.urls import reverse

    from oslo_procurement.rows import row_url

    public_id = uuid4()
    for name in ("suppliers:detail", "findings:detail", "actions:detail", "followup:assessment_review"):
        assert row_url(name)(public_id) == reverse(name, args=[public_id])
    # A view whose argument is not a UUID: reversed per row, escaped.
    assert row_url("contracts:smelter_note")("CID<1>") == reverse("contracts:smelter_note", args=["CID<1>"]).replace(
        "<", "&lt;"
    ).replace(">", "&gt;")
