import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from criteria import services
from criteria.models import CriterionVersion, IloInstrument
from tests.factories import CriterionFactory, CriterionVersionFactory

pytestmark = pytest.mark.django_db

Status = CriterionVersion.Status
D = datetime.date


@pytest.fixture
def instruments(db):
    return [
        IloInstrument.objects.create(
            code=code, title_nb=code, title_en=code, year=1930, principle="forced_labour", fundamental=True
        )
        for code in ("C29", "C105")
    ]


@pytest.fixture
def active(instruments):
    version = CriterionVersionFactory(effective_from=D(2021, 1, 1), evidence_en="Audit reports")
    version.ilo_instruments.set(instruments)
    return version


@time_machine.travel(D(2026, 3, 1))
def test_new_draft_copies_the_latest_version_and_takes_the_next_number(active, officer, instruments):
    draft = services.version_create_draft(criterion=active.criterion, actor=officer)

    assert draft.version == 2
    assert draft.status == Status.DRAFT
    assert (draft.title_en, draft.text_nb, draft.evidence_en) == (active.title_en, active.text_nb, "Audit reports")
    assert set(draft.ilo_instruments.all()) == set(instruments)
    assert draft.effective_from == D(2026, 3, 1)  # today: the active version started long ago


def test_new_draft_starts_when_a_scheduled_end_comes(officer):
    active = CriterionVersionFactory(effective_from=D(2021, 1, 1), effective_to=D(2099, 1, 1))

    draft = services.version_create_draft(criterion=active.criterion, actor=officer)

    assert draft.effective_from == D(2099, 1, 1)


def test_only_one_draft_at_a_time(active, officer):
    services.version_create_draft(criterion=active.criterion, actor=officer)

    with pytest.raises(ValidationError, match="already a draft"):
        services.version_create_draft(criterion=active.criterion, actor=officer)
    assert active.criterion.versions.count() == 2


def test_activation_retires_the_previous_version_and_ends_it(active, officer):
    draft = services.version_create_draft(criterion=active.criterion, actor=officer)
    draft.effective_from = D(2026, 1, 1)
    services.version_save(version=draft, actor=officer, ilo_instruments=[])

    services.version_activate(version=draft, actor=officer)

    active.refresh_from_db()
    draft.refresh_from_db()
    assert active.status == Status.RETIRED
    assert active.effective_to == D(2026, 1, 1)
    assert draft.status == Status.ACTIVE
    assert draft.effective_to is None
    assert active.history.first().history_user == officer
    assert draft.history.first().history_user == officer


def test_first_activation_needs_no_previous_version(officer):
    draft = CriterionVersionFactory(status=Status.DRAFT)

    services.version_activate(version=draft, actor=officer)

    draft.refresh_from_db()
    assert draft.status == Status.ACTIVE


def test_activation_refuses_a_start_not_after_the_active_version(active, officer):
    draft = CriterionVersionFactory(
        criterion=active.criterion, version=2, status=Status.DRAFT, effective_from=D(2021, 1, 1)
    )

    with pytest.raises(ValidationError) as exc:
        services.version_activate(version=draft, actor=officer)

    assert "effective_from" in exc.value.error_dict
    active.refresh_from_db()
    draft.refresh_from_db()
    assert (active.status, active.effective_to) == (Status.ACTIVE, None)
    assert draft.status == Status.DRAFT


def test_activation_refuses_an_overlap_with_a_retired_version(officer):
    criterion = CriterionFactory()
    CriterionVersionFactory(
        criterion=criterion, version=1, status=Status.RETIRED, effective_from=D(2020, 1, 1), effective_to=D(2022, 1, 1)
    )
    draft = CriterionVersionFactory(criterion=criterion, version=2, status=Status.DRAFT, effective_from=D(2021, 1, 1))

    with pytest.raises(ValidationError, match="overlap version 1"):
        services.version_activate(version=draft, actor=officer)

    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_only_a_draft_can_be_activated(active, officer):
    with pytest.raises(ValidationError, match="Only a draft"):
        services.version_activate(version=active, actor=officer)


def test_an_active_version_cannot_be_edited(active, officer):
    active.text_en = "Changed after signing"

    with pytest.raises(ValidationError, match="Only a draft can be edited"):
        services.version_save(version=active, actor=officer, ilo_instruments=[])

    active.refresh_from_db()
    assert active.text_en == "The supplier shall respect basic human rights."


def test_a_retired_version_cannot_be_edited(officer):
    retired = CriterionVersionFactory(status=Status.RETIRED, effective_to=D(2026, 1, 1))
    retired.title_en = "New title"

    with pytest.raises(ValidationError):
        services.version_save(version=retired, actor=officer, ilo_instruments=[])


def test_draft_dates_may_not_overlap_a_retired_version(officer):
    criterion = CriterionFactory()
    CriterionVersionFactory(
        criterion=criterion, version=1, status=Status.RETIRED, effective_from=D(2020, 1, 1), effective_to=D(2022, 1, 1)
    )
    draft = CriterionVersionFactory(criterion=criterion, version=2, status=Status.DRAFT, effective_from=D(2023, 1, 1))
    draft.effective_from = D(2021, 6, 1)

    with pytest.raises(ValidationError) as exc:
        services.version_save(version=draft, actor=officer, ilo_instruments=[])

    assert "effective_from" in exc.value.error_dict


@time_machine.travel(D(2026, 3, 1))
def test_retire_ends_the_active_version_today_by_default(active, officer):
    services.version_retire(version=active, actor=officer)

    active.refresh_from_db()
    assert (active.status, active.effective_to) == (Status.RETIRED, D(2026, 3, 1))


def test_retire_takes_a_given_end_date_and_checks_it(active, officer):
    with pytest.raises(ValidationError):
        services.version_retire(version=active, actor=officer, effective_to=D(2020, 1, 1))
    active.refresh_from_db()
    assert active.status == Status.ACTIVE

    services.version_retire(version=active, actor=officer, effective_to=D(2025, 6, 1))
    active.refresh_from_db()
    assert (active.status, active.effective_to) == (Status.RETIRED, D(2025, 6, 1))


def test_criterion_create_makes_the_first_draft(officer, instruments):
    from criteria.models import Criterion

    criterion = services.criterion_create(
        criterion=Criterion(code="NEW-1", kind="selection", oecd_step=2),
        first_version=CriterionVersion(
            title_nb="T", title_en="T", text_nb="T", text_en="T", effective_from=D(2026, 1, 1)
        ),
        actor=officer,
        ilo_instruments=instruments,
    )

    version = criterion.versions.get()
    assert (version.version, version.status) == (1, Status.DRAFT)
    assert set(version.ilo_instruments.all()) == set(instruments)
    assert criterion.history.first().history_user == officer
