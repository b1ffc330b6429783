import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, reverse

from criteria import urls as criteria_urls
from criteria.models import Criterion, CriterionVersion, IloInstrument
from tests.factories import CriterionFactory, CriterionVersionFactory

pytestmark = pytest.mark.django_db


Status = CriterionVersion.Status
D = datetime.date


def _version_post(version, **changes):
    data = {
        "title_nb": version.title_nb,
        "title_en": version.title_en,
        "text_nb": version.text_nb,
        "text_en": version.text_en,
        "evidence_nb": version.evidence_nb,
        "evidence_en": version.evidence_en,
        "ilo_set": "",
        "effective_from": version.effective_from.isoformat(),
        "effective_to": version.effective_to.isoformat() if version.effective_to else "",
        "change_note": "",
    }
    data.update(changes)
    return data


@pytest.fixture
def history_of_three(buyer):
    """Retired v1 (2020-2022), active v2 (from 2022), and a draft v3, in Oslo's catalogue."""
    criterion = CriterionFactory(code="CLA-1", owner=buyer)
    v1 = CriterionVersionFactory(
        criterion=criterion, version=1, status=Status.RETIRED, effective_from=D(2020, 1, 1), effective_to=D(2022, 1, 1)
    )
    v2 = CriterionVersionFactory(criterion=criterion, version=2, status=Status.ACTIVE, effective_from=D(2022, 1, 1))
    v3 = CriterionVersionFactory(
        criterion=criterion, version=3, status=Status.DRAFT, effective_from=D(2026, 1, 1), title_en="Draft wording"
    )
    return v1, v2, v3


def test_every_criteria_view_checks_the_role():
    for pattern in criteria_urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        assert getattr(pattern.callback, "access", None) in ("staff", "staff_write"), pattern.name


def test_a_draft_overlapping_a_retired_version_is_refused_on_the_form(officer_client, history_of_three):
    v1, v2, v3 = history_of_three
    url = reverse("criteria:version_edit", args=[v3.public_id])

    response = officer_client.post(url, _version_post(v3, effective_from="2021-06-01", title_en="Overlapping"))

    assert response.status_code == 400
    assert "overlap version 1" in response.context["form"].errors["effective_from"][0]
    v3.refresh_from_db()
    assert (v3.effective_from, v3.title_en) == (D(2026, 1, 1), "Draft wording")


def test_a_draft_that_fits_is_saved(officer_client, history_of_three):
    v1, v2, v3 = history_of_three
    url = reverse("criteria:version_edit", args=[v3.public_id])

    response = officer_client.post(url, _version_post(v3, effective_from="2027-01-01", title_en="New wording"))

    assert response.status_code == 302
    assert response.url == v3.get_absolute_url()
    v3.refresh_from_db()
    assert (v3.effective_from, v3.title_en) == (D(2027, 1, 1), "New wording")


def test_an_end_date_before_the_start_is_a_form_error(officer_client, history_of_three):
    v3 = history_of_three[2]
    url = reverse("criteria:version_edit", args=[v3.public_id])

    response = officer_client.post(url, _version_post(v3, effective_from="2027-01-01", effective_to="2026-12-01"))

    assert response.status_code == 400
    assert response.context["form"].errors["effective_to"]
    v3.refresh_from_db()
    assert v3.effective_to is None


def test_an_active_version_cannot_be_edited_through_the_form(officer_client, history_of_three):
    v2 = history_of_three[1]
    url = reverse("criteria:version_edit", args=[v2.public_id])

    assert officer_client.get(url).status_code == 302
    response = officer_client.post(url, _version_post(v2, title_en="Rewritten"), follow=True)

    assert "Only a draft can be edited" in response.content.decode()
    v2.refresh_from_db()
    assert v2.title_en == "Human rights in the supply chain"


def test_activating_a_draft_from_its_page_retires_the_active_version(officer_client, history_of_three):
    v1, v2, v3 = history_of_three

    response = officer_client.post(reverse("criteria:version_activate", args=[v3.public_id]))

    assert response.status_code == 302
    v2.refresh_from_db()
    v3.refresh_from_db()
    assert (v2.status, v2.effective_to) == (Status.RETIRED, D(2026, 1, 1))
    assert v3.status == Status.ACTIVE


def test_activate_and_retire_are_post_only(officer_client, history_of_three):
    v2, v3 = history_of_three[1:]
    assert officer_client.get(reverse("criteria:version_activate", args=[v3.public_id])).status_code == 405
    assert officer_client.get(reverse("criteria:version_retire", args=[v2.public_id])).status_code == 405


def test_retire_from_the_page_with_an_end_date(officer_client, history_of_three):
    v2 = history_of_three[1]

    response = officer_client.post(
        reverse("criteria:version_retire", args=[v2.public_id]), {"effective_to": "2025-06-01"}
    )

    assert response.status_code == 302
    v2.refresh_from_db()
    assert (v2.status, v2.effective_to) == (Status.RETIRED, D(2025, 6, 1))


def test_a_refused_activation_is_reported_and_changes_nothing(officer_client, history_of_three):
    v1, v2, v3 = history_of_three
    CriterionVersion.objects.filter(pk=v3.pk).update(effective_from=D(2021, 1, 1))

    response = officer_client.post(reverse("criteria:version_activate", args=[v3.public_id]), follow=True)

    assert "must start after the active version 2" in response.content.decode()
    v2.refresh_from_db()
    assert v2.status == Status.ACTIVE


def test_create_makes_the_criterion_and_its_first_draft(officer_client):
    C29 = IloInstrument.objects.create(
        code="C29", title_nb="Tvangsarbeid", title_en="Forced labour", year=1930, principle="forced_labour"
    )
    data = {
        "code": "SEL-9",
        "kind": "selection",
        "oecd_step": "1",
        "title_nb": "Styringssystem",
        "title_en": "Management system",
        "text_nb": "Leverandøren skal ha et styringssystem.",
        "text_en": "The supplier shall have a management system.",
        "ilo_instruments": [C29.pk],
        "effective_from": "2026-01-01",
    }

    response = officer_client.post(reverse("criteria:create"), data)

    criterion = Criterion.objects.get(code="SEL-9")
    assert response.status_code == 302
    assert response.url == criterion.get_absolute_url()
    version = criterion.versions.get()
    assert (version.version, version.status, version.title_en) == (1, Status.DRAFT, "Management system")
    assert list(version.ilo_instruments.all()) == [C29]


def test_create_with_a_taken_code_saves_nothing(officer_client, buyer):
    CriterionFactory(code="SEL-9", owner=buyer)
    data = {
        "code": "SEL-9",
        "kind": "selection",
        "oecd_step": "1",
        "title_nb": "T",
        "title_en": "T",
        "text_nb": "T",
        "text_en": "T",
        "effective_from": "2026-01-01",
    }

    response = officer_client.post(reverse("criteria:create"), data)

    assert response.status_code == 400
    assert response.context["form"].errors["code"]
    assert Criterion.objects.count() == 1
    assert not CriterionVersion.objects.exists()


def test_new_version_asks_first_then_starts_a_draft(officer_client, buyer):
    active = CriterionVersionFactory(effective_from=D(2022, 1, 1), criterion__owner=buyer)
    url = reverse("criteria:version_create", args=[active.criterion.public_id])

    confirm = officer_client.get(url)
    assert confirm.status_code == 200
    assert "Start the draft" in confirm.content.decode()
    assert active.criterion.versions.count() == 1

    response = officer_client.post(url)

    draft = active.criterion.versions.get(version=2)
    assert (draft.status, draft.text_en) == (Status.DRAFT, active.text_en)
    assert response.url == reverse("criteria:version_edit", args=[draft.public_id])


def test_a_second_draft_is_refused_with_a_message(officer_client, history_of_three):
    criterion = history_of_three[0].criterion

    response = officer_client.post(reverse("criteria:version_create", args=[criterion.public_id]), follow=True)

    assert "Version 3 is already a draft" in response.content.decode()
    assert criterion.versions.count() == 3


def test_manager_may_read_but_not_change(manager_client, history_of_three):
    v1, v2, v3 = history_of_three
    criterion = v2.criterion
    for url in (
        reverse("criteria:create"),
        reverse("criteria:edit", args=[criterion.public_id]),
        reverse("criteria:version_create", args=[criterion.public_id]),
        reverse("criteria:version_edit", args=[v3.public_id]),
        reverse("criteria:version_activate", args=[v3.public_id]),
        reverse("criteria:version_retire", args=[v2.public_id]),
        reverse("criteria:archive", args=[criterion.public_id]),
    ):
        assert manager_client.post(url, {"code": "X"}).status_code == 403, url

    v3.refresh_from_db()
    assert v3.status == Status.DRAFT

    pages = [
        manager_client.get(reverse("criteria:list")),
        manager_client.get(criterion.get_absolute_url()),
        manager_client.get(v3.get_absolute_url()),
        manager_client.get(v2.get_absolute_url()),
    ]
    for page in pages:
        assert page.status_code == 200
        html = page.content.decode()
        assert reverse("criteria:create") not in html
        assert reverse("criteria:edit", args=[criterion.public_id]) not in html
        assert reverse("criteria:version_edit", args=[v3.public_id]) not in html
        assert reverse("criteria:version_activate", args=[v3.public_id]) not in html
        assert reverse("criteria:version_retire", args=[v2.public_id]) not in html


def test_officer_sees_the_edit_buttons(officer_client, history_of_three):
    v1, v2, v3 = history_of_three
    html = officer_client.get(v3.get_absolute_url()).content.decode()
    assert reverse("criteria:version_edit", args=[v3.public_id]) in html
    assert reverse("criteria:version_activate", args=[v3.public_id]) in html
    html = officer_client.get(v2.criterion.get_absolute_url()).content.decode()
    assert reverse("criteria:edit", args=[v2.criterion.public_id]) in html


def test_detail_shows_the_wording_in_force_in_the_users_language_and_the_other_one_folded(
    client, officer, history_of_three
):
    v2 = history_of_three[1]
    officer.language = "nb"
    officer.save()
    client.force_login(officer)

    html = client.get(v2.criterion.get_absolute_url()).content.decode()

    assert "Leverandøren skal respektere grunnleggende menneskerettigheter." in html
    details = html[html.index("<details") : html.index("</details>")]
    assert 'lang="en"' in details
    assert "The supplier shall respect basic human rights." in details
    assert "Versjon 3" in html or "Version 3" in html  # all versions are listed


def test_detail_shows_the_history_with_the_actor(officer_client, officer, history_of_three):
    v2 = history_of_three[1]
    officer_client.post(
        reverse("criteria:edit", args=[v2.criterion.public_id]),
        {"code": "CLA-1", "kind": "selection", "oecd_step": "2"},
    )

    html = officer_client.get(v2.criterion.get_absolute_url()).content.decode()

    assert officer.full_name in html
    assert "Selection criterion" in html


def _criteria(count):
    instruments = [
        IloInstrument.objects.create(code=f"C{n}", title_nb="T", title_en="T", year=1950, principle="conditions")
        for n in range(3)
    ]
    for n in range(count):
        criterion = CriterionFactory()
        CriterionVersionFactory(criterion=criterion, version=1, status=Status.RETIRED, effective_to=D(2025, 6, 1))
        version = CriterionVersionFactory(criterion=criterion, version=2, effective_from=D(2025, 6, 1))
        version.ilo_instruments.set(instruments)
        if n % 2:
            CriterionVersionFactory(criterion=criterion, version=3, status=Status.DRAFT)


def _list_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("criteria:list"))
    assert response.status_code == 200
    return len(queries), response


def test_list_query_count_does_not_grow_with_the_rows(officer_client):
    _criteria(5)
    small, response = _list_queries(officer_client)
    assert len(response.context["page"].object_list) == 5

    IloInstrument.objects.all().delete()
    _criteria(45)
    large, response = _list_queries(officer_client)
    assert len(response.context["page"].object_list) == 25

    assert small == large


def test_list_shows_the_current_title_and_filters(officer_client, history_of_three):
    other = CriterionVersionFactory(criterion=CriterionFactory(code="SA-1", kind="self_assessment"), title_en="Hours")

    html = officer_client.get(reverse("criteria:list")).content.decode()
    assert "Human rights in the supply chain" in html  # v2's title, not the draft's
    assert "Draft wording" not in html

    html = officer_client.get(reverse("criteria:list"), {"kind": "self_assessment"}).content.decode()
    assert other.criterion.code in html and "CLA-1" not in html

    html = officer_client.get(reverse("criteria:list"), {"search": "hours"}).content.decode()
    assert "SA-1" in html and "CLA-1" not in html


def test_version_page_shows_history_of_the_version(officer_client, officer, history_of_three):
    v3 = history_of_three[2]
    officer_client.post(
        reverse("criteria:version_edit", args=[v3.public_id]), _version_post(v3, effective_from="2027-01-01")
    )

    response = officer_client.get(v3.get_absolute_url())

    assert response.status_code == 200
    assert response.context["history"][0]["who"] == officer
