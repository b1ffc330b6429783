import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from contracts import services
from contracts.models import Award
from criteria.models import CriterionVersion
from tests import factories as f

ARCHIVED = datetime.datetime(2025, 6, 1, tzinfo=datetime.UTC)


@pytest.fixture
def version(db):
    """Human rights clause v1, in force from 2025-01-01."""
    return f.CriterionVersionFactory(criterion__code="HR-01", effective_from=datetime.date(2025, 1, 1))


def _data(supplier, lots, versions=(), signed_on="2026-02-01"):
    return {
        "supplier": supplier.pk,
        "kind": "contract_holder",
        "lots": [lot.pk for lot in lots],
        "signed_on": signed_on,
        "criteria_versions": [v.pk for v in versions],
        "notes": "",
    }


def _new_award(agreement, supplier, signed_on=datetime.date(2026, 2, 1)):
    return Award(agreement=agreement, supplier=supplier, signed_on=signed_on)


def test_valid_award_is_saved_with_its_lots_and_criteria(officer_client, officer, agreement, lot, supplier_a, version):
    url = reverse("contracts:award_create", args=[agreement.public_id])
    response = officer_client.post(url, _data(supplier_a, [lot], [version]))
    award = Award.objects.get()
    assert response.status_code == 302 and response.url == agreement.get_absolute_url() + "#awards"
    assert list(award.lots.all()) == [lot]
    assert list(award.criteria_versions.all()) == [version]
    assert award.history.first().history_user == officer
    page = officer_client.get(agreement.get_absolute_url()).content.decode()
    assert "Alpha Reseller AS" in page and "HR-01 v1" in page and "(Active)" in page


def test_form_labels_criteria_versions_with_code_version_and_title(officer_client, agreement, version):
    f.CriterionVersionFactory(criterion__code="HR-02", status=CriterionVersion.Status.DRAFT)
    page = officer_client.get(reverse("contracts:award_create", args=[agreement.public_id])).content.decode()
    assert "HR-01 v1 – Human rights in the supply chain" in page
    assert "HR-02" not in page  # drafts are not offered


def test_lot_of_another_agreement_is_refused(officer_client, officer, buyer, agreement, lot, supplier_a):
    foreign_lot = f.LotFactory(agreement=f.AgreementFactory(buyer=buyer), number=7, title="Smartphones")
    url = reverse("contracts:award_create", args=[agreement.public_id])
    response = officer_client.post(url, _data(supplier_a, [foreign_lot]))
    assert response.status_code == 400 and "lots" in response.context["form"].errors
    with pytest.raises(ValidationError) as exc:
        services.award_save(
            award=_new_award(agreement, supplier_a), actor=officer, lots=[lot, foreign_lot], criteria_versions=[]
        )
    assert exc.value.message_dict["lots"] == ["These lots belong to another agreement: 7 Smartphones."]
    assert not Award.objects.exists()


def test_draft_criterion_version_is_refused(officer_client, officer, agreement, lot, supplier_a, version):
    draft = f.CriterionVersionFactory(
        criterion=version.criterion,
        version=2,
        status=CriterionVersion.Status.DRAFT,
        effective_from=version.effective_from,
    )
    url = reverse("contracts:award_create", args=[agreement.public_id])
    response = officer_client.post(url, _data(supplier_a, [lot], [draft]))
    assert response.status_code == 400 and "criteria_versions" in response.context["form"].errors
    with pytest.raises(ValidationError) as exc:
        services.award_save(
            award=_new_award(agreement, supplier_a), actor=officer, lots=[lot], criteria_versions=[draft]
        )
    assert exc.value.message_dict["criteria_versions"] == ["Draft criteria cannot be signed: HR-01 v2."]
    assert not Award.objects.exists()


def test_version_not_in_force_on_the_signing_date_is_refused_at_the_field(officer_client, agreement, lot, supplier_a):
    future = f.CriterionVersionFactory(criterion__code="HR-09", effective_from=datetime.date(2026, 6, 1))
    url = reverse("contracts:award_create", args=[agreement.public_id])
    response = officer_client.post(url, _data(supplier_a, [lot], [future], signed_on="2026-02-01"))
    assert response.status_code == 400
    assert response.context["form"].errors["criteria_versions"] == [
        "These criteria versions were not in force on the signing date: HR-09 v1."
    ]
    assert "Nothing was saved" in response.content.decode()
    assert not Award.objects.exists()


@pytest.mark.parametrize(
    ("signed_on", "in_force"),
    [
        (datetime.date(2024, 12, 31), False),
        (datetime.date(2025, 1, 1), True),
        (datetime.date(2025, 12, 31), True),
        (datetime.date(2026, 1, 1), False),  # effective_to is the first day no longer in force
    ],
)
def test_in_force_period_includes_the_start_and_excludes_the_end(signed_on, in_force):
    version = CriterionVersion(effective_from=datetime.date(2025, 1, 1), effective_to=datetime.date(2026, 1, 1))
    assert services.in_force_on(version, signed_on) is in_force


def test_archived_supplier_cannot_get_a_new_award(officer_client, officer, agreement, lot, supplier_a):
    supplier_a.archived_at = ARCHIVED
    supplier_a.save()
    url = reverse("contracts:award_create", args=[agreement.public_id])
    assert officer_client.post(url, _data(supplier_a, [lot])).status_code == 400
    with pytest.raises(ValidationError) as exc:
        services.award_save(award=_new_award(agreement, supplier_a), actor=officer, lots=[lot], criteria_versions=[])
    assert exc.value.message_dict["supplier"] == ["This supplier is archived and cannot get a new award."]


def test_the_same_supplier_twice_in_one_agreement_is_refused_at_the_field(officer_client, agreement, lot, award):
    url = reverse("contracts:award_create", args=[agreement.public_id])
    response = officer_client.post(url, _data(award.supplier, [lot]))
    assert response.status_code == 400
    assert response.context["form"].errors["supplier"] == ["This supplier already has an award in this agreement."]
    assert Award.objects.count() == 1


def test_award_keeps_its_criterion_version_when_a_new_version_is_activated(
    officer_client, officer, agreement, lot, supplier_a, version
):
    award = services.award_save(
        award=_new_award(agreement, supplier_a), actor=officer, lots=[lot], criteria_versions=[version]
    )
    version.status = CriterionVersion.Status.RETIRED
    version.effective_to = datetime.date(2027, 1, 1)
    version.save()
    new = f.CriterionVersionFactory(
        criterion=version.criterion,
        version=2,
        title_en="Human rights, 2027 wording",
        effective_from=datetime.date(2027, 1, 1),
    )
    assert new.status == CriterionVersion.Status.ACTIVE
    award.refresh_from_db()
    assert list(award.criteria_versions.all()) == [version]
    page = officer_client.get(agreement.get_absolute_url()).content.decode()
    awards = page.split('id="awards-heading"', 1)[1].split("</section>", 1)[0]
    assert "HR-01 v1" in awards and "(Retired)" in awards
    assert "HR-01 v2" not in awards


def test_award_edit_page_shows_its_history(officer_client, officer, award, lot):
    url = reverse("contracts:award_edit", args=[award.public_id])
    data = {**_data(award.supplier, [lot]), "kind": "subcontractor", "signed_on": "2026-01-15"}
    assert officer_client.post(url, data).status_code == 302
    award.refresh_from_db()
    assert award.kind == "subcontractor"
    page = officer_client.get(url).content.decode()
    history = page.split('id="history-heading"', 1)[1]
    assert officer.full_name in history and "Contract holder" in history


def test_editing_an_award_of_a_supplier_archived_since_is_allowed(officer_client, award, lot, supplier_a):
    supplier_a.archived_at = ARCHIVED
    supplier_a.save()
    url = reverse("contracts:award_edit", args=[award.public_id])
    response = officer_client.post(url, {**_data(supplier_a, [lot]), "notes": "Supplier wound up."})
    assert response.status_code == 302


def test_restoring_an_award_is_refused_with_a_message_when_the_supplier_has_another(
    officer_client, agreement, lot, award
):
    officer_client.post(reverse("contracts:award_archive", args=[award.public_id]))
    replacement = f.AwardFactory(agreement=agreement, supplier=award.supplier)
    replacement.lots.set([lot])
    response = officer_client.post(reverse("contracts:award_restore", args=[award.public_id]), follow=True)
    assert response.status_code == 200
    assert "already has another award in this agreement" in response.content.decode()
    award.refresh_from_db()
    assert award.is_archived
