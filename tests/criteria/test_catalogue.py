import datetime

import pytest
from django.urls import reverse

from criteria.catalogue import seed_catalogue
from criteria.models import Criterion, CriterionVersion, IloInstrument, IloInstrumentSet

pytestmark = pytest.mark.django_db


Status = CriterionVersion.Status

CATALOGUE_MODELS = [
    IloInstrument,
    IloInstrumentSet,
    IloInstrumentSet.instruments.through,
    Criterion,
    CriterionVersion,
    CriterionVersion.ilo_instruments.through,
    Criterion.history.model,
    CriterionVersion.history.model,
]


def _counts():
    return {model._meta.label: model.objects.count() for model in CATALOGUE_MODELS}


def test_seeding_twice_gives_the_same_rows(officer):
    first = seed_catalogue(actor=officer)
    after_first = _counts()

    second = seed_catalogue(actor=officer)

    assert _counts() == after_first
    assert first == {
        "ilo_instruments": 19,
        "ilo_sets": 2,
        "criteria": 16,
        "versions": 17,
        "national_criteria": 2,
        "national_versions": 3,
        "created": 38,
        "changed": 0,
    }
    assert (second["created"], second["changed"]) == (0, 0)


def test_seed_puts_an_edited_row_back_and_records_who(officer, manager):
    seed_catalogue(actor=officer)
    Criterion.objects.filter(code="SA-1").update(oecd_step=6)

    result = seed_catalogue(actor=manager)

    criterion = Criterion.objects.get(code="SA-1")
    assert (result["changed"], criterion.oecd_step) == (1, 2)
    assert criterion.history.first().history_user == manager


def test_seed_history_records_the_actor(officer):
    seed_catalogue(actor=officer)

    assert set(Criterion.history.values_list("history_user", flat=True)) == {officer.pk}
    assert set(CriterionVersion.history.values_list("history_user", flat=True)) == {officer.pk}


def test_the_human_rights_clause_has_two_versions(officer):
    seed_catalogue(actor=officer)

    v1, v2 = CriterionVersion.objects.filter(criterion__code="CLA-1").order_by("version")
    assert (v1.status, v1.effective_from, v1.effective_to) == (
        Status.RETIRED,
        datetime.date(2020, 12, 18),
        datetime.date(2023, 1, 1),
    )
    assert (v2.status, v2.effective_from, v2.effective_to) == (Status.ACTIVE, datetime.date(2023, 1, 1), None)
    assert v1.ilo_set.code == "core-1998" and v2.ilo_set.code == "fundamental-2022"
    assert {i.code for i in v1.ilo_instruments.all()} == {"C29", "C87", "C98", "C100", "C105", "C111", "C138", "C182"}
    assert {"C155", "C187", "P29"} <= {i.code for i in v2.ilo_instruments.all()}
    assert v2.change_note


def test_seed_covers_every_kind_and_is_bilingual(officer):
    seed_catalogue(actor=officer)

    assert set(Criterion.objects.values_list("kind", flat=True)) == set(Criterion.Kind.values)
    assert IloInstrument.objects.filter(fundamental=True).count() == 11
    assert IloInstrumentSet.objects.get(code="core-1998").instruments.count() == 8
    assert IloInstrumentSet.objects.get(code="fundamental-2022").instruments.count() == 11
    for version in CriterionVersion.objects.all():
        assert version.title_nb != version.title_en
        assert version.text_nb and version.text_en and version.evidence_nb and version.evidence_en
    # Every criterion but CLA-1 has exactly one version, active since the agreement started;
    # the national catalogue has its clause (two versions) and one self-assessment topic.
    assert CriterionVersion.objects.filter(status=Status.ACTIVE, criterion__owner__isnull=True).count() == 16 + 2


def test_seeded_catalogue_renders(officer_client, officer):
    seed_catalogue(actor=officer)
    criterion = Criterion.objects.get(code="CLA-1")

    list_page = officer_client.get(reverse("criteria:list"))
    detail = officer_client.get(criterion.get_absolute_url())

    assert list_page.status_code == detail.status_code == 200
    html = detail.content.decode()
    assert "Respect for basic human rights in the supply chain" in html
    assert "C187" in html
