"""The database itself refuses overlapping versions and reversed dates, whatever code
writes the row: a trigger on SQLite, an exclusion constraint on PostgreSQL.

These tests fail if a later migration rebuilds the SQLite table and drops the triggers."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from criteria.models import CriterionVersion
from tests.factories import CriterionFactory

pytestmark = pytest.mark.django_db

Status = CriterionVersion.Status
D = datetime.date


def _create(criterion, number, status, start, end=None):
    """Insert with ``objects.create``: no full_clean, only the database's own rules."""
    return CriterionVersion.objects.create(
        criterion=criterion,
        version=number,
        status=status,
        title_nb="Tittel",
        title_en="Title",
        text_nb="Tekst",
        text_en="Text",
        effective_from=start,
        effective_to=end,
    )


@pytest.mark.parametrize("status", [Status.ACTIVE, Status.RETIRED])
def test_database_refuses_an_overlapping_version(status):
    criterion = CriterionFactory()
    _create(criterion, 1, Status.RETIRED, D(2021, 1, 1), D(2023, 1, 1))

    with pytest.raises(IntegrityError), transaction.atomic():
        _create(criterion, 2, status, D(2022, 6, 1))

    assert criterion.versions.count() == 1


def test_database_refuses_an_update_that_creates_an_overlap():
    criterion = CriterionFactory()
    _create(criterion, 1, Status.RETIRED, D(2021, 1, 1), D(2023, 1, 1))
    later = _create(criterion, 2, Status.ACTIVE, D(2023, 1, 1))

    with pytest.raises(IntegrityError), transaction.atomic():
        CriterionVersion.objects.filter(pk=later.pk).update(effective_from=D(2022, 1, 1))

    later.refresh_from_db()
    assert later.effective_from == D(2023, 1, 1)


def test_database_refuses_a_second_open_ended_version():
    criterion = CriterionFactory()
    _create(criterion, 1, Status.ACTIVE, D(2021, 1, 1))

    with pytest.raises(IntegrityError), transaction.atomic():
        _create(criterion, 2, Status.RETIRED, D(2019, 1, 1))  # open-ended too: overlaps from 2021


def test_back_to_back_versions_and_drafts_are_allowed():
    criterion = CriterionFactory()
    _create(criterion, 1, Status.RETIRED, D(2021, 1, 1), D(2023, 1, 1))
    _create(criterion, 2, Status.ACTIVE, D(2023, 1, 1))  # starts the day the first one ends
    _create(criterion, 3, Status.DRAFT, D(2022, 1, 1))  # drafts may overlap anything
    other = CriterionFactory()
    _create(other, 1, Status.ACTIVE, D(2021, 1, 1))  # another criterion's periods are independent

    assert CriterionVersion.objects.count() == 4


def test_database_refuses_an_end_date_before_the_start():
    criterion = CriterionFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        _create(criterion, 1, Status.DRAFT, D(2024, 1, 1), D(2023, 1, 1))

    with pytest.raises(IntegrityError), transaction.atomic():
        _create(criterion, 1, Status.DRAFT, D(2024, 1, 1), D(2024, 1, 1))

    assert not criterion.versions.exists()


def test_database_refuses_two_active_versions():
    criterion = CriterionFactory()
    _create(criterion, 1, Status.ACTIVE, D(2021, 1, 1), D(2022, 1, 1))

    with pytest.raises(IntegrityError), transaction.atomic():
        _create(criterion, 2, Status.ACTIVE, D(2023, 1, 1))
